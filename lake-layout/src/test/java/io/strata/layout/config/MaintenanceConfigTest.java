package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.strata.layout.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaintenanceConfigTest {
  @TempDir Path dir;

  private LakeConfig lake(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("pipeline.conf"), text);
    return new PipelineConfigLoader(Map.of(), true).load(file).lake();
  }

  @Test
  void defaultsKeepDeltasSevenDaysAndTheRunLogForever() throws IOException {
    LakeConfig lake = lake("lake.root = lake");

    assertThat(lake.maintenance()).isEqualTo(MaintenanceConfig.defaults());
    assertThat(lake.maintenance().vacuumRetention()).isEqualTo(Duration.ofDays(7));
    assertThat(lake.maintenance().commitRetries()).isEqualTo(3);
    assertThat(lake.retentionDays(Layer.QUARANTINE)).hasValue(90);
    assertThat(lake.retentionDays(Layer.RUN_LOG)).isEmpty();
  }

  @Test
  void mapsEverySetting() throws IOException {
    LakeConfig lake = lake("""
        lake {
          root = lake
          retention-days { raw = 30, quarantine = 14, run-log = 400 }
          maintenance {
            vacuum-retention = 36 hours
            commit-retries = 5
            compaction { min-files = 4, max-files = 50, min-average-file-mb = 64 }
          }
        }
        """);

    assertThat(lake.maintenance()).isEqualTo(new MaintenanceConfig(Duration.ofHours(36), 4, 50, 64, 5));
    assertThat(lake.retentionDays(Layer.QUARANTINE)).isEqualTo(OptionalInt.of(14));
    assertThat(lake.retentionDays(Layer.RUN_LOG)).isEqualTo(OptionalInt.of(400));
  }

  @Test
  void reportsEachMistakeWithItsKey() {
    Throwable thrown = catchThrowable(() -> lake("""
        lake {
          root = lake
          retention-days { state = 10 }
          maintenance {
            vacuum-retention = soon
            commit-retries = 50
            compaction { min-files = 20, max-files = 5, min-avg-file-mb = 1 }
          }
        }
        """));

    assertThat(thrown).isInstanceOf(StrataConfigException.class);
    assertThat(thrown.getMessage())
        .contains("lake.retention-days.state: cannot be set: watermarks and file ledgers are kept as long as the pipeline lives")
        .contains("lake.maintenance.vacuum-retention: is not a duration")
        .contains("lake.maintenance.commit-retries: is 50, outside 0..10")
        .contains("lake.maintenance.compaction.max-files: is 5, below compaction.min-files = 20. "
            + "Fix: raise lake.maintenance.compaction.max-files or lower lake.maintenance.compaction.min-files")
        .contains("lake.maintenance.compaction.min-avg-file-mb: is not a known setting. Fix: did you mean "
            + "'lake.maintenance.compaction.min-average-file-mb'?");
  }

  @Test
  void compactsManyFilesOrSmallFilesButNeverAFewFiles() {
    MaintenanceConfig config = new MaintenanceConfig(Duration.ofDays(7), 4, 50, 1, 3);
    long megabyte = 1024L * 1024L;

    assertThat(config.needsCompaction(3, 3 * 1024)).as("below min-files").isFalse();
    assertThat(config.needsCompaction(4, 4 * 1024)).as("small files").isTrue();
    assertThat(config.needsCompaction(4, 4 * megabyte)).as("files of exactly the minimum average").isFalse();
    assertThat(config.needsCompaction(51, 51 * 100 * megabyte)).as("more than max-files").isTrue();
    assertThat(config.needsCompaction(50, 50 * 100 * megabyte)).as("max-files exactly, large files").isFalse();
  }
}
