package io.strata.jobs.model;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;

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
}
