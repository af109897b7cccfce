package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The runner with stand-in stage jobs: order, context, lake check, the printed summary. */
class PipelineRunnerIT {
  private final StringWriter out = new StringWriter();
  private final List<String> calls = new ArrayList<>();

  private StageJob recording(Stage stage, long rows) {
    return context -> {
      calls.add(stage.cliName() + "@" + context.runDate() + " " + context.layout().root());
      long count = context.spark().range(rows).count();
      return List.of(new StageResult(stage, "orders", count, count - 1, 1, Duration.ofMillis(1500), Map.of("files", 2L, "bytes", 2048L)));
    };
  }

  @Test
  void runsTheSliceInOrderAndPrintsASummary() {
    TestingSpark.session();
    String root = "s3a://" + TestingSpark.LAKE_BUCKET + "/runner";
    PipelineConfig config = TestingSpark.pipeline(root);
    StageJobs jobs = StageJobs.of(Map.of(Stage.INGEST, recording(Stage.INGEST, 10), Stage.PROCESS, recording(Stage.PROCESS, 1200)));

    int code = new PipelineRunner(new PrintWriter(out), jobs).run(config, Stage.slice(Stage.INGEST, Stage.PROCESS), LocalDate.of(2026, 3, 1));

    assertThat(code).isZero();
    assertThat(calls).containsExactly("ingest@2026-03-01 " + root, "process@2026-03-01 " + root);
    assertThat(out.toString())
        .contains("strata: pipeline 'tests', run date 2026-03-01, run id 2")
        .contains("[ingest] started: read each source into the raw layer")
        .contains("[process] done in ")
        .containsPattern("stage +target +rows read +rows written +quarantined +time")
        .containsPattern("ingest +orders +10 +9 +1 +1\\.5 s +bytes=2\\.0 KiB files=2")
        .containsPattern("process +orders +1,200 +1,199 +1 +1\\.5 s")
        .contains("strata: finished in ");
  }

  @Test
  void sparkJobsCarryTheStageAndTargetTheyWorkFor() throws Exception {
    org.apache.spark.sql.SparkSession spark = TestingSpark.session();
    List<String> descriptions = java.util.Collections.synchronizedList(new ArrayList<>());
    org.apache.spark.scheduler.SparkListener listener = new org.apache.spark.scheduler.SparkListener() {
      @Override
      public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart jobStart) {
        descriptions.add(String.valueOf(jobStart.properties().getProperty("spark.job.description")));
      }
    };
    StageJob process = context -> {
      context.progress().accept("entity customers (from source shop_db) ...");
      long count = context.spark().range(7).count();
      return List.of(new StageResult(Stage.PROCESS, "customers", count, count, 0, Duration.ofMillis(10), Map.of()));
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      new PipelineRunner(new PrintWriter(out), StageJobs.of(Map.of(Stage.PROCESS, process)))
          .run(TestingSpark.pipeline("s3a://" + TestingSpark.LAKE_BUCKET + "/described-" + UUID.randomUUID()), List.of(Stage.PROCESS),
              LocalDate.of(2026, 3, 1));
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }

    assertThat(descriptions).contains("strata process: entity customers (from source shop_db) ...");
    assertThat(spark.sparkContext().getLocalProperty("spark.job.description")).as("cleared after the run").isNull();
  }

  @Test
  void aFailedStagePrintsWhatRanAndTheFailureAndRecordsTheTargetsThatFinished() {
    TestingSpark.session();
    String root = "s3a://" + TestingSpark.LAKE_BUCKET + "/runner-failed-" + UUID.randomUUID();
    PipelineConfig config = TestingSpark.pipeline(root);
    Map<String, String> failures = new LinkedHashMap<>();
    failures.put("customers", "entities.customers: the raw data has new column(s) tier. Fix: declare them" + System.lineSeparator() + "  more");
    StageJob process = context -> {
      throw new TargetsFailedException("process failed for entity customers", List.of(new StageResult(Stage.PROCESS, "orders", 3, 3, 0,
          Duration.ofMillis(1200), Map.of("inserted", 3L))), failures);
    };
    StageJobs jobs = StageJobs.of(Map.of(Stage.INGEST, recording(Stage.INGEST, 10), Stage.PROCESS, process, Stage.MODEL, recording(Stage.MODEL, 1)));

    assertThatThrownBy(() -> new PipelineRunner(new PrintWriter(out), jobs).run(config, Stage.slice(Stage.INGEST, Stage.MODEL),
        LocalDate.of(2026, 3, 1))).isInstanceOf(TargetsFailedException.class).hasMessage("process failed for entity customers");

    assertThat(calls).containsExactly("ingest@2026-03-01 " + root);
    assertThat(out.toString())
        .contains("[process] FAILED after ")
        .containsPattern("(?m)^stage +target +rows read +rows written +quarantined +time +details$")
        .containsPattern("(?m)^ingest +orders +10 +9 +1 +1\\.5 s +bytes=2\\.0 KiB files=2$")
        .containsPattern("(?m)^process +orders +3 +3 +0 +1\\.2 s +inserted=3$")
        .containsPattern("(?m)^process +customers {20,}FAILED: entities\\.customers: the raw data has new column\\(s\\) tier\\. Fix: declare them$")
        .contains("strata: stopped at stage process after ")
        .doesNotContain("[model]").doesNotContain("strata: finished");
    List<RunRecord> log = new RunLog(TestingSpark.session(), config.lake().layout()).recent(1);
    assertThat(log).extracting(RunRecord::stage, RunRecord::target, RunRecord::status, RunRecord::rowsRead, RunRecord::error)
        .containsExactlyInAnyOrder(
            tuple("ingest", "orders", RunRecord.Status.SUCCESS, 10L, Optional.empty()),
            tuple("ingest", "*", RunRecord.Status.SUCCESS, 10L, Optional.empty()),
            tuple("process", "orders", RunRecord.Status.SUCCESS, 3L, Optional.empty()),
            tuple("process", "customers", RunRecord.Status.FAILED, 0L, Optional.of(failures.get("customers"))),
            tuple("process", "*", RunRecord.Status.FAILED, 3L, Optional.of("process failed for entity customers")));
  }

  @Test
  void checksEveryStageExistsBeforeRunningAny() {
    PipelineConfig config = TestingSpark.pipeline("s3a://" + TestingSpark.LAKE_BUCKET + "/runner");
    StageJobs jobs = StageJobs.of(Map.of(Stage.INGEST, recording(Stage.INGEST, 1)));

    assertThatThrownBy(() -> new PipelineRunner(new PrintWriter(out), jobs).run(config, Stage.slice(Stage.INGEST, Stage.MODEL), LocalDate.of(2026, 3, 1)))
        .isInstanceOf(StrataException.class)
        .hasMessage("stage 'process' is not implemented yet in this version of Strata");
    assertThat(calls).isEmpty();
  }

  @Test
  void aRunWhoseLockWasTakenOverStopsBeforeItsNextStageAsAFailureWithItsAlert(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    TestingSpark.session();
    try (io.strata.jobs.testing.HttpReceiver receiver = new io.strata.jobs.testing.HttpReceiver()) {
      java.nio.file.Path file = java.nio.file.Files.writeString(dir.resolve("lost.conf"), """
          name = lost_lock
          lake { root = lake, lock { heartbeat = 1s, stale-after = 5s } }
          alerts {
            channels.ops { url = "%s" }
            rules.all { on = [failure], channels = [ops] }
          }
          """.formatted(receiver.url("/ops")));
      PipelineConfig config = new io.strata.layout.config.PipelineConfigLoader(Map.of(), true).load(file);
      java.nio.file.Path locks = dir.resolve("lake/_locks");
      // Ingest stands in for a run whose JVM stalled: meanwhile another run took its lock over (its run id is in the lock file now).
      StageJob stalled = context -> {
        try (var files = java.nio.file.Files.walk(locks)) {
          for (java.nio.file.Path lock : files.filter(java.nio.file.Files::isRegularFile).toList()) {
            java.nio.file.Files.writeString(lock, java.nio.file.Files.readString(lock).replace(context.runId(), "20260301T000000-thief"));
          }
          Thread.sleep(2500); // two heartbeats find it taken over
        } catch (java.io.IOException | InterruptedException e) {
          throw new IllegalStateException(e);
        }
        return List.of(new StageResult(Stage.INGEST, "orders", 1, 1, 0, Duration.ofMillis(1), Map.of()));
      };
      StageJobs jobs = StageJobs.of(Map.of(Stage.INGEST, stalled, Stage.PROCESS, recording(Stage.PROCESS, 1)));

      assertThatThrownBy(() -> new PipelineRunner(new PrintWriter(out), jobs).run(config, Stage.slice(Stage.INGEST, Stage.PROCESS),
          LocalDate.of(2026, 3, 1))).isInstanceOf(StrataException.class).hasMessageContaining("lost its lock")
          .hasMessageContaining("stopped before process");

      assertThat(calls).as("process never ran").isEmpty();
      assertThat(out.toString()).contains("[process] FAILED after");
      assertThat(receiver.received("/ops")).singleElement().satisfies(request -> assertThat(request.body())
          .contains("\"event\":\"failure\"").contains("\"stage\":\"process\"").contains("lost its lock"));
      List<RunRecord> lines = new RunLog(TestingSpark.session(), config.lake().layout()).recent(5);
      assertThat(lines).filteredOn(line -> line.stage().equals("process") && line.status() == RunRecord.Status.FAILED).singleElement()
          .satisfies(line -> assertThat(line.error()).hasValueSatisfying(error -> assertThat(error).contains("lost its lock")));
    }
  }

  @Test
  void stopsOnAnUnreachableLakeBeforeAnyStage() {
    TestingSpark.session();
    PipelineConfig config = TestingSpark.pipeline("s3a://strata-missing-bucket/lake");
    StageJobs jobs = StageJobs.of(Map.of(Stage.INGEST, recording(Stage.INGEST, 1)));

    assertThatThrownBy(() -> new PipelineRunner(new PrintWriter(out), jobs).run(config, List.of(Stage.INGEST), LocalDate.of(2026, 3, 1)))
        .isInstanceOf(io.strata.layout.config.StrataConfigException.class)
        .hasMessageContaining("lake.root: bucket 'strata-missing-bucket' of s3a://strata-missing-bucket/lake does not exist");
    assertThat(calls).isEmpty();
  }
}
