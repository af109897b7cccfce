package io.strata.jobs.model;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/** Small questions about Delta tables at a lake location. */
final class DeltaTables {
  private DeltaTables() {}

  static boolean exists(SparkSession spark, String location) {
    try {
      return DeltaTable.isDeltaTable(spark, location);
    } catch (RuntimeException e) {
      return false; // an unreachable or empty location holds no table yet
    }
  }

  /**
   * The table's latest version, from its log's listing and last commit file: unlike a query of the
   * history, no Spark job (the model asks this of every table it reads, many times a run).
   */
  static long version(SparkSession spark, String location) {
    return DeltaLog.forTableWithSnapshot(spark, location)._2().version();
  }

  /** The table as it was at {@code version}: every read of one run sees the same state. */
  static Dataset<Row> at(SparkSession spark, String location, long version) {
    return spark.read().format("delta").option("versionAsOf", version).load(location);
  }
}
