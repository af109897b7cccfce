package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RetentionWindowTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 31);

  @Test
  void keepsTheDateExactlyAtTheLimitAndDeletesTheDayBefore() {
    RetentionWindow window = new RetentionWindow(RUN_DATE, 90);

    assertThat(window.cutoff()).isEqualTo(LocalDate.of(2025, 12, 31));
    assertThat(window.expired(LocalDate.of(2025, 12, 31))).isFalse();
    assertThat(window.expired(LocalDate.of(2025, 12, 30))).isTrue();
  }

  @Test
  void alwaysKeepsTheRunDateAndLaterDates() {
    RetentionWindow shortest = new RetentionWindow(RUN_DATE, 1);

    assertThat(shortest.expired(RUN_DATE)).isFalse();
    assertThat(shortest.expired(RUN_DATE.minusDays(1))).isFalse();
    assertThat(shortest.expired(RUN_DATE.minusDays(2))).isTrue();
    assertThat(shortest.expired(RUN_DATE.plusDays(30))).isFalse();
    assertThatThrownBy(() -> new RetentionWindow(RUN_DATE, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retention must be at least one day, not 0");
  }
}
