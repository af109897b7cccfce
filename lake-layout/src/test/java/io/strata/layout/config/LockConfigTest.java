package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lake.lock}: defaults, explicit settings, and the mistakes a user can make. */
class LockConfigTest {
  @TempDir Path dir;

  private PipelineConfig load(String text) throws IOException {
    Path file = Files.writeString(dir.resolve("pipeline.conf"), text);
    return new PipelineConfigLoader(Map.of(), true).load(file);
  }

  @Test
  void defaultsBeatEveryThirtySecondsAndTakeOverAfterFiveMinutes() throws IOException {
    PipelineConfig config = load("lake.root = lake");

    assertThat(config.lake().lock()).isEqualTo(new LockConfig(Duration.ofSeconds(30), Duration.ofMinutes(5)));
    assertThat(config.describe()).contains("lake.lock.heartbeat = 30s", "lake.lock.stale-after = 5m");
  }

  @Test
  void mapsBothSettings() throws IOException {
    PipelineConfig config = load("lake { root = lake, lock { heartbeat = 2s, stale-after = 90 seconds } }");

    assertThat(config.lake().lock()).isEqualTo(new LockConfig(Duration.ofSeconds(2), Duration.ofSeconds(90)));
    assertThat(config.describe()).contains("lake.lock.heartbeat = 2s", "lake.lock.stale-after = 90s");
  }

  @Test
  void aStaleTimeoutShorterThanThreeHeartbeatsNamesBothKeys() {
    Throwable thrown = catchThrowable(() -> load("lake { root = lake, lock { heartbeat = 1m, stale-after = 2m } }"));

    assertThat(thrown).isInstanceOf(StrataConfigException.class);
    assertThat(thrown.getMessage()).contains("lake.lock.stale-after: is 2m, less than 3 times lake.lock.heartbeat (1m): "
        + "a live run could lose its lock between two heartbeats. Fix: raise lake.lock.stale-after to at least 3m or lower lake.lock.heartbeat");
  }

  @Test
  void reportsBadValuesAndUnknownKeys() {
    Throwable thrown = catchThrowable(() -> load("lake { root = lake, lock { heartbeat = often, stale-after = 100ms, stale-afer = 5m } }"));

    assertThat(thrown).isInstanceOf(StrataConfigException.class);
    assertThat(thrown.getMessage())
        .contains("lake.lock.heartbeat: is not a duration")
        .containsPattern("lake\\.lock\\.stale-after: is \\S+, below the minimum ")
        .contains("lake.lock.stale-afer: is not a known setting. Fix: did you mean 'lake.lock.stale-after'?");
  }
}
