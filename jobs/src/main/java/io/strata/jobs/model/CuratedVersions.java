package io.strata.jobs.model;

import io.strata.layout.LakeLayout;
import java.util.HashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Curated tables as they were at given versions, each resolved once per model run: resolving a
 * Delta version replays the table's log, and the aggregates read the same versions many times.
 */
final class CuratedVersions {
  private final SparkSession spark;
  private final LakeLayout layout;
  private final Map<String, Dataset<Row>> resolved = new HashMap<>();

  CuratedVersions(SparkSession spark, LakeLayout layout) {
    this.spark = spark;
    this.layout = layout;
  }

  Dataset<Row> at(String table, long version) {
    return resolved.computeIfAbsent(table + "@" + version, key -> DeltaTables.at(spark, layout.curated(table).uri(), version));
  }
}
