package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.ResultTable;
import java.sql.Date;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.SparkSession;

/**
 * Deletes the rows of a Delta table whose date column is older than the retention window: the
 * run log and quality results by {@code run_date}, quarantine tables by {@code ingest_date}.
 * A DELETE is one Delta commit, retried when a running pipeline committed first.
 */
final class DeltaRowExpiry {
  private final SparkSession spark;
  private final CommitRetry retry;
  private final boolean dryRun;

  DeltaRowExpiry(SparkSession spark, CommitRetry retry, boolean dryRun) {
    this.spark = requireNonNull(spark, "spark is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.dryRun = dryRun;
  }

  /** Returns false when the table was left alone because the commit kept conflicting. */
  boolean expire(LakeInventory.Area table, String dateColumn, RetentionWindow window, AreaReport report) {
    DeltaTable delta = DeltaTable.forPath(spark, table.location().uri());
    if (!Arrays.asList(delta.toDF().columns()).contains(dateColumn)) {
      report.progress("no " + dateColumn + " column; rows are kept");
      return true;
    }
    Column expired = col(dateColumn).lt(lit(Date.valueOf(window.cutoff())));
    long rows = delta.toDF().filter(expired).count();
    report.put("rows_expired", rows);
    if (rows == 0) {
      report.progress("no rows with " + dateColumn + " before " + window.cutoff());
      return true;
    }
    if (dryRun) {
      report.progress(String.format("would delete %s with %s before %s", ResultTable.count(rows, "row"), dateColumn, window.cutoff()));
      return true;
    }
    boolean done = retry.run(() -> {
      DeltaTable.forPath(spark, table.location().uri()).delete(expired);
      return true;
    }).isPresent();
    if (!done) {
      report.put("rows_expired", 0);
      report.warn("rows before " + window.cutoff() + " not deleted: concurrent commits kept conflicting; the next maintain run deletes them");
      return false;
    }
    report.progress(String.format("%s with %s before %s deleted", ResultTable.count(rows, "row"), dateColumn, window.cutoff()));
    return true;
  }
}
