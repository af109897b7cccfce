package io.strata.jobs.model;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** A Delta table read at one version (whether one exists, and its latest version: {@link io.strata.jobs.delta.TableLog}). */
final class DeltaTables {
  private DeltaTables() {}

  /** The table as it was at {@code version}: every read of one run sees the same state. */
  static Dataset<Row> at(SparkSession spark, String location, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location);
  }
}
