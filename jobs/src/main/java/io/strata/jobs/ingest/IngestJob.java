package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.failure.KnownFailure;
import io.strata.jobs.failure.KnownFailures;
import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.ingest.file.FileSourceReader;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.ingest.state.StateHistory;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.StrataException;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.SourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: each configured source (or the one named by {@code --source}) is read and
 * written to the raw layer as one batch for the run date; its state advances only after the
 * batch is written. Sources are independent: one failing source fails the stage with its name,
 * and the batches the others committed stay.
 */
public final class IngestJob implements StageJob {
  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private final Optional<String> onlySource;
  private final Map<String, SourceReader<? extends SourceConfig>> readers;

  public IngestJob(Optional<String> onlySource, Map<String, SourceReader<? extends SourceConfig>> readers) {
    this.onlySource = requireNonNull(onlySource, "onlySource is null");
    this.readers = Map.copyOf(requireNonNull(readers, "readers is null"));
  }

  /** The readers this build of Strata has, by source type. */
  public static Map<String, SourceReader<? extends SourceConfig>> standardReaders() {
    Map<String, SourceReader<? extends SourceConfig>> readers = new HashMap<>();
    readers.put("file", new FileSourceReader());
    readers.put("jdbc", new io.strata.jobs.ingest.jdbc.JdbcSourceReader());
    readers.put("rest", new io.strata.jobs.ingest.rest.RestSourceReader());
    readers.put("kafka", new io.strata.jobs.ingest.kafka.KafkaSourceReader());
    return readers;
  }

  @Override
  public List<StageResult> run(StageContext context) {
    Map<String, SourceConfig> sources = selectSources(context);
    if (sources.isEmpty()) {
      context.progress().accept("no sources configured: add a sources { ... } section to the config");
      return List.of();
    }
    SourceStateStore states = new SourceStateStore(context.layout(), context.spark().sparkContext().hadoopConfiguration());
    RawBatchWriter writer = new RawBatchWriter(context.spark(), context.layout());
    List<StageResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<Exception> errors = new ArrayList<>();
    for (SourceConfig source : sources.values()) {
      context.progress().accept("source " + source.name() + " (" + source.type() + ") ...");
      try {
        StageResult result = ingest(context, source, states, writer);
        results.add(result);
        String summary = String.format("source %s: %s written, %,d quarantined", source.name(), ResultTable.count(result.rowsWritten(), "row"),
            result.rowsQuarantined());
        LOG.info("run {}: {} {}", context.runId(), summary, result.metrics());
        context.progress().accept(summary);
      } catch (Exception e) { // Spark's AnalysisException and SparkException are checked, and thrown undeclared
        if (e instanceof StrataException) {
          LOG.warn("source {} failed: {}", source.name(), e.getMessage());
        } else {
          LOG.error("source {} failed", source.name(), e);
        }
        String message = e instanceof StrataException ? e.getMessage() : KnownFailures.explain(e).map(KnownFailure::message)
            .orElseGet(() -> e.getClass().getSimpleName() + ": " + RawBatchWriter.rootMessage(e));
        errors.add(e);
        failures.put(source.name(), message);
        context.progress().accept("source " + source.name() + " FAILED: " + message);
      }
    }
    if (!failures.isEmpty()) {
      StringBuilder message = new StringBuilder("ingest failed for ")
          .append(failures.size() == 1 ? "source " : "sources ").append(String.join(", ", failures.keySet()));
      failures.forEach((name, reason) -> message.append(System.lineSeparator()).append("  - ").append(name).append(": ").append(reason));
      if (!results.isEmpty()) {
        message.append(System.lineSeparator()).append("  the batches of ")
            .append(String.join(", ", results.stream().map(StageResult::target).toList())).append(" are committed");
      }
      throw new TargetsFailedException(message.toString(), results, failures, errors);
    }
    return results;
  }

  private Map<String, SourceConfig> selectSources(StageContext context) {
    Map<String, SourceConfig> all = context.config().sources();
    if (onlySource.isEmpty()) {
      return all;
    }
    SourceConfig source = all.get(onlySource.get());
    if (source == null) {
      throw new StrataException("--source " + onlySource.get() + ": no such source in the config; sources: "
          + (all.isEmpty() ? "(none)" : String.join(", ", all.keySet())));
    }
    return Map.of(source.name(), source);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private StageResult ingest(StageContext context, SourceConfig source, SourceStateStore states, RawBatchWriter writer) {
    Instant start = Instant.now();
    SourceReader reader = readers.get(source.type());
    if (reader == null) {
      throw new StrataException("sources." + source.name() + ": type '" + source.type() + "' is not supported by this build of Strata yet");
    }
    StateHistory history = states.history(source.name());
    SourceState before = history.previousFor(context.runDate());
    SourceRead read = reader.read(new IngestRequest(context.spark(), source, context.runDate(), before, history.latest(),
        history.committedBy(context.runDate())));

    String batchId = context.runId();
    Written written = write(context, source, reader, writer, read, batchId, start);
    if (read.recheck().isPresent() && written.rows() >= 0) {
      Optional<SourceRead> instead = read.recheck().get().get();
      if (instead.isPresent()) {
        LOG.info("source {}: malformed records or files that may not have decoded; writing the batch again with its quarantine", source.name());
        writer.removeBatch(source.name(), source.entity(), context.runDate(), batchId);
        read = instead.get();
        written = write(context, source, reader, writer, read, batchId, start);
      } else {
        KillPoint.reached("ingest.before-complete");
        writer.markComplete(source.name(), source.entity(), context.runDate(), batchId);
      }
    }
    writer.removeOtherBatches(source.name(), source.entity(), context.runDate(), batchId);
    KillPoint.reached("ingest.before-ledger");
    states.commitRun(source.name(), context.runDate(), context.runId(), before, read.next());
    read.records().unpersist();
    Map<String, Long> metrics = new LinkedHashMap<>(read.metrics());
    metrics.put("raw_bytes", written.rawBytes());
    long rows = Math.max(written.rows(), 0);
    return new StageResult(Stage.INGEST, source.name(), rows + written.quarantined(), rows, written.quarantined(),
        Duration.between(start, Instant.now()), metrics);
  }

  /**
   * @param rows the batch's rows; -1 when the read held no records (no batch written)
   * @param rawBytes the batch's size in the lake
   */
  private record Written(long rows, long quarantined, long rawBytes) {}

  /** Writes a read's quarantine and batch; a read with a recheck leaves its batch incomplete. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Written write(StageContext context, SourceConfig source, SourceReader reader, RawBatchWriter writer, SourceRead read,
      String batchId, Instant start) {
    long quarantined = 0;
    if (read.quarantined().isPresent() && read.rejectedAfterWrite().isEmpty()) {
      quarantined = writer.writeQuarantine(source.name(), context.runDate(), batchId, start, read.quarantined().get()).rows();
      long allowed = source instanceof FileSourceConfig file ? file.maxBadRecords() : Long.MAX_VALUE;
      if (quarantined > allowed) {
        throw new StrataException(String.format("%,d malformed records, more than sources.%s.max-bad-records = %,d; they are in %s. "
            + "Fix the files, or raise max-bad-records", quarantined, source.name(), allowed,
            context.layout().quarantineBatch(io.strata.layout.Layer.RAW, source.name(), context.runDate(), batchId)));
      }
    }
    long rows = -1;
    long rawBytes = 0;
    Dataset<Row> records = read.records();
    // A reader that found no records (no new files, or only empty ones) returns the origin column alone.
    boolean nothingRead = records.columns().length == 1 && records.columns()[0].equals(SourceRead.ORIGIN);
    if (!nothingRead) {
      RawBatchWriter.Written batch;
      try {
        batch = writer.writeBatch(source.name(), source.entity(), context.runDate(), batchId, start, records, read.recheck().isEmpty());
      } catch (StrataException e) {
        throw e;
      } catch (Exception e) { // the lazy read may fail here, e.g. with Spark's SparkException (checked, thrown undeclared)
        Optional<StrataException> explained = reader.explainLateFailure(source, e);
        if (explained.isPresent()) {
          throw explained.get();
        }
        throw e;
      }
      rows = batch.rows();
      rawBytes = batch.bytes();
    }
    if (read.quarantined().isPresent() && read.rejectedAfterWrite().isPresent()
        && (nothingRead || read.rejectedAfterWrite().get().getAsLong() != 0)) {
      quarantined = writer.writeQuarantine(source.name(), context.runDate(), batchId, start, read.quarantined().get()).rows();
    }
    return new Written(rows, quarantined, rawBytes);
  }
}
