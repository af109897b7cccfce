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
