package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLocation;
import io.strata.layout.config.MaintenanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compaction of a daily-partitioned fact: only partitions written since the last maintenance,
 * only those holding several small files, and a report of what was rewritten.
 */
class MaintainPartitionedTablesIT {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 31);
  private static final String TABLE = "curated/fact_sales";

  @TempDir Path dir;

  private MaintainTesting lake(int minFiles) throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    return new MaintainTesting(dir.resolve("lake").toUri().toString(), Map.of(),
        new MaintenanceConfig(MaintenanceConfig.DELTA_DEFAULT_VACUUM_RETENTION, minFiles, 100, 32, 3));
  }

  @Test
  void partitionsOfOneFileEachAreNeverRewritten() throws Exception {
    MaintainTesting lake = lake(3);
    LakeLocation facts = lake.config.lake().layout().curated("fact_sales");
    writeDays(facts, 5);
    Set<String> files = MaintainTesting.dataFiles(facts);
    long version = MaintainTesting.version(facts);
    assertThat(files).hasSize(5);

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(MaintainTesting.dataFiles(facts)).isEqualTo(files);
    assertThat(MaintainTesting.version(facts)).isEqualTo(version);
    assertThat(lake.progress).contains(TABLE + ": 5 partitions (5 files, " + ResultTable.bytes(bytes(facts))
        + "), none with 3 or more files below 32.0 MiB: nothing to compact");
    assertThat(lake.result(results, TABLE).metrics()).containsEntry("files_before", 5L).containsEntry("files_after", 5L)
        .doesNotContainKeys("compacted", "files_compacted", "partitions_compacted");

    lake.progress.clear();
    lake.maintain(RUN_DATE, false);
    assertThat(lake.progress).contains(TABLE + ": 5 partitions (5 files, " + ResultTable.bytes(bytes(facts))
        + "), none written since the last maintenance (version " + version + "): nothing to compact");
    assertThat(MaintainTesting.dataFiles(facts)).isEqualTo(files);
  }

  @Test
  void compactsOnlyThePartitionsWrittenSinceTheLastMaintenanceThatHoldSeveralSmallFiles() throws Exception {
    LakeLocation facts = lake(3).config.lake().layout().curated("fact_sales");
    writeDays(facts, 5);
    appendRow(facts, "2026-03-05", 100);
    appendRow(facts, "2026-03-05", 101);
    // A first maintenance with a higher bar leaves 2026-03-05's three files and records the version it saw.
    MaintainTesting strict = lake(10);
    strict.maintain(RUN_DATE, false);
    long seen = MaintainTesting.version(facts);
    assertThat(strict.progress).contains(TABLE + ": 5 partitions (7 files, " + ResultTable.bytes(bytes(facts))
        + "), none with 10 or more files below 32.0 MiB: nothing to compact");
    for (int i = 0; i < 3; i++) {
      appendRow(facts, "2026-03-02", 200 + i);
      appendRow(facts, "2026-03-04", 300 + i);
    }
    Set<String> before = MaintainTesting.dataFiles(facts);
    long rows = MaintainTesting.rows(facts);
    long sum = idSum(facts);
    String size = "5 partitions (13 files, " + ResultTable.bytes(bytes(facts)) + "), 2 written since the last maintenance (version "
        + seen + ")";
    MaintainTesting lake = lake(3);

    List<StageResult> dryRun = lake.maintain(RUN_DATE, true);
    assertThat(MaintainTesting.dataFiles(facts)).isEqualTo(before);
    assertThat(lake.progress).contains(TABLE + ": would compact 8 files in 2 of " + size)
        .anySatisfy(line -> assertThat(line).startsWith(TABLE + ":   would compact partition_date=2026-03-02 (4 files, "))
        .anySatisfy(line -> assertThat(line).startsWith(TABLE + ":   would compact partition_date=2026-03-04 (4 files, "))
        .noneSatisfy(line -> assertThat(line).contains("would compact partition_date=2026-03-05"));
    assertThat(lake.result(dryRun, TABLE).metrics()).doesNotContainKey("compacted");

    List<StageResult> results = lake.maintain(RUN_DATE, false, Duration.ZERO);

    Set<String> after = MaintainTesting.dataFiles(facts);
    for (String untouched : List.of("2026-03-01", "2026-03-03", "2026-03-05")) {
      assertThat(inPartition(after, untouched)).isEqualTo(inPartition(before, untouched)).isNotEmpty();
    }
    assertThat(inPartition(after, "2026-03-05")).hasSize(3);
    for (String compacted : List.of("2026-03-02", "2026-03-04")) {
      assertThat(inPartition(before, compacted)).hasSize(4);
      assertThat(inPartition(after, compacted)).hasSize(1).doesNotContainAnyElementsOf(before);
    }
    assertThat(MaintainTesting.rows(facts)).isEqualTo(rows);
    assertThat(idSum(facts)).isEqualTo(sum);
    assertThat(lake.result(results, TABLE).metrics()).containsEntry("files_before", 13L).containsEntry("files_after", 7L)
        .containsEntry("compacted", 1L).containsEntry("files_compacted", 8L).containsEntry("files_written", 2L)
        .containsEntry("partitions_compacted", 2L);
    assertThat(lake.progress).contains(TABLE + ": compacting 8 files in 2 of " + size)
        .anySatisfy(line -> assertThat(line).startsWith(TABLE + ":   1 of 2 partitions compacted (4 files into 1 so far, "))
        .anySatisfy(line -> assertThat(line).startsWith(TABLE + ": compacted 8 files in 2 partitions into 2 ("));

    // OPTIMIZE's own commits add no data: the next run finds nothing written since.
    lake.progress.clear();
    List<StageResult> again = lake.maintain(RUN_DATE, false);
    assertThat(lake.progress).anySatisfy(line -> assertThat(line).startsWith(TABLE + ": 5 partitions (7 files, ")
        .endsWith("none written since the last maintenance (version " + (seen + 6) + "): nothing to compact"));
    assertThat(lake.result(again, TABLE).metrics()).doesNotContainKey("compacted");
    assertThat(MaintainTesting.dataFiles(facts)).isEqualTo(after);
  }

  /** One file per day for {@code days} days from 2026-03-01, ten rows each. */
  private static void writeDays(LakeLocation table, int days) {
    TestingSpark.session().sql("SELECT id, DATE_ADD(DATE'2026-03-01', CAST(id % " + days + " AS INT)) AS partition_date "
        + "FROM range(0, " + (10 * days) + ")").repartition(functions.col("partition_date"))
        .write().format("delta").partitionBy("partition_date").mode(SaveMode.Overwrite).save(table.uri());
  }

  /** One small file in one partition. */
  private static void appendRow(LakeLocation table, String day, long id) {
    TestingSpark.session().sql("SELECT CAST(" + id + " AS BIGINT) AS id, DATE'" + day + "' AS partition_date").coalesce(1)
        .write().format("delta").partitionBy("partition_date").mode(SaveMode.Append).save(table.uri());
  }

  private static Set<String> inPartition(Set<String> files, String day) {
    return files.stream().filter(file -> file.startsWith("partition_date=" + day + "/")).collect(Collectors.toSet());
  }

  private static long idSum(LakeLocation table) {
    return TestingSpark.session().read().format("delta").load(table.uri()).selectExpr("sum(id)").first().getLong(0);
  }

  private static long bytes(LakeLocation table) {
    return TestingSpark.session().sql("DESCRIBE DETAIL delta.`" + table.uri() + "`").first().<Long>getAs("sizeInBytes");
  }
}
