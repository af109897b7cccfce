package io.strata.jobs.delta;

import io.delta.tables.DeltaTable;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;

/** What a Delta table's log says about it, read without a Spark job. */
public final class TableLog {
  private TableLog() {}

  /** Whether a Delta table is at {@code location}; an unreachable or empty location holds none yet. */
  public static boolean exists(SparkSession spark, String location) {
    try {
      return DeltaTable.isDeltaTable(spark, location);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * The table's latest version, from its log's listing and last commit file: unlike a query of the
   * history, no Spark job (the model and export ask this of every table they read).
   */
  public static long latestVersion(SparkSession spark, String location) {
    return DeltaLog.forTableWithSnapshot(spark, location)._2().version();
  }

  /**
   * The table's properties ({@code TBLPROPERTIES}) at its latest version, from the log's metadata:
   * unlike {@code DeltaTable.detail()}, which also counts the table's files and so rebuilds its
   * snapshot state with a query (seconds in a fresh JVM), no Spark job.
   */
  public static java.util.Map<String, String> properties(SparkSession spark, String location) {
    return scala.jdk.javaapi.CollectionConverters.asJava(DeltaLog.forTableWithSnapshot(spark, location)._2().metadata().configuration());
  }

  /**
   * Sets a boolean table property to true unless the log says it is (one metadata commit, once);
   * returns true when this call set it.
   */
  public static boolean turnOn(SparkSession spark, String location, String property) {
    if ("true".equalsIgnoreCase(properties(spark, location).getOrDefault(property, "false"))) {
      return false;
    }
    spark.sql("ALTER TABLE delta.`" + location.replace("`", "``") + "` SET TBLPROPERTIES ('" + property + "' = 'true')");
    return true;
  }
}
