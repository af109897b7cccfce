package io.strata.jobs.runlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageJobs;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every stage of every run leaves RUNNING and then SUCCESS or FAILED lines in the run log, and strata runs prints them. */
class RunLogIT {
  @TempDir Path dir;

  @Test
  void recordsEachStageAndTargetWithItsOutcome() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    PipelineConfig config = TestingSpark.pipeline(dir.resolve("lake").toUri().toString());
    StageJob ingest = context -> List.of(
        new StageResult(Stage.INGEST, "shop_db", 10, 9, 1, Duration.ofMillis(300), Map.of("partitions", 2L)),
        new StageResult(Stage.INGEST, "orders_files", 5, 5, 0, Duration.ofMillis(200), Map.of("files", 1L)));
    StageJob process = context -> {
      throw new StrataException("entities.customers: column 'x' changed type from int to string");
    };
    PipelineRunner runner = new PipelineRunner(new PrintWriter(new StringWriter()), StageJobs.of(Map.of(Stage.INGEST, ingest, Stage.PROCESS, process)));

    assertThatThrownBy(() -> runner.run(config, List.of(Stage.INGEST, Stage.PROCESS), LocalDate.of(2026, 3, 1)))
        .hasMessageContaining("changed type");

    List<RunRecord> records = new RunLog(TestingSpark.session(), config.lake().layout()).recent(5);
    assertThat(records).extracting(RunRecord::stage, RunRecord::target, RunRecord::status, RunRecord::rowsRead, RunRecord::rowsWritten,
            RunRecord::rowsQuarantined)
        .containsExactlyInAnyOrder(
            tuple("ingest", "*", RunRecord.Status.SUCCESS, 15L, 14L, 1L),
            tuple("ingest", "shop_db", RunRecord.Status.SUCCESS, 10L, 9L, 1L),
            tuple("ingest", "orders_files", RunRecord.Status.SUCCESS, 5L, 5L, 0L),
            tuple("process", "*", RunRecord.Status.FAILED, 0L, 0L, 0L));
    assertThat(records).allSatisfy(record -> {
      assertThat(record.runDate()).isEqualTo(LocalDate.of(2026, 3, 1));
      assertThat(record.pipeline()).isEqualTo("tests");
      assertThat(record.sparkApplicationId()).isEqualTo(TestingSpark.session().sparkContext().applicationId());
      assertThat(record.endedAt()).isPresent();
    });
    assertThat(records).filteredOn(record -> record.status() == RunRecord.Status.FAILED).singleElement()
        .satisfies(record -> assertThat(record.error()).hasValue("entities.customers: column 'x' changed type from int to string"));
    assertThat(records).filteredOn(record -> record.target().equals("shop_db")).singleElement()
        .satisfies(record -> assertThat(record.details()).contains("\"partitions\":2"));
    assertThat(records).extracting(RunRecord::runId).containsOnly(records.get(0).runId());

    Path configFile = Files.writeString(dir.resolve("p.conf"), "lake.root = lake\nspark { master = \"local[2]\", conf { \"spark.ui.enabled\" = false } }\n");
    StringWriter out = new StringWriter();
    CommandLine cli = io.strata.jobs.cli.StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    assertThat(cli.execute("runs", "--config", configFile.toString(), "--last", "3")).isZero();
    assertThat(out.toString()).contains("run id").contains("FAILED").contains("entities.customers: column 'x' changed type")
        .containsPattern("ingest +shop_db +SUCCESS +10 +9 +1");
  }

  @Test
  void aRunLogDeltaKernelCannotWriteIsAppendedThroughSpark() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    PipelineConfig config = TestingSpark.pipeline(dir.resolve("lake").toUri().toString());
    RunLog log = new RunLog(TestingSpark.session(), config.lake().layout());
    java.time.Instant start = java.time.Instant.parse("2026-03-01T06:00:00Z");
    log.append(List.of(line("first", start)));
    // A CHECK constraint is a writer feature Delta Kernel cannot honour; Spark's write can.
    TestingSpark.session().sql("ALTER TABLE delta.`" + config.lake().layout().runLog(RunLog.TABLE).uri()
        + "` ADD CONSTRAINT rows_not_negative CHECK (rows_read >= 0)");

    log.append(List.of(line("second", start.plusSeconds(60))));
    log.append(List.of(line("third", start.plusSeconds(120))));

    assertThat(log.recent(5)).extracting(RunRecord::runId).containsExactlyInAnyOrder("third", "second", "first");
    assertThat(log.recent(2)).as("the last two runs, newest first").extracting(RunRecord::runId).containsExactly("third", "second");
  }

  @Test
  void aStagesLatestLineIsItsStateAndOnlyStagesLeftRunningAreUnfinished() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    RunLog log = new RunLog(TestingSpark.session(), TestingSpark.pipeline(dir.resolve("lake").toUri().toString()).lake().layout());
    java.time.Instant start = java.time.Instant.parse("2026-03-01T06:00:00Z");
    assertThat(log.unfinished("tests")).as("no run log yet").isEmpty();
    assertThat(log.recent(5)).isEmpty();

    log.append(List.of(line("finished", start, RunRecord.Status.RUNNING), line("died", start.plusSeconds(5), RunRecord.Status.RUNNING)),
        start.plusSeconds(6));
    log.append(List.of(line("finished", start, RunRecord.Status.SUCCESS)), start.plusSeconds(30));

    assertThat(log.recent(5)).extracting(RunRecord::runId, RunRecord::status)
        .containsExactly(tuple("died", RunRecord.Status.RUNNING), tuple("finished", RunRecord.Status.SUCCESS));
    assertThat(log.unfinished("tests")).extracting(RunRecord::runId, RunRecord::stage, RunRecord::startedAt)
        .containsExactly(tuple("died", "ingest", start.plusSeconds(5)));
    assertThat(log.unfinished("another pipeline")).isEmpty();
  }

  private static RunRecord line(String runId, java.time.Instant start) {
    return line(runId, start, RunRecord.Status.SUCCESS);
  }

  private static RunRecord line(String runId, java.time.Instant start, RunRecord.Status status) {
    return new RunRecord(runId, "tests", LocalDate.of(2026, 3, 1), "ingest", RunRecord.WHOLE_STAGE, status, 1, 1, 0, start,
        status == RunRecord.Status.RUNNING ? java.util.Optional.empty() : java.util.Optional.of(start.plusSeconds(1)), java.util.Optional.empty(),
        "app", "{}");
  }
}
