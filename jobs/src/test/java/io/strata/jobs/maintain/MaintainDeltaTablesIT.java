package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLocation;
import io.strata.layout.config.MaintenanceConfig;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compaction when a table's files are small and many; VACUUM that keeps what the retention protects. */
class MaintainDeltaTablesIT {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 31);

  @TempDir Path dir;

  private MaintainTesting lake(Duration vacuumRetention) throws IOException {
    Files.createDirectories(dir.resolve("lake"));
    return new MaintainTesting(dir.resolve("lake").toUri().toString(), Map.of(), new MaintenanceConfig(vacuumRetention, 3, 100, 32, 3));
  }

  @Test
  void compactsATableOfSmallFilesAndKeepsItsRows() throws Exception {
    MaintainTesting lake = lake(MaintenanceConfig.DELTA_DEFAULT_VACUUM_RETENTION);
    LakeLocation sales = lake.config.lake().layout().processed("sales");
    LakeLocation small = lake.config.lake().layout().curated("dim_store");
    MaintainTesting.appendRows(sales, 5, 1);
    MaintainTesting.appendRows(small, 2, 1);

    List<StageResult> dryRun = lake.maintain(RUN_DATE, true);
    assertThat(MaintainTesting.files(sales)).isEqualTo(5);
    assertThat(lake.progress).contains("processed/sales: 5 files, " + io.strata.jobs.stage.ResultTable.bytes(detailBytes(sales))
        + ": would compact");
    assertThat(lake.result(dryRun, "processed/sales").metrics()).containsEntry("files_before", 5L).containsEntry("files_after", 5L);

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(MaintainTesting.files(sales)).isEqualTo(1);
    assertThat(MaintainTesting.rows(sales)).isEqualTo(5);
    assertThat(TestingSpark.session().read().format("delta").load(sales.uri()).selectExpr("sum(id)").first().getLong(0)).isEqualTo(15);
    assertThat(lake.result(results, "processed/sales").metrics()).containsEntry("files_before", 5L).containsEntry("files_after", 1L)
        .containsEntry("compacted", 1L);
    assertThat(lake.progress).anySatisfy(line -> assertThat(line).startsWith("processed/sales: compacted 5 files into 1 ("));
    // Below compaction.min-files = 3: left as it is.
    assertThat(MaintainTesting.files(small)).isEqualTo(2);
    assertThat(lake.result(results, "curated/dim_store").metrics()).containsEntry("files_after", 2L).doesNotContainKey("compacted");
    assertThat(lake.progress).contains("curated/dim_store: 2 files, " + io.strata.jobs.stage.ResultTable.bytes(detailBytes(small))
        + ": no compaction needed");
  }

  @Test
  void vacuumKeepsFilesWithinDeltasDefaultRetentionAndKeepsTheSessionCheckOn() throws Exception {
    MaintainTesting lake = lake(MaintenanceConfig.DELTA_DEFAULT_VACUUM_RETENTION);
    LakeLocation table = lake.config.lake().layout().curated("dim_customer");
    overwriteTwice(table);
    long filesOnDisk = dataFilesOnDisk(table);

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(dataFilesOnDisk(table)).isEqualTo(filesOnDisk).isEqualTo(2);
    assertThat(TestingSpark.session().read().format("delta").option("versionAsOf", 0).load(table.uri()).count()).isEqualTo(3);
    assertThat(lake.result(results, "curated/dim_customer").metrics()).containsEntry("vacuum_files", 0L);
    assertThat(lake.progress).contains("curated/dim_customer: vacuum (retain 168 h): nothing to delete");
    assertThatThrownBy(() -> TestingSpark.session().sql("VACUUM delta.`" + table.uri() + "` RETAIN 0 HOURS").collect())
        .hasMessageContaining("retention");
  }

  @Test
  void vacuumDeletesUnreferencedFilesWhenAShortRetentionIsConfiguredWithoutTurningTheCheckOffForOthers() throws Exception {
    MaintainTesting lake = lake(Duration.ZERO);
    LakeLocation table = lake.config.lake().layout().curated("dim_customer");
    overwriteTwice(table);

    List<StageResult> dryRun = lake.maintain(RUN_DATE, true);
    assertThat(dataFilesOnDisk(table)).isEqualTo(2);
    assertThat(lake.result(dryRun, "curated/dim_customer").metrics()).containsEntry("vacuum_files", 1L);
    assertThat(lake.progress).contains("curated/dim_customer: vacuum (retain 0 h) would delete 1 file")
        .anySatisfy(line -> assertThat(line).startsWith("curated/dim_customer:   would delete ").contains("/curated/dim_customer/part-"));

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(dataFilesOnDisk(table)).isEqualTo(1);
    assertThat(MaintainTesting.rows(table)).isEqualTo(1);
    assertThat(lake.result(results, "curated/dim_customer").metrics()).containsEntry("vacuum_files", 1L);
    assertThat(lake.progress).contains("curated/dim_customer: vacuum (retain 0 h) deleted 1 file");
    assertThat(TestingSpark.session().conf().get("spark.databricks.delta.retentionDurationCheck.enabled", "true")).isEqualTo("true");
    assertThatThrownBy(() -> TestingSpark.session().sql("VACUUM delta.`" + table.uri() + "` RETAIN 0 HOURS").collect())
        .hasMessageContaining("retention");
  }

  @Test
  void vacuumAppliesTheConfiguredRetentionNotDeltasDefault() throws Exception {
    // Delta 4.3 ignores VACUUM ... RETAIN other than 0 hours by default and keeps 7 days instead.
    MaintainTesting lake = lake(Duration.ofDays(1));
    LakeLocation table = lake.config.lake().layout().curated("dim_customer");
    overwriteTwice(table);
    Path root = Path.of(URI.create(table.uri()));
    Path twoDaysOld = Files.writeString(root.resolve("part-99998-left-by-a-failed-job.snappy.parquet"), "not referenced");
    Path halfADayOld = Files.writeString(root.resolve("part-99999-left-by-a-failed-job.snappy.parquet"), "not referenced");
    Files.setLastModifiedTime(twoDaysOld, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofDays(2))));
    Files.setLastModifiedTime(halfADayOld, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minus(Duration.ofHours(12))));

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(twoDaysOld).doesNotExist();
    assertThat(halfADayOld).exists();
    assertThat(lake.result(results, "curated/dim_customer").metrics()).containsEntry("vacuum_files", 1L);
    assertThat(lake.progress).contains("curated/dim_customer: vacuum (retain 24 h) deleted 1 file");
    assertThat(MaintainTesting.rows(table)).isEqualTo(1);
  }

  private static void overwriteTwice(LakeLocation table) {
    TestingSpark.session().sql("SELECT id FROM VALUES (1L), (2L), (3L) AS t(id)").coalesce(1)
        .write().format("delta").mode(SaveMode.Overwrite).save(table.uri());
    TestingSpark.session().sql("SELECT id FROM VALUES (9L) AS t(id)").coalesce(1)
        .write().format("delta").mode(SaveMode.Overwrite).save(table.uri());
  }

  private static long detailBytes(LakeLocation table) {
    return TestingSpark.session().sql("DESCRIBE DETAIL delta.`" + table.uri() + "`").first().<Long>getAs("sizeInBytes");
  }

  private static long dataFilesOnDisk(LakeLocation table) throws IOException {
    try (Stream<Path> files = Files.walk(Path.of(URI.create(table.uri())))) {
      return files.filter(file -> file.getFileName().toString().startsWith("part-") && file.toString().endsWith(".parquet")).count();
    }
  }
}
