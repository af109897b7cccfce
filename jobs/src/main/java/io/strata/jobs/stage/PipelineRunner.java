package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.alert.RunAlerts;
import io.strata.jobs.catalog.CatalogRegistrar;
import io.strata.jobs.export.WarehouseRunLogSink;
import io.strata.jobs.fault.DeltaWriteKill;
import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.lake.LakeRootCheck;
import io.strata.jobs.lineage.RunLineage;
import io.strata.jobs.metrics.RunMetrics;
import io.strata.jobs.metrics.RunMetricsPublisher;
import io.strata.jobs.lock.LockStore;
import io.strata.jobs.runlog.AbandonedRuns;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.runlog.StageRecorder;
import io.strata.jobs.spark.SmallDataSettings;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a slice of the pipeline for one run date: checks that every stage exists before Spark
 * starts, checks the lake root, takes the run's locks (or stops, when another run holds one),
 * marks the stages that dead runs left RUNNING as ABANDONED, runs the stages in order and prints
 * what each did, and releases the locks at the end, also when a stage fails.
 */
public final class PipelineRunner {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineRunner.class);
  private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

  private final PrintWriter out;
  private final StageJobs jobs;


  public PipelineRunner(PrintWriter out, StageJobs jobs) {
    this.out = requireNonNull(out, "out is null");
    this.jobs = requireNonNull(jobs, "jobs is null");
  }

  /** Returns the exit code; failures a user can fix are thrown as {@code StrataException}. */
  public int run(PipelineConfig config, List<Stage> stages, LocalDate runDate) {
    execute(config, stages, runDate);
    return 0;
  }

  /** Runs {@code stages} for {@code runDate} and returns what they did; a failed stage throws. */
  public PipelineRun execute(PipelineConfig config, List<Stage> stages, LocalDate runDate) {
    List<StageJob> toRun = stages.stream().map(jobs::require).toList();
    Instant start = Instant.now();
    String runId = RUN_ID_TIME.format(start) + "-" + UUID.randomUUID().toString().substring(0, 8);
    out.printf("strata: pipeline '%s', run date %s, run id %s%n", config.name(), runDate, runId);
    out.printf("strata: lake %s%n", config.lake().layout().root());
    out.flush();
    LOG.info("run {} of pipeline {} for {}: stages {}; effective settings (secrets as references):{}{}", runId, config.name(),
        runDate, stages, System.lineSeparator(), String.join(System.lineSeparator(), config.describe()));

    SparkSession spark = SparkSessionFactory.create(config);
    DeltaWriteKill.watch(spark);
    LakeRootCheck.verify(config.lake().layout(), spark.sparkContext().hadoopConfiguration());
    StageRecorder[] recorderOf = new StageRecorder[1]; // the recorder needs the context, and the context reports to the recorder
    String[] runningStage = {""};
    StageContext context = new StageContext(config, spark, runDate, runId, line -> {
      out.println("  " + line);
      out.flush();
      // The log file gets the console's story with times, and Spark's UI and event log name each job's target.
      LOG.info("[{}] {}", runningStage[0], line);
      spark.sparkContext().setJobDescription("strata " + runningStage[0] + ": " + line);
    }, result -> recorderOf[0].committed(result));
    RunLog runLog = new RunLog(spark, config.lake().layout());
    StageRecorder recorder = new StageRecorder(runLog, context, WarehouseRunLogSink.of(config.warehouse()).stream().toList());
    recorderOf[0] = recorder;
    List<StageResult> results = new ArrayList<>();
    List<RunMetrics.StageOutcome> outcomes = new ArrayList<>();
    RunMetricsPublisher metrics = new RunMetricsPublisher(config, spark, context.progress());
    CatalogRegistrar catalog = new CatalogRegistrar(spark, config, context.progress());
    SmallDataSettings smallData = SmallDataSettings.forRun(spark, config);
    LockStore lockStore = LockStore.forLake(config.lake().layout(), spark.sparkContext().hadoopConfiguration());
    try (RunAlerts alerts = RunAlerts.start(config, runId, runDate, start, context.progress());
        RunLineage lineage = RunLineage.start(config, runId, context.progress())) {
      FailedStage failed = null;
      try (StageLocks locks = StageLocks.acquire(lockStore, config, stages, jobs.lockScope(), runId, start, this::console)) {
        markAbandonedRuns(runLog, recorder, locks, config, runId);
        for (int i = 0; i < stages.size() && failed == null; i++) {
          Stage stage = stages.get(i);
          Instant stageStart = Instant.now();
          out.printf("[%s] started: %s%n", stage.cliName(), stage.description());
          out.flush();
          runningStage[0] = stage.cliName();
          spark.sparkContext().setJobDescription("strata " + stage.cliName());
          recorder.started(stage, stageStart);
          alerts.stageStarted(stage, stageStart);
          lineage.stageStarted(stage);
          List<StageResult> stageResults;
          try {
            // A lock taken over while this run stalled fails the stage like any other failure: alerts, metrics, run log.
            locks.requireHeld(stage);
            // Said once a run, and again when a stage's data changes the choice.
            smallData.apply(config.lake().layout().root().uri(), fileInputs(config),
                stage == Stage.INGEST ? unmeasuredSources(config) : List.of())
                .ifPresent(choice -> context.progress().accept("spark: " + choice.reason()));
            stageResults = toRun.get(i).run(context);
          } catch (Exception thrown) {
            alerts.stageEnded();
            // Scala code throws checked exceptions (Spark's AnalysisException) without declaring them: they are failures too.
            RuntimeException e = thrown instanceof RuntimeException runtime ? runtime : new StageException(thrown);
            recorder.failed(stage, stageStart, e);
            printFailure(stage, stageStart, start, results, e);
            outcomes.add(new RunMetrics.StageOutcome(stage, Duration.between(stageStart, Instant.now()), false));
            failed = new FailedStage(stage, stageStart, thrown, e);
            continue;
          }
          alerts.stageEnded();
          recorder.succeeded(stage, stageStart, stageResults);
          catalog.afterStage(stage, stageResults.stream().map(StageResult::target).collect(java.util.stream.Collectors.toSet()));
          lineage.stageSucceeded(stage);
          outcomes.add(new RunMetrics.StageOutcome(stage, Duration.between(stageStart, Instant.now()), true));
          KillPoint.reached("after-" + stage.cliName());
          results.addAll(stageResults);
          out.printf("[%s] done in %s%n", stage.cliName(), ResultTable.format(Duration.between(stageStart, Instant.now())));
          out.flush();
          alerts.stageSucceeded(stage, stageResults);
          recorder.alerted(alerts.drain());
        }
      } finally {
        spark.sparkContext().setJobDescription(null);
      }
      // The locks are released: the next run need not wait for metrics, lineage and alerts to go out.
      if (failed != null) {
        List<StageResult> finished = new ArrayList<>(results);
        finished.addAll(TargetsFailedException.finishedBefore(failed.failure()));
        metrics.publish(new RunMetrics(config.name(), runId, runDate, start, Instant.now(), outcomes, finished));
        lineage.stageFailed(failed.stage(), failed.failure());
        alerts.stageFailed(failed.stage(), Duration.between(failed.start(), Instant.now()), failed.failure());
        recorder.alerted(alerts.drain());
        throw StageException.rethrow(failed.thrown());
      }
      out.print(ResultTable.render(results));
      printEvents(results);
      Instant end = Instant.now();
      Duration duration = Duration.between(start, end);
      metrics.publish(new RunMetrics(config.name(), runId, runDate, start, end, outcomes, results));
      out.printf("strata: finished in %s%n", ResultTable.format(duration));
      out.flush();
      alerts.runSucceeded(duration, results);
      recorder.alerted(alerts.drain());
      return new PipelineRun(runId, runDate, start, duration, results);
    }
  }

  /** The files the file sources read: with the lake, what decides whether a stage's queries are compiled. */
  private static List<String> fileInputs(PipelineConfig config) {
    return config.sources().values().stream().filter(source -> source instanceof io.strata.layout.config.FileSourceConfig)
        .map(source -> ((io.strata.layout.config.FileSourceConfig) source).path()).toList();
  }

  /** The sources whose size cannot be told before they are read (all but file sources). */
  private static List<String> unmeasuredSources(PipelineConfig config) {
    return config.sources().values().stream().filter(source -> !(source instanceof io.strata.layout.config.FileSourceConfig))
        .map(io.strata.layout.config.SourceConfig::name).toList();
  }

  /** The stage that failed, what it threw, and that as the unchecked failure the run log and the alerts see. */
  private record FailedStage(Stage stage, Instant start, Exception thrown, RuntimeException failure) {}

  /** Marks what dead runs of this pipeline left RUNNING; a failure here is reported and never stops the run. */
  private void markAbandonedRuns(RunLog runLog, StageRecorder recorder, StageLocks locks, PipelineConfig config, String runId) {
    try {
      List<RunRecord> abandoned = new AbandonedRuns(runLog).find(config.name(), runId, Instant.now(), locks::liveRunIds);
      recorder.append(abandoned);
      for (RunRecord line : abandoned) {
        console("strata: run " + line.runId() + " (run date " + line.runDate() + ") left " + line.stage()
            + (line.target().equals(RunRecord.WHOLE_STAGE) ? "" : " " + line.target()) + " RUNNING and holds no lock: marked ABANDONED in the run log");
      }
    } catch (RuntimeException e) {
      LOG.warn("cannot look for abandoned runs in the run log: {}", e.toString(), e);
      console("warning: could not look for runs that died without an outcome (" + e.getClass().getSimpleName() + "); see the log file");
    }
  }

  private void console(String line) {
    out.println(line);
    out.flush();
  }

  /** What ran before the failure and the failure itself, in the summary table; the caller then rethrows it. */
  private void printFailure(Stage stage, Instant stageStart, Instant start, List<StageResult> results, RuntimeException error) {
    Duration elapsed = Duration.between(stageStart, Instant.now());
    List<StageResult> ran = new ArrayList<>(results);
    ran.addAll(TargetsFailedException.finishedBefore(error));
    out.printf("[%s] FAILED after %s%n", stage.cliName(), ResultTable.format(elapsed));
    out.print(ResultTable.render(ran, StageFailure.of(stage, elapsed, error)));
    printEvents(ran);
    out.printf("strata: stopped at stage %s after %s%n", stage.cliName(), ResultTable.format(Duration.between(start, Instant.now())));
    out.flush();
  }

  private void printEvents(List<StageResult> results) {
    results.forEach(result -> result.events().forEach(event ->
        out.printf("  %s %s: %s%n", result.stage().cliName(), result.target(), event)));
  }
}
