package io.strata.bench.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class E2eReportTest {
  @Test
  void theLastLineGivesBothTotalsTheirRatioAndTheDemo() {
    assertThat(E2eReport.summaryLine(6_000_000, Duration.ofMillis(400_240), Duration.ofMillis(50_000), Optional.of(Duration.ofMillis(95_440))))
        .isEqualTo("bench e2e: rows=6000000 strata=400.2 duckdb=50.0 strata/duckdb=8.00 demo=95.4");
  }

  @Test
  void aRunWithoutTheDemoSaysSo() {
    assertThat(E2eReport.summaryLine(100, Duration.ofSeconds(30), Duration.ofSeconds(3), Optional.empty()))
        .isEqualTo("bench e2e: rows=100 strata=30.0 duckdb=3.0 strata/duckdb=10.00 demo=-");
  }
}
