package io.strata.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.bench.BenchSupport;
import io.strata.bench.Tee;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/bench/scale end to end at a tiny size: both days run through strata-local (child JVMs on
 * the application jar the reactor built), the warehouse check passes, and the last line has the
 * format scripts read. 31 days of orders instead of three years keep it short.
 */
class ScaleBenchmarkIT {
  private static final String SUMMARY = "bench scale: customers=200 orders=1000 day1=\\d+\\.\\d day2=\\d+\\.\\d day2/day1=\\d+\\.\\d\\d"
      + " model-day2/day1=\\d+\\.\\d\\d export-day2/day1=\\d+\\.\\d\\d";

  @TempDir Path work;

  @Test
  void runsBothDaysAndEndsWithTheSummaryLine() throws Exception {
    Path projectDir = BenchSupport.projectDir();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);

    String summary = ScaleBenchmark.run(new ScaleOptions(200, 1_000, 7, 31, work, null), projectDir, out);

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(summary).matches(SUMMARY);
    assertThat(lines.get(lines.size() - 1)).isEqualTo(summary);
    assertThat(lines).anyMatch(line -> line.startsWith("bench scale: warehouse after day 2: fact_orders 1,010 rows"))
        .anyMatch(line -> line.matches("  model\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\d"))
        .anyMatch(line -> line.matches("  export\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\d"));
    assertThat(work.resolve("logs/day1-console.txt")).exists();
    // The secrets went to the runs through the environment only.
    assertThat(Files.readString(work.resolve("bench-scale.conf"))).contains("key = \"env:STRATA_BENCH_PII_KEY\"")
        .contains("password = \"env:STRATA_BENCH_WAREHOUSE_PASSWORD\"");
  }
}
