package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.StageContext;
import io.strata.layout.StrataException;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.ModelSource;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rows a dimension or fact reads: its processed entity, or its SQL over the processed entities,
 * each of which is a temporary view named after the entity. Every entity is pinned at the version
 * it had when the stage started, so all tables of one run see the same processed state, and the
 * watermark a table commits is the version it read.
 */
final class ModelSources {
  private final SparkSession spark;
  private final Map<String, Long> versions;
  private final Map<String, String> locations;

  private ModelSources(SparkSession spark, Map<String, Long> versions, Map<String, String> locations) {
    this.spark = requireNonNull(spark, "spark is null");
    this.versions = Map.copyOf(versions);
    this.locations = Map.copyOf(locations);
  }

  /** Registers every processed entity that exists as a view; a missing one fails only when read. */
  static ModelSources register(StageContext context) {
    Map<String, Long> versions = new LinkedHashMap<>();
    Map<String, String> locations = new LinkedHashMap<>();
    for (EntityConfig entity : context.config().entities().values()) {
      String location = context.layout().processed(entity.name()).uri();
      locations.put(entity.name(), location);
      if (TableLog.exists(context.spark(), location)) {
        long version = TableLog.latestVersion(context.spark(), location);
        versions.put(entity.name(), version);
        DeltaTables.at(context.spark(), location, version).createOrReplaceTempView(entity.name());
      } else {
        context.spark().catalog().dropTempView(entity.name());
      }
    }
    return new ModelSources(context.spark(), versions, locations);
  }

  /** The version each existing processed entity was pinned at. */
  Map<String, Long> versions() {
    return versions;
  }

  String location(String entity) {
    return locations.get(entity);
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
    return sql(source.sql().orElseThrow(), key);
  }

  /**
   * The rows of {@code source} with {@code entity} replaced by {@code rows} (its changed rows):
   * what the source makes of the change alone. Held in memory, so the view can be put back.
   */
  Dataset<Row> readWith(ModelSource source, String key, String entity, Dataset<Row> rows) {
    if (source.entity().isPresent()) {
      return rows;
    }
    rows.createOrReplaceTempView(entity);
    try {
      return sql(source.sql().orElseThrow(), key).localCheckpoint();
    } finally {
      DeltaTables.at(spark, locations.get(entity), versions.get(entity)).createOrReplaceTempView(entity);
    }
  }

  private Dataset<Row> sql(String query, String key) {
    try {
      return spark.sql(query);
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
