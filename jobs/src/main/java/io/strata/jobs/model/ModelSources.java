package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.StageContext;
import io.strata.layout.StrataException;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.ModelSource;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a dimension or fact reads: its processed entity, or its SQL over the processed entities,
 * each of which is a temporary view named after the entity.
 */
final class ModelSources {
  private final SparkSession spark;

  private ModelSources(SparkSession spark) {
    this.spark = requireNonNull(spark, "spark is null");
  }

  /** Registers every processed entity that exists as a view; a missing one fails only when read. */
  static ModelSources register(StageContext context) {
    for (EntityConfig entity : context.config().entities().values()) {
      String location = context.layout().processed(entity.name()).uri();
      if (DeltaTables.exists(context.spark(), location)) {
        context.spark().read().format("delta").load(location).createOrReplaceTempView(entity.name());
      } else {
        context.spark().catalog().dropTempView(entity.name());
      }
    }
    return new ModelSources(context.spark());
  }

  /** The rows of {@code source}; {@code key} is the config key of the table, for messages. */
  Dataset<Row> read(ModelSource source, String key) {
    if (source.entity().isPresent()) {
      String entity = source.entity().get();
      if (!spark.catalog().tableExists(entity)) {
        throw new StrataException(key + ".source: processed entity '" + entity + "' has no table yet; run the process stage first");
      }
      return spark.table(entity);
    }
    try {
      return spark.sql(source.sql().orElseThrow());
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes but undeclared
      if (!(e instanceof AnalysisException)) {
        throw e instanceof RuntimeException runtime ? runtime : new IllegalStateException(e);
      }
      throw new StrataException(key + ".sql: the query does not run: " + e.getMessage().lines().findFirst().orElse("")
          + ". Fix: select from processed entities by name (each is a view)", e);
    }
  }

  /** Fails naming {@code key} when {@code columns} are not all in {@code rows}. */
  static void require(Dataset<Row> rows, String key, List<String> columns) {
    Set<String> present = Set.of(rows.columns());
    for (String column : columns) {
      if (!present.contains(column)) {
        throw new StrataException(key + ": column '" + column + "' is not in the source; its columns are "
            + String.join(", ", Arrays.asList(rows.columns())) + ". Fix: select it in the source, or correct " + key);
      }
    }
  }
}
