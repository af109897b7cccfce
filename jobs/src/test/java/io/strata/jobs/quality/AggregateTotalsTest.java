package io.strata.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

/** How an aggregate's totals compare with its fact's: decimals and counts exactly, floating point within rounding. */
class AggregateTotalsTest {
  @Test
  void decimalsAndCountsCompareExactlyAndMissingTotalsCountAsZero() {
    assertThat(AggregateTotals.equal(RowFactory.create(new BigDecimal("12.50")), RowFactory.create(new BigDecimal("12.5000")), 0)).isTrue();
    assertThat(AggregateTotals.equal(RowFactory.create(new BigDecimal("12.50")), RowFactory.create(new BigDecimal("12.51")), 0)).isFalse();
    assertThat(AggregateTotals.equal(RowFactory.create(7L), RowFactory.create(7L), 0)).isTrue();
    assertThat(AggregateTotals.equal(RowFactory.create(7L), RowFactory.create(8L), 0)).isFalse();
    assertThat(AggregateTotals.equal(RowFactory.create((Object) null), RowFactory.create(0L), 0)).isTrue();
  }

  @Test
  void floatingPointTotalsMayDifferInTheLastBitsOnly() {
    double inOrder = 0.1 + 0.2 + 0.3;
    double otherOrder = 0.3 + 0.2 + 0.1;
    assertThat(inOrder).isNotEqualTo(otherOrder);
    Row got = RowFactory.create(inOrder);
    assertThat(AggregateTotals.equal(got, RowFactory.create(otherOrder), 0)).isTrue();
    assertThat(AggregateTotals.equal(got, RowFactory.create(0.61), 0)).isFalse();
    assertThat(AggregateTotals.equal(RowFactory.create(Double.NaN), RowFactory.create(Double.NaN), 0)).isTrue();
    assertThat(AggregateTotals.equal(RowFactory.create(Double.NaN), RowFactory.create(1.0), 0)).isFalse();
  }

  @Test
  void theTwoSidesOfTheOneTotalsRowAreComparedMeasureByMeasure() {
    // The aggregate's totals, then the fact's, as the check's one query returns them.
    Row both = RowFactory.create(new BigDecimal("12.50"), 7L, new BigDecimal("12.50"), 8L);
    Row totals = AggregateTotals.slice(both, 0, 2);
    Row expected = AggregateTotals.slice(both, 2, 2);
    assertThat(AggregateTotals.equal(totals, expected, 0)).as("revenue").isTrue();
    assertThat(AggregateTotals.equal(totals, expected, 1)).as("order lines: 7 against 8").isFalse();
    assertThat(expected.getLong(1)).isEqualTo(8L);
  }
}
