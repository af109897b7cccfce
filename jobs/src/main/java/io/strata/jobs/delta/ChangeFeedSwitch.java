package io.strata.jobs.delta;

import io.strata.layout.ModelWatermarks;
import org.apache.spark.sql.SparkSession;

/** Turns Delta's change data feed on for a table that was created without it (one metadata commit, once). */
public final class ChangeFeedSwitch {
  private ChangeFeedSwitch() {}

  /** Whether the table records its changes now. */
  public static boolean isOn(SparkSession spark, String location) {
    return "true".equalsIgnoreCase(TableLog.properties(spark, location).getOrDefault(ModelWatermarks.CHANGE_FEED_PROPERTY, "false"));
  }

  /** Turns the feed on unless it is on; returns true when this call turned it on. */
  public static boolean ensureOn(SparkSession spark, String location) {
    return TableLog.turnOn(spark, location, ModelWatermarks.CHANGE_FEED_PROPERTY);
  }
}
