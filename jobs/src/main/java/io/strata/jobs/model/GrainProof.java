package io.strata.jobs.model;

import io.strata.layout.ProcessedTableKey;
import io.strata.layout.config.EntityConfig;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.Alias;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.ExprId;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.plans.logical.Filter;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.Project;
import org.apache.spark.sql.catalyst.plans.logical.SubqueryAlias;
import org.apache.spark.sql.catalyst.plans.logical.View;
import org.apache.spark.sql.delta.files.TahoeFileIndex;
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;

/**
 * Whether a fact's source is unique on its grain by construction: its plan only selects and
 * filters the rows of one processed entity, and the grain columns are that entity's key columns
 * passed through unchanged (or a superset of them). A processed table holds one row per key (the
 * process stage deduplicates on it), provided it was built on the key the config names now
 * ({@link ProcessedTableKey}: a table built on another key, or by an earlier Strata, is not
 * trusted), so such a source needs no grain check: the check groups every
 * source row by the grain, a shuffle of the whole source that cost a large first build (6,000,000
 * order lines) a third of its time. Any other shape (a join, a union, an aggregate, a computed
 * grain column) is not proven and keeps the check.
 */
final class GrainProof {
  private GrainProof() {}

  /**
   * @param source the fact's source rows, before anything is held (the plan must reach the table)
   * @param entities each processed entity, by its table's location
   */
  static boolean uniqueByKey(Dataset<Row> source, List<String> grain, Map<String, EntityConfig> entities) {
    LogicalPlan plan = source.queryExecution().analyzed();
    // The grain columns, followed down the plan by the attributes they come from.
    Set<ExprId> tracked = new HashSet<>();
    for (String column : grain) {
      Optional<Attribute> attribute = output(plan).stream().filter(candidate -> candidate.name().equals(column)).findFirst();
      if (attribute.isEmpty()) {
        return false;
      }
      tracked.add(attribute.get().exprId());
    }
    while (true) {
      if (plan instanceof Project project) {
        Set<ExprId> below = new HashSet<>();
        for (NamedExpression expression : scala.jdk.javaapi.CollectionConverters.asJava(project.projectList())) {
          if (!tracked.contains(expression.exprId())) {
            continue;
          }
          Optional<AttributeReference> passed = passedThrough(expression);
          if (passed.isEmpty()) {
            return false;
          }
          below.add(passed.get().exprId());
        }
        // Two grain columns from one attribute are not the key's columns.
        if (below.size() != tracked.size()) {
          return false;
        }
        tracked = below;
        plan = project.child();
      } else if (plan instanceof Filter filter) {
        plan = filter.child();
      } else if (plan instanceof SubqueryAlias alias) {
        plan = alias.child();
      } else if (plan instanceof View view) {
        plan = view.child();
      } else if (plan instanceof LogicalRelation relation) {
        return isKeyOf(relation, tracked, entities);
      } else {
        return false;
      }
    }
  }

  /** The column an output expression passes through: itself, or the attribute it renames. */
  private static Optional<AttributeReference> passedThrough(NamedExpression expression) {
    if (expression instanceof AttributeReference attribute) {
      return Optional.of(attribute);
    }
    if (expression instanceof Alias alias && alias.child() instanceof AttributeReference attribute) {
      return Optional.of(attribute);
    }
    return Optional.empty();
  }

  private static boolean isKeyOf(LogicalRelation relation, Set<ExprId> grain, Map<String, EntityConfig> entities) {
    if (!(relation.relation() instanceof HadoopFsRelation files) || !(files.location() instanceof TahoeFileIndex table)) {
      return false;
    }
    EntityConfig entity = entities.get(normalized(table.path().toString()));
    if (entity == null || entity.key().isEmpty()) {
      return false;
    }
    // The key the table was built on, as process recorded it in the version read.
    scala.Option<String> recorded = table.metadata().configuration().get(ProcessedTableKey.PROPERTY);
    if (recorded.isEmpty() || !recorded.get().equals(ProcessedTableKey.statisticsColumns(entity))) {
      return false;
    }
    List<String> key = entity.key();
    Set<String> columns = new HashSet<>();
    for (Attribute attribute : output(relation)) {
      if (grain.contains(attribute.exprId())) {
        columns.add(attribute.name());
      }
    }
    return columns.size() == grain.size() && columns.containsAll(key);
  }

  private static List<Attribute> output(LogicalPlan plan) {
    return scala.jdk.javaapi.CollectionConverters.asJava(plan.output());
  }

  /** A table location as Hadoop prints a path: {@code file:/x} for {@code file:///x}, no trailing slash. */
  static String normalized(String location) {
    return new Path(location).toString();
  }
}
