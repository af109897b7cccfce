package io.strata.jobs.ingest.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JdbcCursorPredicatesTest {
  @Test
  void oneColumnIsAPlainComparison() {
    assertThat(CursorPredicates.after(List.of("\"id\""), List.of("5"))).isEqualTo("\"id\" > 5");
    assertThat(CursorPredicates.atOrBefore(List.of("\"id\""), List.of("9"))).isEqualTo("\"id\" <= 9");
  }

  @Test
  void twoColumnsExpandTheTupleComparisonBehindAnIndexFriendlyPrefix() {
    assertThat(CursorPredicates.after(List.of("a", "b"), List.of("x", "y")))
        .isEqualTo("a >= x AND ((a > x) OR (a = x AND (b > y)))");
    assertThat(CursorPredicates.atOrBefore(List.of("a", "b"), List.of("x", "y")))
        .isEqualTo("a <= x AND ((a < x) OR (a = x AND (b <= y)))");
  }

  @Test
  void threeColumnsNest() {
    assertThat(CursorPredicates.after(List.of("a", "b", "c"), List.of("1", "2", "3")))
        .isEqualTo("a >= 1 AND ((a > 1) OR (a = 1 AND ((b > 2) OR (b = 2 AND (c > 3)))))");
  }

  @Test
  void lookBackComparesTheFirstColumnInclusively() {
    assertThat(CursorPredicates.atLeast("`updated_at`", "TIMESTAMP '2026-03-01 09:50:00.000000'"))
        .isEqualTo("`updated_at` >= TIMESTAMP '2026-03-01 09:50:00.000000'");
  }

  @Test
  void conditionsJoinWithParenthesesAndSkipBlanks() {
    assertThat(CursorPredicates.and(List.of("a > 1", "", "b IS NOT NULL"))).isEqualTo("(a > 1) AND (b IS NOT NULL)");
    assertThat(CursorPredicates.and(List.of("a > 1"))).isEqualTo("a > 1");
    assertThat(CursorPredicates.and(List.of())).isEqualTo("1 = 1");
    assertThat(CursorPredicates.notNull(List.of("a", "b"))).isEqualTo("a IS NOT NULL AND b IS NOT NULL");
  }

  @Test
  void valuesMustMatchColumns() {
    assertThatThrownBy(() -> CursorPredicates.after(List.of("a", "b"), List.of("1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need as many values as cursor columns, got 2 columns and 1 values");
    assertThatThrownBy(() -> CursorPredicates.after(List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("need as many values as cursor columns, got 0 columns and 0 values");
  }
}
