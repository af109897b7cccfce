package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.lit;

import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import java.io.IOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes one source's read into the raw layer as a Parquet batch
 * ({@code raw/<source>/<entity>/ingest_date=<run date>/batch_id=<run id>/}), with the metadata
 * columns on every row. A run date has one batch per source: once the new batch is complete,
 * the batches earlier attempts left for the same date are removed, so a re-run replaces and
 * never appends.
 */
public final class RawBatchWriter {
  public static final String INGESTED_AT = "_ingested_at";
  public static final String SOURCE = "_source";
  public static final String BATCH_ID = "_batch_id";
  public static final String RUN_DATE = "_run_date";
  /** The marker Spark's output committer writes into a completed job's folder; process reads only such batches. */
  public static final String SUCCESS_MARKER = "_SUCCESS";
  private static final String MARK_SUCCESSFUL_JOBS = "mapreduce.fileoutputcommitter.marksuccessfuljobs";

  private final SparkSession spark;
  private final LakeLayout layout;

  public RawBatchWriter(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.layout = requireNonNull(layout, "layout is null");
  }

  /** The rows of a batch or quarantine batch, counted from what was written. */
  /** @param bytes the size of the batch's files in the lake */
  public record Written(LakeLocation location, long rows, long bytes) {}

  public Written writeQuarantine(String source, LocalDate runDate, String batchId, Instant ingestedAt, Dataset<Row> quarantined) {
    LakeLocation location = layout.quarantineBatch(Layer.RAW, source, runDate, batchId);
    return write(withMetadata(quarantined, source, runDate, batchId, ingestedAt), location, true);
  }

  public Written writeBatch(String source, String entity, LocalDate runDate, String batchId, Instant ingestedAt, Dataset<Row> records) {
    return writeBatch(source, entity, runDate, batchId, ingestedAt, records, true);
  }

  /**
   * @param complete false to leave the batch without Spark's {@code _SUCCESS} marker, which process
   *     waits for: {@link #markComplete} adds it once the batch is known to stand
   */
  public Written writeBatch(String source, String entity, LocalDate runDate, String batchId, Instant ingestedAt, Dataset<Row> records,
      boolean complete) {
    LakeLocation location = layout.rawBatch(source, entity, runDate, batchId);
    return write(withMetadata(records, source, runDate, batchId, ingestedAt), location, complete);
  }

  /** Marks a batch written with {@code complete = false} complete: process reads it from now on. */
  public void markComplete(String source, String entity, LocalDate runDate, String batchId) {
    Path marker = new Path(layout.rawBatch(source, entity, runDate, batchId).uri(), SUCCESS_MARKER);
    try {
      marker.getFileSystem(spark.sparkContext().hadoopConfiguration()).create(marker, true).close();
    } catch (IOException e) {
      throw new StrataException("cannot mark " + marker.getParent() + " complete: " + e.getMessage() + ". Fix: check lake.root and its permissions", e);
    }
  }

  /**
   * Removes a batch of this run, e.g. one written before the reader knew it had to be written
   * otherwise, and the folders of its date, entity and source that it leaves empty.
   */
  public void removeBatch(String source, String entity, LocalDate runDate, String batchId) {
    Path batch = new Path(layout.rawBatch(source, entity, runDate, batchId).uri());
    try {
      FileSystem fs = batch.getFileSystem(spark.sparkContext().hadoopConfiguration());
      fs.delete(batch, true);
      Path folder = batch.getParent();
      for (int level = 0; level < 3 && fs.exists(folder) && fs.listStatus(folder).length == 0; level++) {
        fs.delete(folder, false);
        folder = folder.getParent();
      }
    } catch (IOException e) {
      throw new StrataException("cannot remove " + batch + ": " + e.getMessage(), e);
    }
  }

  /** Removes the batches of {@code runDate} other than {@code keepBatchId}: what earlier attempts of this date wrote. */
  public int removeOtherBatches(String source, String entity, LocalDate runDate, String keepBatchId) {
    return removeSiblings(layout.rawBatch(source, entity, runDate, keepBatchId))
        + removeSiblings(layout.quarantineBatch(Layer.RAW, source, runDate, keepBatchId));
  }

  private static Dataset<Row> withMetadata(Dataset<Row> rows, String source, LocalDate runDate, String batchId, Instant ingestedAt) {
    return rows
        .withColumn(INGESTED_AT, lit(Timestamp.from(ingestedAt)))
        .withColumn(SOURCE, lit(source))
        .withColumn(BATCH_ID, lit(batchId))
        .withColumn(RUN_DATE, lit(Date.valueOf(runDate)));
  }

  private Written write(Dataset<Row> rows, LakeLocation location, boolean complete) {
    // The rows are counted as the write's tasks write them: reading the batch back to count it took two more Spark jobs.
    org.apache.spark.sql.Observation written = new org.apache.spark.sql.Observation();
    try {
      // Write options reach the job's Hadoop configuration, which the output committer reads. Raw
      // values are mostly text of many distinct values: Parquet's dictionary encoding tried (and
      // mostly abandoned) per column cost a fifth of a CSV ingest, and zstd without it stores them
      // smaller than snappy with it (6,000,000 order lines: 120 MB to 89 MB) and reads back faster.
      rows.observe(written, org.apache.spark.sql.functions.count(lit(1)).as("rows")).write().mode(SaveMode.Overwrite)
          .option(MARK_SUCCESSFUL_JOBS, String.valueOf(complete)).option("parquet.enable.dictionary", "false")
          .option("compression", "zstd").parquet(location.uri());
    } catch (RuntimeException e) {
      throw new StrataException("cannot write " + location + ": " + rootMessage(e) + ". Fix: check lake.root and its permissions", e);
    }
    if (!complete) {
      // Process reads only marked batches: a committer that marks every job it commits must not make this one visible yet.
      removeMarker(location);
    }
    return new Written(location, rowsWritten(written, location), size(location));
  }

  /** The count the write observed; should Spark not report it, the batch as read back. */
  private long rowsWritten(org.apache.spark.sql.Observation written, LakeLocation location) {
    return io.strata.jobs.spark.ObservedMetrics.await(written, location.toString(),
        () -> org.apache.spark.sql.RowFactory.create(spark.read().parquet(location.uri()).count())).getLong(0);
  }

  private void removeMarker(LakeLocation location) {
    Path marker = new Path(location.uri(), SUCCESS_MARKER);
    try {
      FileSystem fs = marker.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (fs.exists(marker)) {
        fs.delete(marker, false);
      }
    } catch (IOException e) {
      throw new StrataException("cannot remove " + marker + " before its batch is checked: " + e.getMessage(), e);
    }
  }

  private long size(LakeLocation location) {
    Path path = new Path(location.uri());
    try {
      return path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
    } catch (IOException e) {
      throw new StrataException("cannot measure " + location + ": " + e.getMessage(), e);
    }
  }

  private int removeSiblings(LakeLocation keep) {
    Path kept = new Path(keep.uri());
    Path date = kept.getParent();
    try {
      FileSystem fs = date.getFileSystem(spark.sparkContext().hadoopConfiguration());
      if (!fs.exists(date)) {
        return 0;
      }
      int removed = 0;
      for (FileStatus batch : fs.listStatus(date)) {
        if (batch.isDirectory() && !batch.getPath().getName().equals(kept.getName())) {
          fs.delete(batch.getPath(), true);
          removed++;
        }
      }
      return removed;
    } catch (IOException e) {
      throw new StrataException("cannot remove earlier batches under " + date + ": " + e.getMessage(), e);
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
  }
}
