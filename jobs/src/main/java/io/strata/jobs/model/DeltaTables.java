package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** Small questions about Delta tables at a lake location. */
final class DeltaTables {
  private DeltaTables() {}

  static boolean exists(SparkSession spark, String location) {
    return TableLog.exists(spark, location);
  }

  static long version(SparkSession spark, String location) {
    return TableLog.latestVersion(spark, location);
  }

  /** The table as it was at {@code version}: every read of one run sees the same state. */
  static Dataset<Row> at(SparkSession spark, String location, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location);
  }
}
