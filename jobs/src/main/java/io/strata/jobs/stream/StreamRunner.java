package io.strata.jobs.stream;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.alert.RunAlerts;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.kafka.KafkaClientSettings;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.lake.LakeRootCheck;
import io.strata.jobs.lock.LockStore;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.stage.LockScope;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageLocks;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.SourceConfig;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code strata stream}: one Spark Structured Streaming query per Kafka source, each micro-batch
 * written to the raw layer (and through the process rules for entities with
 * {@code stream-process = true}), until SIGTERM, {@code --until-idle} or a failure. Each source's
 * ingest lock is held for the stream's life, so no batch run reads the same source meanwhile.
 */
public final class StreamRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRunner.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration FINISH_MICRO_BATCH = Duration.ofMinutes(5);

  /**
   * @param sources the sources to stream; empty: every Kafka source of the config
   * @param untilIdle stop once no source read a message for this long
   * @param logEvery how often the run log hears of each source
   */
  public record Options(List<String> sources, Duration trigger, Optional<Duration> untilIdle, Duration logEvery) {
    public Options {
      sources = List.copyOf(requireNonNull(sources, "sources is null"));
      requireNonNull(trigger, "trigger is null");
      requireNonNull(untilIdle, "untilIdle is null");
      requireNonNull(logEvery, "logEvery is null");
    }
  }

  private final PrintWriter out;
  private final Clock clock;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  public StreamRunner(PrintWriter out) {
    this(out, Clock.systemUTC());
  }

  StreamRunner(PrintWriter out, Clock clock) {
    this.out = requireNonNull(out, "out is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /** Asks the running stream to finish its current micro-batches and stop (what SIGTERM does); waits up to {@code wait}. */
  public boolean requestStop(Duration wait) throws InterruptedException {
    stopRequested.set(true);
    return stopped.await(wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  public int run(PipelineConfig config, Options options) {
    try {
      return stream(config, options);
    } finally {
      stopped.countDown();
    }
  }

  private int stream(PipelineConfig config, Options options) {
    Map<String, KafkaSourceConfig> sources = select(config, options.sources());
    Instant start = clock.instant();
    String runId = "stream-" + RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
    console(String.format("strata: pipeline '%s', stream of %s, run id %s", config.name(), String.join(", ", sources.keySet()), runId));
    console(String.format("strata: lake %s; trigger every %s%s; the run log hears of each source every %s", config.lake().layout().root(),
        ResultTable.format(options.trigger()), options.untilIdle().map(idle -> ", stopping after " + ResultTable.format(idle) + " without messages")
            .orElse(", until stopped (SIGTERM finishes the running micro-batch)"), ResultTable.format(options.logEvery())));
    SparkSession spark = SparkSessionFactory.create(config);
    LakeRootCheck.verify(config.lake().layout(), spark.sparkContext().hadoopConfiguration());
    StreamProgress progress = new StreamProgress(this::progress, clock);
    spark.streams().addListener(progress);
    LockStore lockStore = LockStore.forLake(config.lake().layout(), spark.sparkContext().hadoopConfiguration());
    SourceStateStore states = new SourceStateStore(config.lake().layout(), spark.sparkContext().hadoopConfiguration());
    RunLog lakeRunLog = new RunLog(spark, config.lake().layout());
    StreamRunLog runLog = new StreamRunLog(lakeRunLog, config.name(), runId, spark.sparkContext().applicationId());
    StreamProcessor processor = new StreamProcessor(config, spark, lakeRunLog, lockStore, runId, this::progress);
    List<StageLocks> locks = new ArrayList<>();
    Map<String, StreamingQuery> queries = new LinkedHashMap<>();
    Map<String, StreamCounts> counts = new LinkedHashMap<>();
    Optional<String> failure = Optional.empty();
    try {
      for (String name : sources.keySet()) {
        locks.add(StageLocks.acquire(lockStore, config, List.of(Stage.INGEST), new LockScope(Optional.of(name), Optional.empty()), runId,
            start, this::console));
      }
      for (KafkaSourceConfig source : sources.values()) {
        StreamCounts sourceCounts = new StreamCounts(start);
        counts.put(source.name(), sourceCounts);
        queries.put(source.name(), start(spark, config, source, states.latest(source.name()), options, sourceCounts, processor));
        console("stream " + source.name() + ": started (checkpoint " + config.lake().layout().streamCheckpoint(source.name()) + ")");
      }
      failure = await(queries, progress, runLog, counts, options);
    } finally {
      stopAll(queries);
      Instant end = clock.instant();
      counts.forEach((name, sourceCounts) -> {
        try {
          runLog.record(name, sourceCounts.drain(end), queries.containsKey(name) ? failureOf(queries.get(name)) : Optional.empty());
        } catch (RuntimeException e) {
          LOG.warn("cannot write the run log line of stream {}", name, e);
        }
      });
      commitOffsets(states, progress, sources.keySet(), runId);
      spark.streams().removeListener(progress);
      locks.forEach(StageLocks::close);
    }
    if (failure.isPresent()) {
      StrataException error = new StrataException(failure.get());
      alertFailure(config, runId, start, error, lakeRunLog, spark.sparkContext().applicationId());
      throw error;
    }
    console("strata: stream stopped after " + ResultTable.format(Duration.between(start, clock.instant())));
    return 0;
  }

  /**
   * A stream that stopped on a failure sends the {@code failure} alerts (stage {@code ingest}, as
   * the run log shows a stream), after its locks are released, and records the deliveries in the
   * run log. A stream that stops cleanly (a stop request, {@code --until-idle}) sends nothing:
   * it is a service, and its success is to keep running. Never fails beyond the failure itself.
   */
  private void alertFailure(PipelineConfig config, String runId, Instant start, StrataException error, RunLog runLog, String applicationId) {
    Instant end = clock.instant();
    LocalDate runDate = LocalDate.ofInstant(end, ZoneOffset.UTC);
    // Its long-running timers count from now, so none fires for a stream older than its limit: it has stopped.
    try (RunAlerts alerts = RunAlerts.start(config, runId, runDate, end, this::progress)) {
      alerts.stageFailed(Stage.INGEST, Duration.between(start, end), error);
      List<RunRecord> lines = alerts.drain().stream().map(delivery -> delivery.runRecord(runId, config.name(), runDate, applicationId)).toList();
      if (!lines.isEmpty()) {
        runLog.append(lines, clock.instant());
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.warn("cannot send the stream's failure alerts", e);
      progress("warning: the stream's failure alerts could not be sent (" + e.getClass().getSimpleName() + "); see the log file");
    }
  }

  private StreamingQuery start(SparkSession spark, PipelineConfig config, KafkaSourceConfig source, SourceState state, Options options,
      StreamCounts counts, StreamProcessor processor) {
    DataStreamReader reader = spark.readStream().format("kafka");
    KafkaClientSettings.sparkOptions(source).forEach(reader::option);
    if (source.topicPattern().isPresent()) {
      reader.option("subscribePattern", source.topicPattern().get());
    } else {
      reader.option("subscribe", String.join(",", source.topics()));
    }
    reader.option("startingOffsets", StreamStart.startingOffsets(source, state))
        .option("includeHeaders", "true")
        .option("failOnDataLoss", String.valueOf(!source.onDataLoss().equals("skip")));
    MicroBatchWriter writer = new MicroBatchWriter(spark, source, config.lake().layout(), this::progress, counts,
        (date, batchId) -> processor.process(source, date, batchId), clock);
    try {
      return reader.load().writeStream()
          .queryName(StreamProgress.queryName(source.name()))
          .option("checkpointLocation", config.lake().layout().streamCheckpoint(source.name()).uri())
          .trigger(Trigger.ProcessingTime(options.trigger().toMillis()))
          .foreachBatch(writer)
          .start();
    } catch (TimeoutException e) {
      throw new StrataException("stream " + source.name() + ": Spark did not start the streaming query: " + e.getMessage(), e);
    }
  }

  /** Waits for a stop: SIGTERM, {@code --until-idle}, or a query that failed (its message is returned). */
  private Optional<String> await(Map<String, StreamingQuery> queries, StreamProgress progress, StreamRunLog runLog,
      Map<String, StreamCounts> counts, Options options) {
    Instant lastLogged = clock.instant();
    while (true) {
      for (Map.Entry<String, StreamingQuery> query : queries.entrySet()) {
        if (!query.getValue().isActive()) {
          return Optional.of("stream " + query.getKey() + " failed: " + failureOf(query.getValue()).orElse("the query stopped")
              + ". The checkpoint " + "keeps its position: fix the cause and run strata stream again; no message is lost or read twice");
        }
      }
      if (stopRequested.get()) {
        console("strata: stop requested: finishing the running micro-batches");
        return Optional.empty();
      }
      Instant now = clock.instant();
      if (options.untilIdle().isPresent() && queries.keySet().stream()
          .allMatch(source -> Duration.between(progress.lastData(source), now).compareTo(options.untilIdle().get()) >= 0)) {
        console("strata: no new messages for " + ResultTable.format(options.untilIdle().get()) + ": stopping");
        return Optional.empty();
      }
      if (Duration.between(lastLogged, now).compareTo(options.logEvery()) >= 0) {
        counts.forEach((name, sourceCounts) -> runLog.record(name, sourceCounts.drain(now), Optional.empty()));
        lastLogged = now;
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** Lets a running micro-batch finish, then stops each query; a restart resumes from the checkpoint either way. */
  private void stopAll(Map<String, StreamingQuery> queries) {
    Instant deadline = clock.instant().plus(FINISH_MICRO_BATCH);
    for (Map.Entry<String, StreamingQuery> query : queries.entrySet()) {
      try {
        while (query.getValue().isActive() && query.getValue().status().isTriggerActive() && clock.instant().isBefore(deadline)) {
          Thread.sleep(POLL.toMillis());
        }
        query.getValue().stop();
      } catch (TimeoutException | RuntimeException e) {
        LOG.warn("stream {}: stopping the query failed", query.getKey(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The offsets the streams reached become the sources' state, so `state show` tells and a batch run would continue there. */
  private void commitOffsets(SourceStateStore states, StreamProgress progress, Iterable<String> sources, String runId) {
    for (String source : sources) {
      Map<String, Long> offsets = progress.offsets(source);
      if (offsets.isEmpty()) {
        continue;
      }
      try {
        SourceState before = states.latest(source);
        SourceState after = before;
        for (Map.Entry<String, Long> offset : offsets.entrySet()) {
          after = after.with(offset.getKey(), String.valueOf(offset.getValue()));
        }
        if (!after.equals(before)) {
          states.commitRun(source, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC), runId, before, after);
        }
      } catch (RuntimeException e) {
        LOG.warn("stream {}: cannot record the offsets reached in the source's state", source, e);
        console("warning: stream " + source + ": could not record the offsets reached in the source's state (" + e.getMessage() + ")");
      }
    }
  }

  private static Optional<String> failureOf(StreamingQuery query) {
    if (query.exception().isEmpty()) {
      return Optional.empty();
    }
    Throwable root = query.exception().get();
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return Optional.of(root instanceof StrataException ? root.getMessage() : root.getClass().getSimpleName() + ": " + root.getMessage());
  }

  private static Map<String, KafkaSourceConfig> select(PipelineConfig config, List<String> names) {
    Map<String, KafkaSourceConfig> selected = new LinkedHashMap<>();
    if (names.isEmpty()) {
      config.sources().values().stream().filter(KafkaSourceConfig.class::isInstance)
          .forEach(source -> selected.put(source.name(), (KafkaSourceConfig) source));
      if (selected.isEmpty()) {
        throw new StrataException("the config has no Kafka source to stream; strata stream reads sources of type = kafka");
      }
      return selected;
    }
    for (String name : names) {
      SourceConfig source = config.sources().get(name);
      if (source == null) {
        throw new StrataException("--source " + name + ": no such source in the config; sources: " + String.join(", ", config.sources().keySet()));
      }
      if (!(source instanceof KafkaSourceConfig kafka)) {
        throw new StrataException("--source " + name + ": is a " + source.type() + " source; strata stream reads Kafka sources only "
            + "(strata ingest reads the others)");
      }
      selected.put(name, kafka);
    }
    return selected;
  }

  private void console(String line) {
    synchronized (out) {
      out.println(line);
      out.flush();
    }
  }

  private void progress(String line) {
    console("  " + line);
  }
}
