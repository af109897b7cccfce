package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.runlog.StageRecorder;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import io.strata.layout.config.Secret;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/**
 * The lake's run log and quality results reach the warehouse tables of the same names, each line once: stage lines as
 * they happen, and whatever the warehouse lacks with each export.
 */
class ExportRunLogIT {
  private static final StructType QUALITY = new StructType().add("run_id", DataTypes.StringType).add("check_name", DataTypes.StringType)
      .add("status", DataTypes.StringType).add("failed_rows", DataTypes.LongType).add("checked_at", DataTypes.TimestampType);

  private static RunRecord record(String runId, String stage, RunRecord.Status status, String error) {
    return new RunRecord(runId, "tests", LocalDate.of(2026, 3, 1), stage, "*", status, 5, 4, 1, Instant.parse("2026-03-01T10:00:00Z"),
        Optional.of(Instant.parse("2026-03-01T10:00:02Z")), Optional.ofNullable(error), "local-1", "{}");
  }

  private static void quality(ExportTesting lake, String runId, String check, String status, long failed) {
    TestingSpark.session().createDataFrame(List.of(RowFactory.create(runId, check, status, failed,
        Timestamp.from(Instant.parse("2026-03-01T10:00:01Z")))), QUALITY).write().format("delta").mode(SaveMode.Append)
        .save(lake.layout().runLog(ExportJob.QUALITY_RESULTS).uri());
  }

  @Test
  void copiesRunLogAndQualityResultsLinesTheWarehouseLacks() throws SQLException {
    ExportTesting lake = new ExportTesting("runlog", new ExportConfig(Optional.of(List.of("dim_customer")), ExportMode.SWAP, Map.of(),
        Map.of(), Map.of(), 1));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, null, true)));
    RunLog log = new RunLog(TestingSpark.session(), lake.layout());
    log.append(List.of(record("run-1", "model", RunRecord.Status.RUNNING, null), record("run-1", "model", RunRecord.Status.FAILED,
        "model.facts.x: \"quoted\", failed")));
    quality(lake, "run-1", "not_null_id", "passed", 0);

    lake.run(new ExportJob());

    assertThat(rows("SELECT run_id, pipeline, run_date, stage, target, status, rows_read, rows_written, rows_quarantined, started_at,"
        + " ended_at, duration_ms, error, spark_app_id FROM runlog.pipeline_executions ORDER BY status DESC")).containsExactly(
        "run-1|tests|2026-03-01|model|*|RUNNING|5|4|1|2026-03-01 10:00:00+00|2026-03-01 10:00:02+00|2000|null|local-1",
        "run-1|tests|2026-03-01|model|*|FAILED|5|4|1|2026-03-01 10:00:00+00|2026-03-01 10:00:02+00|2000|model.facts.x: \"quoted\", failed|local-1");
    assertThat(rows("SELECT run_id, check_name, status, failed_rows, checked_at FROM runlog.quality_results"))
        .containsExactly("run-1|not_null_id|passed|0|2026-03-01 10:00:01+00");

    log.append(List.of(record("run-2", "export", RunRecord.Status.SUCCESS, null), record("run-3", "ingest", RunRecord.Status.RUNNING, null)));
    // run-3 died; a later run marked it in the lake: the copy adds the ABANDONED line beside the RUNNING one.
    log.append(List.of(record("run-3", "ingest", RunRecord.Status.ABANDONED, "abandoned: the run stopped without recording how this stage ended")));
    quality(lake, "run-2", "unique_id", "failed", 3);
    lake.run(new ExportJob());

    assertThat(rows("SELECT run_id, stage, status FROM runlog.pipeline_executions ORDER BY run_id, status DESC")).containsExactly(
        "run-1|model|RUNNING", "run-1|model|FAILED", "run-2|export|SUCCESS", "run-3|ingest|RUNNING", "run-3|ingest|ABANDONED");
    assertThat(rows("SELECT run_id, check_name, failed_rows FROM runlog.quality_results ORDER BY run_id"))
        .containsExactly("run-1|not_null_id|0", "run-2|unique_id|3");
  }

  @Test
  void copiesEveryColumnTypeOfABookkeepingTableAsTheLakeHoldsIt() throws SQLException {
    ExportTesting lake = new ExportTesting("runlog_types", new ExportConfig(Optional.of(List.of("dim_customer")), ExportMode.SWAP, Map.of(),
        Map.of(), Map.of(), 1));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, null, true)));
    StructType metrics = new StructType().add("run_id", DataTypes.StringType).add("run_date", DataTypes.DateType)
        .add("value", DataTypes.DoubleType).add("attempt", DataTypes.IntegerType).add("passed", DataTypes.BooleanType)
        .add("rows", DataTypes.LongType).add("recorded_at", DataTypes.TimestampType);
    TestingSpark.session().createDataFrame(List.of(
        RowFactory.create("run-1", java.sql.Date.valueOf("2026-03-01"), 0.25, 2, true, 7L, Timestamp.from(Instant.parse("2026-03-01T10:00:01Z"))),
        RowFactory.create("run-2", null, null, null, null, null, null)), metrics)
        .write().format("delta").save(lake.layout().runLog(io.strata.jobs.metrics.MetricsTable.TABLE).uri());

    lake.run(new ExportJob());

    assertThat(rows("SELECT run_id, run_date, value, attempt, passed, \"rows\", recorded_at FROM runlog_types.pipeline_metrics ORDER BY run_id"))
        .containsExactly("run-1|2026-03-01|0.25|2|t|7|2026-03-01 10:00:01+00", "run-2|null|null|null|null|null|null");
    assertThat(lake.progress()).contains("pipeline_metrics: 2 new line(s) copied to the warehouse");
  }

  @Test
  void writesEachStageLineToTheWarehouseAsItHappensAndTheExportAddsNoDuplicates() throws SQLException {
    ExportTesting lake = new ExportTesting("runlog_live", new ExportConfig(Optional.of(List.of("dim_customer")), ExportMode.SWAP, Map.of(),
        Map.of(), Map.of(), 1));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, null, true)));
    StageContext context = new StageContext(lake.config(), TestingSpark.session(), LocalDate.of(2026, 3, 2), "run-live", lake.progress()::add);
    StageRecorder recorder = new StageRecorder(new RunLog(TestingSpark.session(), lake.layout()), context,
        WarehouseRunLogSink.of(lake.config().warehouse()).stream().toList());
    Instant start = Instant.parse("2026-03-02T06:00:00Z");

    recorder.started(Stage.INGEST, start);
    assertThat(rows("SELECT run_id, stage, target, status, ended_at FROM runlog_live.pipeline_executions"))
        .containsExactly("run-live|ingest|*|RUNNING|null");

    recorder.succeeded(Stage.INGEST, start, List.of(new StageResult(Stage.INGEST, "orders", 7, 6, 1, Duration.ofSeconds(3), Map.of())));
    recorder.failed(Stage.QUALITY, start, new StrataException("quality: 2 check(s) with severity fail failed"));
    assertThat(rows("SELECT stage, target, status, rows_read, rows_written, rows_quarantined, error FROM runlog_live.pipeline_executions"
        + " ORDER BY logged_at, target DESC")).containsExactly(
        "ingest|*|RUNNING|0|0|0|null",
        "ingest|orders|SUCCESS|7|6|1|null",
        "ingest|*|SUCCESS|7|6|1|null",
        "quality|*|FAILED|0|0|0|quality: 2 check(s) with severity fail failed");

    lake.run(new ExportJob());

    assertThat(lake.progress()).contains("pipeline_executions: 0 new line(s) copied to the warehouse");
    assertThat(rows("SELECT count(*), count(DISTINCT (run_id, stage, target, status, logged_at)) FROM runlog_live.pipeline_executions"))
        .containsExactly("4|4");
  }

  @Test
  void aWarehouseThatIsDownIsReportedOnceAndTheLakeKeepsTheLines() {
    ExportTesting lake = new ExportTesting("runlog_down", ExportConfig.defaults(), "strata_writer", Secret.of("env:WAREHOUSE_PASSWORD", "s3cr3t-Pa55"),
        "jdbc:postgresql://127.0.0.1:1/nowhere");
    StageContext context = new StageContext(lake.config(), TestingSpark.session(), LocalDate.of(2026, 3, 2), "run-down", lake.progress()::add);
    StageRecorder recorder = new StageRecorder(new RunLog(TestingSpark.session(), lake.layout()), context,
        WarehouseRunLogSink.of(lake.config().warehouse()).stream().toList());
    Instant start = Instant.now();

    recorder.started(Stage.PROCESS, start);
    recorder.succeeded(Stage.PROCESS, start, List.of());

    assertThat(lake.progress()).hasSize(1);
    assertThat(lake.progress().get(0)).startsWith("warning: the run log is not written to the warehouse during this run (writing the run log"
        + " failed in the warehouse jdbc:postgresql://127.0.0.1:1/nowhere as user strata_writer: Connection to 127.0.0.1:1 refused")
        .endsWith("; the lake keeps it and the next export copies it").doesNotContain("s3cr3t-Pa55");
    assertThat(new RunLog(TestingSpark.session(), lake.layout()).recent(1)).extracting(RunRecord::status)
        .containsExactly(RunRecord.Status.SUCCESS);
  }
}
