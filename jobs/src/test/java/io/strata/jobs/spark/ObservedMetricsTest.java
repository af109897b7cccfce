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
    Row counts = ObservedMetrics.await(new Observation().future(), "the test's write", () -> RowFactory.create(42L), 50);

    assertThat(counts.getLong(0)).isEqualTo(42L);
  }

  @Test
  void anEmptyRowMeansTheQueryCollectedNothingAndGetsTheFallbacksRow() {
    Row counts = ObservedMetrics.await(scala.concurrent.Future.successful(Row.empty()), "a write without its metrics",
        () -> RowFactory.create(7L), 5_000);

    assertThat(counts.getLong(0)).isEqualTo(7L);
  }

  @Test
  void aReportedRowIsTaken() {
    Row counts = ObservedMetrics.await(scala.concurrent.Future.successful(RowFactory.create(3L)), "a write", () -> RowFactory.create(7L),
        5_000);

    assertThat(counts.getLong(0)).isEqualTo(3L);
  }

  @Test
  void anInterruptedWaitFailsWithWhatItWaitedForAndKeepsTheInterrupt() {
    ObservedMetrics.await(new Observation().future(), "a first wait", () -> RowFactory.create(0L), 1); // loads the logger uninterrupted
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> ObservedMetrics.await(new Observation().future(), "the raw batch file:/lake/raw/x", () -> RowFactory.create(0L), 5_000))
          .isInstanceOf(StrataException.class)
          .hasMessage("interrupted while waiting for the counts of the raw batch file:/lake/raw/x");
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }
}
