package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layout.StrataException;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** The fallback of a write's observed counts: a query that never reports them still gets an answer, an interrupted wait an error. */
class ObservedMetricsTest {

  @Test
  void aQueryThatReportsNoMetricsGetsTheFallbacksRow() {
    Row counts = ObservedMetrics.await(new Observation(), "the test's write", () -> RowFactory.create(42L), 50);

    assertThat(counts.getLong(0)).isEqualTo(42L);
  }

  @Test
  void anInterruptedWaitFailsWithWhatItWaitedForAndKeepsTheInterrupt() {
    ObservedMetrics.await(new Observation(), "a first wait", () -> RowFactory.create(0L), 1); // loads the logger uninterrupted
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> ObservedMetrics.await(new Observation(), "the raw batch file:/lake/raw/x", () -> RowFactory.create(0L), 5_000))
          .isInstanceOf(StrataException.class)
          .hasMessage("interrupted while waiting for the counts of the raw batch file:/lake/raw/x");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
