package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * What one run reads: the range (a WHERE condition, empty for a whole snapshot), how Spark splits
 * it, and the watermark to store once the rows are safely written.
 *
 * @param condition the rows to read, in the source's SQL; empty means all rows
 * @param partitioning Spark's partitionColumn, bounds and count; empty means one partition
 * @param watermark the cursor to store next, empty when it does not change
 * @param emptyRange true when an incremental read found nothing new
 */
public record ReadPlan(Optional<String> condition, Optional<ReadPlan.SparkPartitioning> partitioning,
    Optional<CursorState> watermark, boolean emptyRange) {
  public ReadPlan {
    requireNonNull(condition, "condition is null");
    requireNonNull(partitioning, "partitioning is null");
    requireNonNull(watermark, "watermark is null");
  }

  /** The options of a parallel read, as Spark's JDBC source takes them. */
  public record SparkPartitioning(String column, int count, String lower, String upper) {
    public SparkPartitioning {
      requireNonNull(column, "column is null");
      requireNonNull(lower, "lower is null");
      requireNonNull(upper, "upper is null");
      if (count < 1) {
        throw new IllegalArgumentException("count must be at least 1, got " + count);
      }
    }
  }
}
