package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.ModelWatermarks;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.MaintenanceConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * VACUUM next to change-feed consumers: the change data of versions the model has not read yet
 * stays, however short the configured retention; tables nobody reads, or read to the end, follow
 * the normal retention.
 */
class MaintainChangeFeedIT {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 31);

  @TempDir Path dir;

  @Test
  void vacuumKeepsChangeDataAConsumerHasNotReadYet() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    FactConfig sales = new FactConfig("fact_sales", ModelSource.sql("SELECT 1 AS order_id"), List.of("order_id"), List.of("amount"),
        List.of(), List.of(), List.of(), "order_id");
    MaintainTesting lake = new MaintainTesting(dir.resolve("lake").toUri().toString(), Map.of(),
        new MaintenanceConfig(Duration.ZERO, 100, 100, 32, 3), new ModelConfig(Map.of(), Optional.empty(), Map.of("fact_sales", sales)));
    LakeLayout layout = lake.config.lake().layout();
    LakeLocation orders = layout.processed("orders");
    LakeLocation returns = layout.processed("returns");
    for (LakeLocation table : List.of(orders, returns)) {
      writeHistory(table);
    }
    // The model's fact_sales read processed/orders up to version 1; nobody reads processed/returns.
    SourceStateStore model = SourceStateStore.forModel(layout, TestingSpark.session().sparkContext().hadoopConfiguration());
    model.set("fact_sales", new SourceState(Map.of(ModelWatermarks.processedKey("orders"), "1")));
    // fact_gone read it only to version 0, but the config no longer builds it: its state holds nothing back.
    model.set("fact_gone", new SourceState(Map.of(ModelWatermarks.processedKey("orders"), "0")));

    List<StageResult> dryRun = lake.maintain(RUN_DATE, true);
    assertThat(lake.progress).contains("model state of fact_gone ignored: the config no longer builds it, so its change-feed position "
        + "does not hold VACUUM back (delete _state/model/fact_gone to tidy up)");
    assertThat(lake.progress).anySatisfy(line -> assertThat(line).matches("processed/orders: change feed: keeps the change data of "
        + "versions 2\\.\\.2 not yet read by curated/fact_sales \\(version 2 committed \\S+Z\\): retains 25 h instead of 0 h"));
    // Delta's dry run may name the _change_data folder itself, never a file in it or a data file.
    assertThat(lake.progress).anySatisfy(line -> assertThat(line).startsWith("processed/orders: vacuum (retain 25 h) would delete "))
        .noneSatisfy(line -> assertThat(line).startsWith("processed/orders:   would delete ").containsAnyOf("/cdc-", "/part-"))
        .noneSatisfy(line -> assertThat(line).startsWith("processed/returns: change feed"));
    assertThat(lake.result(dryRun, "processed/returns").metrics().get("vacuum_files")).isPositive();
    assertThat(changes(orders, 2)).containsExactlyInAnyOrder("2 b update_preimage", "2 B update_postimage");

    List<StageResult> results = lake.maintain(RUN_DATE, false);

    assertThat(changes(orders, 2)).containsExactlyInAnyOrder("2 b update_preimage", "2 B update_postimage");
    assertThat(lake.result(results, "processed/orders").metrics()).containsEntry("vacuum_retain_hours", 25L);
    assertThat(lake.result(results, "processed/orders").events())
        .anySatisfy(event -> assertThat(event).startsWith("change feed: keeps the change data of versions 2..2"));
    // Without a consumer the same history loses its change data to a VACUUM with no retention.
    assertThat(lake.result(results, "processed/returns").metrics().get("vacuum_files")).isPositive();
    assertThatThrownBy(() -> changes(returns, 2)).hasMessageContaining("_change_data");

    // VACUUM commits too (versions 3 and 4, no change data). Once fact_sales has read up to the latest version,
    // processed/orders follows the normal retention.
    long latest = MaintainTesting.version(orders);
    assertThat(latest).isGreaterThan(2);
    model.set("fact_sales", new SourceState(Map.of(ModelWatermarks.processedKey("orders"), String.valueOf(latest))));
    lake.progress.clear();
    List<StageResult> caughtUp = lake.maintain(RUN_DATE, false);
    assertThat(lake.progress).contains("processed/orders: change feed: read up to the latest version (" + latest
        + ") by curated/fact_sales: normal retention");
    assertThat(lake.result(caughtUp, "processed/orders").metrics().get("vacuum_files")).isPositive();
    assertThatThrownBy(() -> changes(orders, 2)).hasMessageContaining("_change_data");
  }

  /** Version 0 creates the table with the change feed on, 1 inserts two rows, 2 updates one of them. */
  private static void writeHistory(LakeLocation table) {
    String delta = "delta.`" + table.uri() + "`";
    TestingSpark.session().sql("CREATE TABLE " + delta + " (id BIGINT, label STRING) USING delta TBLPROPERTIES ("
        + ModelWatermarks.CHANGE_FEED_PROPERTY + " = true)");
    TestingSpark.session().sql("INSERT INTO " + delta + " VALUES (1, 'a'), (2, 'b')");
    TestingSpark.session().sql("UPDATE " + delta + " SET label = 'B' WHERE id = 2");
    assertThat(MaintainTesting.version(table)).isEqualTo(2);
  }

  private static List<String> changes(LakeLocation table, long fromVersion) {
    return TestingSpark.session().read().format("delta").option("readChangeFeed", "true").option("startingVersion", fromVersion)
        .load(table.uri()).select("id", "label", "_change_type").collectAsList().stream()
        .map((Row row) -> row.getLong(0) + " " + row.getString(1) + " " + row.getString(2)).toList();
  }
}
