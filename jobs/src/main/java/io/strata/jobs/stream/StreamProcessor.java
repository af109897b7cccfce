package io.strata.jobs.stream;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.lock.LockStore;
import io.strata.jobs.lock.PipelineLockedException;
import io.strata.jobs.process.ProcessJob;
import io.strata.jobs.process.StandardPiiPolicy;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.StageRecorder;
import io.strata.jobs.stage.LockScope;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageLocks;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.KafkaSourceConfig;
import io.strata.layout.config.PipelineConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * The process rules on what a micro-batch landed, for the entities of its source that ask for them
 * ({@code stream-process = true}). It runs the process job itself under the entity's lock, taken
 * per micro-batch so a daily {@code strata run} can process the entity between two of them (a
 * micro-batch that finds the lock taken leaves its rows to that run or the next micro-batch), and
 * writes the one run-log line a process stage writes once its ledger moves. Not a whole pipeline
 * run per micro-batch: no stage start and end lines, no search for abandoned runs, no summary table.
 */
final class StreamProcessor {
  private final PipelineConfig config;
  private final SparkSession spark;
  private final RunLog runLog;
  private final LockStore locks;
  private final String streamRunId;
  private final Consumer<String> progress;

  StreamProcessor(PipelineConfig config, SparkSession spark, RunLog runLog, LockStore locks, String streamRunId, Consumer<String> progress) {
    this.config = requireNonNull(config, "config is null");
    this.spark = requireNonNull(spark, "spark is null");
    this.runLog = requireNonNull(runLog, "runLog is null");
    this.locks = requireNonNull(locks, "locks is null");
    this.streamRunId = requireNonNull(streamRunId, "streamRunId is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  /** Processes the entities of {@code source} that stream through the process rules; {@code batchId} names the micro-batch. */
  void process(KafkaSourceConfig source, LocalDate date, String batchId) {
    for (EntityConfig entity : config.entities().values()) {
      if (entity.source().equals(source.name()) && entity.streamProcess()) {
        process(entity, date, batchId);
      }
    }
  }

  private void process(EntityConfig entity, LocalDate date, String batchId) {
    // The micro-batch's own run id: the process line of a micro-batch Spark runs again after a crash keeps its identity.
    String runId = streamRunId + "-" + batchId.substring(batchId.lastIndexOf('-') + 1);
    Instant start = Instant.now();
    StageRecorder[] recorder = new StageRecorder[1];
    StageContext context = new StageContext(config, spark, date, runId, line -> progress.accept(line),
        result -> recorder[0].committed(result));
    recorder[0] = new StageRecorder(runLog, context);
    StageLocks held;
    try {
      held = StageLocks.acquire(locks, config, List.of(Stage.PROCESS), new LockScope(Optional.empty(), Optional.of(entity.name())), runId,
          start, line -> progress.accept(line));
    } catch (PipelineLockedException e) {
      // Another run processes the entity now (the daily run): it takes this micro-batch's rows too, or the next micro-batch does.
      progress.accept("entity " + entity.name() + ": not processed in this micro-batch: " + e.getMessage()
          + " (its raw rows stay, for that run or the next micro-batch)");
      return;
    }
    try (held) {
      List<StageResult> results = new ProcessJob(Optional.of(entity.name()), StandardPiiPolicy::of).run(context);
      long rows = results.stream().mapToLong(StageResult::rowsWritten).sum();
      progress.accept(String.format("entity %s: %s processed in %s", entity.name(), ResultTable.count(rows, "row"),
          ResultTable.format(Duration.between(start, Instant.now()))));
    } catch (RuntimeException e) {
      // The micro-batch fails and the stream stops; a restart writes the same raw batch again and processes it.
      recorder[0].failed(Stage.PROCESS, start, e);
      throw e;
    }
  }
}
