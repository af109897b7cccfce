package io.strata.bench.e2e;

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
 * scripts/bench/e2e end to end at a tiny size: Strata through strata-local (a child JVM on the
 * application jar the reactor built) and DuckDB build the star from the same sources, the two stars
 * compare equal row for row, and the last line has the format scripts read. Without the demo, to
 * keep it short.
 */
class E2eBenchmarkIT {
  private static final String SUMMARY = "bench e2e: rows=2000 strata=\\d+\\.\\d duckdb=\\d+\\.\\d strata/duckdb=\\d+\\.\\d\\d demo=-";

  @TempDir Path work;

  @Test
  void buildsBothStarsEqualAndEndsWithTheSummaryLine() throws Exception {
    Path projectDir = BenchSupport.projectDir();
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(new Tee(System.out, captured), true, StandardCharsets.UTF_8);

    String summary = E2eBenchmark.run(new E2eOptions(2_000, 100, 150, 12, 1, 3, false, work), projectDir, out);

    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines().toList();
    assertThat(summary).matches(SUMMARY);
    assertThat(lines.get(lines.size() - 1)).isEqualTo(summary);
    assertThat(lines).anyMatch(line -> line.startsWith("bench e2e: both stars hold the same rows (dim_customer 101, dim_product 151,"
            + " dim_supplier 13, dim_date "))
        .anyMatch(line -> line.matches("  model\\s+\\d+\\.\\d\\s+\\d+\\.\\d\\s+\\d+\\.\\d"));
    // The secrets went to the run through the environment only.
    assertThat(Files.readString(work.resolve("bench-e2e.conf"))).contains("key = \"env:STRATA_BENCH_PII_KEY\"")
        .contains("password = \"env:STRATA_BENCH_WAREHOUSE_PASSWORD\"");
  }
}
