package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallDataSettingsTest {
  @TempDir
  Path dir;

  @Test
  void dataUnderTheThresholdRunsInterpretedAndSaysHowMuchThereIs() {
    SmallDataSettings.Choice small = SmallDataSettings.choose(3 * 1024 * 1024, SmallDataSettings.THRESHOLD_BYTES, true, true);
    assertThat(small.interpreted()).isTrue();
    assertThat(small.reason()).isEqualTo("lake and inputs hold 3.0 MiB, under 32.0 MiB: Spark evaluates queries without compiling them"
        + " and plans each query once (no adaptive execution)");

    SmallDataSettings.Choice large = SmallDataSettings.choose(SmallDataSettings.THRESHOLD_BYTES, SmallDataSettings.THRESHOLD_BYTES, true, true);
    assertThat(large.interpreted()).isFalse();
    assertThat(large.reason()).isEqualTo("lake and inputs hold 32.0 MiB or more: Spark compiles its queries and plans them adaptively");
    assertThat(SmallDataSettings.choose(1024, SmallDataSettings.THRESHOLD_BYTES, false, true).reason()).as("the user set code generation")
        .isEqualTo("lake and inputs hold 1.0 KiB, under 32.0 MiB: Spark plans each query once (no adaptive execution)");
    assertThat(SmallDataSettings.choose(SmallDataSettings.THRESHOLD_BYTES, SmallDataSettings.THRESHOLD_BYTES, true, false).reason())
        .as("the user set adaptive execution").isEqualTo("lake and inputs hold 32.0 MiB or more: Spark compiles its queries");
  }

  @Test
  void theBytesOfADirectoryAreCountedRecursivelyAndOfAGlobOnlyWhatMatches() throws Exception {
    Files.createDirectories(dir.resolve("lake/curated/t"));
    Files.write(dir.resolve("lake/curated/t/part-0.parquet"), new byte[300]);
    Files.write(dir.resolve("lake/curated/t/part-1.parquet"), new byte[200]);
    Files.write(dir.resolve("lake/state.json"), new byte[50]);
    Files.createDirectories(dir.resolve("landing"));
    Files.write(dir.resolve("landing/orders-1.csv"), new byte[70]);
    Files.write(dir.resolve("landing/stores.csv"), new byte[900]);
    Configuration hadoop = new Configuration();

    assertThat(SmallDataSettings.bytesUpTo(hadoop, dir.resolve("lake").toUri().toString(), 10_000)).isEqualTo(550);
    assertThat(SmallDataSettings.bytesUpTo(hadoop, "file://" + dir.resolve("landing") + "/orders-*.csv", 10_000)).isEqualTo(70);
    assertThat(SmallDataSettings.bytesUpTo(hadoop, dir.resolve("landing/stores.csv").toUri().toString(), 10_000)).isEqualTo(900);
  }

  @Test
  void countingStopsAtTheLimitAndAMissingLocationHoldsNothing() throws Exception {
    Files.createDirectories(dir.resolve("lake"));
    for (int i = 0; i < 5; i++) {
      Files.write(dir.resolve("lake/part-" + i), new byte[400]);
    }
    Configuration hadoop = new Configuration();

    assertThat(SmallDataSettings.bytesUpTo(hadoop, dir.resolve("lake").toUri().toString(), 1_000)).isEqualTo(1_000);
    assertThat(SmallDataSettings.bytesUpTo(hadoop, dir.resolve("lake").toUri().toString(), 0)).isZero();
    assertThat(SmallDataSettings.bytesUpTo(hadoop, dir.resolve("nowhere").toUri().toString(), 1_000)).isZero();
  }
}
