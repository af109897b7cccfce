package io.strata.jobs.spark;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;

/**
 * Marks a run's changed rows for broadcast where they are joined with a whole table (a processed
 * table, a dimension, a fact source). Spark cannot size a checkpointed or derived change set, so
 * it plans a sort-merge join and shuffles the whole table to meet a few thousand rows: on the scale
 * benchmark's day 2, five shuffles of 1,000,000 rows and one of 5,000,000. Broadcast, the change
 * is sent to each task once and the table is only scanned. A change too large to broadcast safely
 * (a first load, a full refresh) is left to Spark's own plan.
 */
public final class ChangeBroadcast {
  /**
   * Estimated bytes under which the change is broadcast. The estimate is the row count times
   * Spark's default column sizes (20 bytes for a string), which undercounts long strings, so the
   * limit is well under what a driver holds: 16 MiB estimated is about 100,000 rows of twenty columns.
   */
  static final long MAX_ESTIMATED_BYTES = 16L << 20;

  private ChangeBroadcast() {}

  /** {@code rows}, marked for broadcast when {@code count} of them are small enough; unmarked otherwise. */
  public static Dataset<Row> ifSmall(Dataset<Row> rows, long count) {
    return isSmall(count, rows.schema().defaultSize()) ? functions.broadcast(rows) : rows;
  }

  static boolean isSmall(long count, long rowBytes) {
    return count >= 0 && count <= MAX_ESTIMATED_BYTES / Math.max(rowBytes, 1);
  }
}
