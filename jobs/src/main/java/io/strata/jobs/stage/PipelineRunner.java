package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.export.WarehouseRunLogSink;
import io.strata.jobs.fault.DeltaWriteKill;
import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.lake.LakeRootCheck;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.StageRecorder;
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
 * starts, checks the lake root, runs the stages in order and prints what each did.
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
    StageContext context = new StageContext(config, spark, runDate, runId, line -> {
      out.println("  " + line);
      out.flush();
    });
    StageRecorder recorder = new StageRecorder(new RunLog(spark, config.lake().layout()), context,
        WarehouseRunLogSink.of(config.warehouse()).stream().toList());
    List<StageResult> results = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) {
      Stage stage = stages.get(i);
      Instant stageStart = Instant.now();
      out.printf("[%s] started: %s%n", stage.cliName(), stage.description());
      out.flush();
      recorder.started(stage, stageStart);
      List<StageResult> stageResults;
      try {
        stageResults = toRun.get(i).run(context);
      } catch (RuntimeException e) {
        recorder.failed(stage, stageStart, e);
        throw e;
      }
      recorder.succeeded(stage, stageStart, stageResults);
      KillPoint.reached("after-" + stage.cliName());
      results.addAll(stageResults);
      out.printf("[%s] done in %s%n", stage.cliName(), ResultTable.format(Duration.between(stageStart, Instant.now())));
      out.flush();
    }
    out.print(ResultTable.render(results));
    results.forEach(result -> result.events().forEach(event ->
        out.printf("  %s %s: %s%n", result.stage().cliName(), result.target(), event)));
    Duration duration = Duration.between(start, Instant.now());
    out.printf("strata: finished in %s%n", ResultTable.format(duration));
    out.flush();
    return new PipelineRun(runId, runDate, start, duration, results);
  }
}
