package io.strata.jobs.stream;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.ingest.RawBatchWriter;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.kafka.KafkaMessages;
import io.strata.jobs.ingest.kafka.KafkaValues;
import io.strata.jobs.stage.ResultTable;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.VoidFunction2;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Writes each micro-batch of a source's stream as one raw batch, named after the stream and the
 * micro-batch ({@code stream-<query>-<n>}), then hands its date and batch id to {@code afterWrite} (which runs
 * the process rules where the entity asks for it). Spark re-runs a micro-batch its checkpoint did
 * not commit with the same messages and number, and the batch is then written again in the same
 * place, so a restart after a crash lands every message exactly once.
 */
final class MicroBatchWriter implements VoidFunction2<Dataset<Row>, Long> {
  private static final long serialVersionUID = 1L;
  /** Set by Spark on the thread that runs a streaming query's micro-batches. */
  private static final String QUERY_ID = "sql.streaming.queryId";

  private final transient SparkSession spark;
  private final transient KafkaSourceConfig source;
  private final transient LakeLayout layout;
  private final transient Consumer<String> progress;
  private final transient StreamCounts counts;
  private final transient BiConsumer<LocalDate, String> afterWrite;
  private final transient Clock clock;

  MicroBatchWriter(SparkSession spark, KafkaSourceConfig source, LakeLayout layout, Consumer<String> progress, StreamCounts counts,
      BiConsumer<LocalDate, String> afterWrite, Clock clock) {
    this.spark = requireNonNull(spark, "spark is null");
    this.source = requireNonNull(source, "source is null");
    this.layout = requireNonNull(layout, "layout is null");
    this.progress = requireNonNull(progress, "progress is null");
    this.counts = requireNonNull(counts, "counts is null");
    this.afterWrite = requireNonNull(afterWrite, "afterWrite is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public void call(Dataset<Row> batch, Long number) {
    Instant start = clock.instant();
    if (batch.isEmpty()) {
      return;
    }
    // Read from the brokers by the raw write; again for the quarantine only when that write counted malformed values.
    Dataset<Row> messages = KafkaMessages.shape(batch);
    String queryId = spark.sparkContext().getLocalProperty(QUERY_ID);
    String batchId = String.format("stream-%s-%010d", queryId == null ? "unknown" : queryId.substring(0, 8), number);
    LocalDate date = dateOf(batchId, LocalDate.ofInstant(start, ZoneOffset.UTC));
    KafkaValues.Separated separated = KafkaValues.separate(spark, source, messages);
    RawBatchWriter writer = new RawBatchWriter(spark, layout);
    Dataset<Row> records = separated.records();
    boolean nothing = records.columns().length == 1 && records.columns()[0].equals(SourceRead.ORIGIN);
    long written = nothing ? 0 : writer.writeBatch(source.name(), source.entity(), date, batchId, start, records).rows();
    long quarantined = 0;
    if (separated.quarantined().isPresent() && (nothing || separated.rejected().getAsLong() != 0)) {
      quarantined = writer.writeQuarantine(source.name(), date, batchId, start, separated.quarantined().get()).rows();
    }
    long read = written + quarantined;
    KillPoint.reached("stream.after-raw");
    counts.add(read, written, quarantined);
    progress.accept(String.format("stream %s: micro-batch %d: %s, %s written, %,d quarantined in %s (raw ingest_date=%s, batch_id=%s)",
        source.name(), number, ResultTable.count(read, "message"), ResultTable.count(written, "row"), quarantined,
        ResultTable.format(Duration.between(start, clock.instant())), date, batchId));
    afterWrite.accept(date, batchId);
    KillPoint.reached("stream.before-commit"); // Spark commits the micro-batch to the checkpoint once this returns
  }

  /**
   * The date of a micro-batch: today, unless an earlier attempt of the same micro-batch already
   * wrote it (yesterday, when a restart crossed midnight): then that date, so it is replaced.
   */
  private LocalDate dateOf(String batchId, LocalDate today) {
    for (LocalDate date : List.of(today, today.minusDays(1))) {
      for (var location : List.of(layout.rawBatch(source.name(), source.entity(), date, batchId),
          layout.quarantineBatch(Layer.RAW, source.name(), date, batchId))) {
        Path path = new Path(location.uri());
        try {
          if (path.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(path)) {
            return date;
          }
        } catch (IOException e) {
          throw new StrataException("cannot look for an earlier attempt of micro-batch " + batchId + " at " + location + ": " + e.getMessage(), e);
        }
      }
    }
    return today;
  }
}
