package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import io.strata.layout.LakeLocation;
import io.strata.layout.config.MaintenanceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Maintenance next to a running pipeline: a writer appends while maintain compacts and vacuums the same table. */
class MaintainConcurrentWriterIT {
  @TempDir Path dir;

  @Test
  void aWriterAndMaintainBothFinishAndNoRowIsLostOrDoubled() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    MaintainTesting lake = new MaintainTesting(dir.resolve("lake").toUri().toString(), Map.of(),
        new MaintenanceConfig(Duration.ofDays(7), 2, 100, 32, 5));
    LakeLocation events = lake.config.lake().layout().processed("events");
    MaintainTesting.appendRows(events, 6, 1);

    CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> MaintainTesting.appendRows(events, 6, 101));
    List<StageResult> results = lake.maintain(LocalDate.of(2026, 3, 31), false);
    writer.get(120, TimeUnit.SECONDS);

    assertThat(MaintainTesting.rows(events)).isEqualTo(12);
    StageResult result = lake.result(results, "processed/events");
    if (result.metrics().containsKey("skipped")) {
      assertThat(result.events()).anySatisfy(event -> assertThat(event).contains("concurrent commits kept conflicting"));
    } else {
      assertThat(result.metrics()).containsEntry("compacted", 1L);
      assertThat(result.metrics().get("files_after")).isLessThan(result.metrics().get("files_before"));
    }
    // Compacting again after the writer is done takes the table down to one file, rows unchanged.
    lake.maintain(LocalDate.of(2026, 3, 31), false);
    assertThat(MaintainTesting.files(events)).isEqualTo(1);
    assertThat(io.strata.jobs.testing.TestingSpark.session().read().format("delta").load(events.uri()).selectExpr("sum(id)").first()
        .getLong(0)).isEqualTo(21 + 6 * 101 + 15);
  }
}
