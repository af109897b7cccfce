package io.strata.jobs.fault;

import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;

/**
 * The kill point inside a Delta (or raw Parquet) write: {@value #POINT} is reached each time a
 * task finishes having written data files. A Delta write commits its {@code _delta_log} entry on
 * the driver only after its write job ends, so halting here leaves data files without a commit.
 * Spark delivers listener events asynchronously: the halt usually, not provably, lands before the
 * commit; either way the re-run must converge. Registered only when {@code STRATA_KILL_AT} names it.
 */
public final class DeltaWriteKill extends SparkListener {
  public static final String POINT = "delta.files-written";

  private DeltaWriteKill() {}

  public static void watch(SparkSession spark) {
    if (KillPoint.armed(POINT)) {
      spark.sparkContext().addSparkListener(new DeltaWriteKill());
    }
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    if (taskEnd.taskMetrics() != null && taskEnd.taskMetrics().outputMetrics().bytesWritten() > 0) {
      KillPoint.reached(POINT);
    }
  }
}
