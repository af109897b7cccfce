package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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
