package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import io.strata.layout.config.MaintenanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention: raw and quarantine partitions by ingest date, run-log and quarantine rows by date, boundaries on both sides. */
class MaintainRetentionIT {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 31);

  @TempDir Path dir;

  private MaintainTesting lake() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    return new MaintainTesting(dir.resolve("lake").toUri().toString(),
        Map.of(Layer.RAW, 90, Layer.QUARANTINE, 30, Layer.RUN_LOG, 30), MaintenanceConfig.defaults());
  }

  @Test
  void deletesRawPartitionsOlderThanTheWindowAndKeepsTheDayAtTheLimitAndTheRunDate() throws Exception {
    MaintainTesting lake = lake();
    LakeLayout layout = lake.config.lake().layout();
    Path atLimit = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2025, 12, 31));
    Path dayOlder = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2025, 12, 30));
    Path muchOlder = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2025, 6, 1));
    Path runDate = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), RUN_DATE);
    Path later = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), RUN_DATE.plusDays(1));
    Path otherEntity = MaintainTesting.localPartition(layout.rawEntity("orders_files", "orders"), LocalDate.of(2025, 12, 30));
    Path quarantineAtLimit = MaintainTesting.localPartition(layout.quarantine(Layer.RAW, "shop_db"), LocalDate.of(2026, 3, 1));
    Path quarantineOlder = MaintainTesting.localPartition(layout.quarantine(Layer.RAW, "shop_db"), LocalDate.of(2026, 2, 28));

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(atLimit).exists();
    assertThat(runDate).exists();
    assertThat(later).exists();
    assertThat(quarantineAtLimit).exists();
    assertThat(dayOlder).doesNotExist();
    assertThat(muchOlder).doesNotExist();
    assertThat(otherEntity).doesNotExist();
    assertThat(quarantineOlder).doesNotExist();
    StageResult customers = lake.result(results, "raw/shop_db/customers");
    assertThat(customers.metrics()).containsEntry("partitions_expired", 2L).containsEntry("files_expired", 4L)
        .containsEntry("bytes", 2L * "rows of 2025-12-30".length()).doesNotContainKey("dry_run");
    assertThat(lake.result(results, "quarantine/raw/shop_db").metrics()).containsEntry("partitions_expired", 1L);
    assertThat(lake.progress).anySatisfy(line -> assertThat(line).startsWith("raw/shop_db/customers: deleted ")
        .endsWith("/raw/shop_db/customers/ingest_date=2025-12-30 (2 files, 18 B)"));
    // The remaining raw data is still a readable Hive-partitioned table.
    assertThat(TestingSpark.session().read().text(layout.rawEntity("shop_db", "customers").uri()).select("value").as(Encoders.STRING()).collectAsList())
        .containsExactlyInAnyOrder("rows of 2025-12-31", "rows of 2026-03-31", "rows of 2026-04-01");

    List<StageResult> again = lake.maintain(RUN_DATE, false);
    assertThat(lake.result(again, "raw/shop_db/customers").metrics()).doesNotContainKey("partitions_expired");
  }

  @Test
  void dryRunListsWhatWouldGoAndChangesNothing() throws Exception {
    MaintainTesting lake = lake();
    LakeLayout layout = lake.config.lake().layout();
    Path dayOlder = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2025, 12, 30));
    Path atLimit = MaintainTesting.localPartition(layout.rawEntity("shop_db", "customers"), LocalDate.of(2025, 12, 31));
    appendRunLog(lake, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1));

    List<StageResult> results = lake.maintain(RUN_DATE, true);

    assertThat(dayOlder.resolve("batch_id=b1/part-00000.parquet")).exists();
    assertThat(atLimit).exists();
    assertThat(lake.progress).anySatisfy(line -> assertThat(line)
        .startsWith("raw/shop_db/customers: would delete ").contains("/raw/shop_db/customers/ingest_date=2025-12-30 (2 files"));
    assertThat(lake.progress).noneSatisfy(line -> assertThat(line).contains("ingest_date=2025-12-31"));
    assertThat(lake.progress).contains("_runs/pipeline_executions: would delete 1 row with run_date before 2026-03-01");
    assertThat(lake.result(results, "raw/shop_db/customers").metrics()).containsEntry("dry_run", 1L).containsEntry("partitions_expired", 1L);
    assertThat(runLogDates(lake)).containsExactlyInAnyOrder(LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1));
  }

  @Test
  void trimsRunTablesByRunDateAndQuarantineTablesByIngestDate() throws Exception {
    MaintainTesting lake = lake();
    LakeLayout layout = lake.config.lake().layout();
    appendRunLog(lake, LocalDate.of(2026, 2, 28), LocalDate.of(2026, 3, 1), RUN_DATE);
    TestingSpark.session().sql("SELECT * FROM VALUES (DATE'2026-02-27', 'not_null', 'PASS'), (DATE'2026-03-01', 'not_null', 'FAIL') "
        + "AS t(run_date, check_name, status)").write().format("delta").mode(SaveMode.Overwrite).save(layout.runLog("quality_results").uri());
    TestingSpark.session().sql("SELECT * FROM VALUES ('{}', DATE'2026-02-28'), ('{}', DATE'2026-03-01') AS t(_record, ingest_date)")
        .write().format("delta").mode(SaveMode.Overwrite).save(layout.quarantine(Layer.PROCESSED, "customers").uri());

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(runLogDates(lake)).containsExactlyInAnyOrder(LocalDate.of(2026, 3, 1), RUN_DATE);
    assertThat(TestingSpark.session().read().format("delta").load(layout.runLog("quality_results").uri())
        .select("check_name", "status").as(Encoders.tuple(Encoders.STRING(), Encoders.STRING())).collectAsList())
        .extracting(tuple -> tuple._2()).containsExactly("FAIL");
    assertThat(TestingSpark.session().read().format("delta").load(layout.quarantine(Layer.PROCESSED, "customers").uri())
        .select("ingest_date").as(Encoders.DATE()).collectAsList()).containsExactly(java.sql.Date.valueOf("2026-03-01"));
    assertThat(lake.result(results, "_runs/pipeline_executions").metrics()).containsEntry("rows_expired", 1L);
    assertThat(lake.result(results, "_runs/quality_results").metrics()).containsEntry("rows_expired", 1L);
    assertThat(lake.result(results, "quarantine/processed/customers").metrics()).containsEntry("rows_expired", 1L);
    assertThat(lake.progress).contains("_runs/pipeline_executions: 1 row with run_date before 2026-03-01 deleted");
  }

  private static void appendRunLog(MaintainTesting lake, LocalDate... runDates) {
    List<RunRecord> records = java.util.Arrays.stream(runDates).map(date -> new RunRecord("run-" + date, "tests", date, "ingest", "*",
        RunRecord.Status.SUCCESS, 1, 1, 0, Instant.parse(date + "T02:00:00Z"), Optional.of(Instant.parse(date + "T02:01:00Z")),
        Optional.empty(), "app", "{}")).toList();
    new RunLog(TestingSpark.session(), lake.config.lake().layout()).append(records);
  }

  private static List<LocalDate> runLogDates(MaintainTesting lake) {
    return TestingSpark.session().read().format("delta").load(lake.config.lake().layout().runLog(RunLog.TABLE).uri())
        .select("run_date").as(Encoders.DATE()).collectAsList().stream().map(java.sql.Date::toLocalDate).toList();
  }
}
