package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The one formatter for counts, sizes and times that the CLI, the summary and the report print. */
class ResultTableTest {
  @Test
  void countsTakeTheSingularForExactlyOne() {
    assertThat(ResultTable.count(1, "file")).isEqualTo("1 file");
    assertThat(ResultTable.count(0, "file")).isEqualTo("0 files");
    assertThat(ResultTable.count(2, "partition")).isEqualTo("2 partitions");
    assertThat(ResultTable.count(1_204, "row")).isEqualTo("1,204 rows");
  }

  @Test
  void sizesAndTimes() {
    assertThat(ResultTable.bytes(18)).isEqualTo("18 B");
    assertThat(ResultTable.bytes(3 * 1024 * 1024)).isEqualTo("3.0 MiB");
    assertThat(ResultTable.format(Duration.ofMillis(56_900))).isEqualTo("56.9 s");
  }
}
