package io.strata.jobs.model;

import java.util.HashMap;
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
import org.apache.spark.sql.execution.datasources.HadoopFsRelation;
import org.apache.spark.sql.execution.datasources.LogicalRelation;

/**
 * Whether a fact's source is unique on its grain by construction: its plan only selects and
 * filters the rows of one processed entity, and the grain columns are that entity's key columns
 * passed through unchanged (or a superset of them). A processed table holds one row per key (the
 * process stage deduplicates on it), so such a source needs no grain check: the check groups every
 * source row by the grain, a shuffle of the whole source that cost a large first build (6,000,000
 * order lines) a third of its time. Any other shape (a join, a union, an aggregate, a computed
 * grain column) is not proven and keeps the check.
 */
final class GrainProof {
  private GrainProof() {}

  /**
   * @param source the fact's source rows, before anything is held (the plan must reach the table)
   * @param entityKeys the key columns of each processed entity, by its table's location
   */
  static boolean uniqueByKey(Dataset<Row> source, List<String> grain, Map<String, List<String>> entityKeys) {
    LogicalPlan plan = source.queryExecution().analyzed();
    Map<ExprId, String> tracked = new HashMap<>();
    for (String column : grain) {
      Optional<Attribute> attribute = output(plan).stream().filter(candidate -> candidate.name().equals(column)).findFirst();
      if (attribute.isEmpty()) {
        return false;
      }
      tracked.put(attribute.get().exprId(), column);
    }
    while (true) {
      if (plan instanceof Project project) {
        Map<ExprId, String> below = new HashMap<>();
        for (NamedExpression expression : scala.jdk.javaapi.CollectionConverters.asJava(project.projectList())) {
          if (!tracked.containsKey(expression.exprId())) {
            continue;
          }
          Optional<AttributeReference> passed = passedThrough(expression);
          if (passed.isEmpty()) {
            return false;
          }
          below.put(passed.get().exprId(), tracked.get(expression.exprId()));
        }
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
        return isKeyOf(relation, tracked.keySet(), entityKeys);
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

  private static boolean isKeyOf(LogicalRelation relation, Set<ExprId> grain, Map<String, List<String>> entityKeys) {
    if (!(relation.relation() instanceof HadoopFsRelation files)) {
      return false;
    }
    List<Path> roots = scala.jdk.javaapi.CollectionConverters.asJava(files.location().rootPaths());
    if (roots.size() != 1) {
      return false;
    }
    List<String> key = entityKeys.get(normalized(roots.get(0).toString()));
    if (key == null || key.isEmpty()) {
      return false;
    }
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
