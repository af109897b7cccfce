package io.strata.jobs.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeFeedRetentionTest {
  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final Duration WEEK = Duration.ofDays(7);
  private static final ChangeFeedConsumers.Position AT_4 = new ChangeFeedConsumers.Position(4, "curated/fact_sales");

  @Test
  void aConsumerAtTheLatestVersionLeavesTheNormalRetention() {
    ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(WEEK, AT_4, 4, Optional.empty(), NOW);

    assertThat(decision.retention()).contains(WEEK);
    assertThat(decision.extended()).isFalse();
    assertThat(decision.reason()).isEqualTo("read up to the latest version (4) by curated/fact_sales: normal retention");
  }

  @Test
  void unreadVersionsCommittedWithinTheRetentionLeaveItAsItIs() {
    ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(WEEK, AT_4, 9, Optional.of(NOW.minus(Duration.ofDays(5))), NOW);

    assertThat(decision.retention()).contains(WEEK);
    assertThat(decision.extended()).isFalse();
    assertThat(decision.reason()).isEqualTo(
        "versions 5..9 not yet read by curated/fact_sales (version 5 committed 2026-03-26T12:00:00Z): within the normal retention");
  }

  @Test
  void olderUnreadVersionsLengthenTheRetentionToTheirAgePlusAWriteMarginInWholeHours() {
    Instant committed = NOW.minus(Duration.ofDays(9)).minusSeconds(90);

    ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(WEEK, AT_4, 9, Optional.of(committed), NOW);

    assertThat(decision.retention()).contains(Duration.ofHours(10 * 24 + 1));
    assertThat(decision.extended()).isTrue();
    assertThat(decision.reason()).isEqualTo("keeps the change data of versions 5..9 not yet read by curated/fact_sales "
        + "(version 5 committed 2026-03-22T11:58:30Z): retains 241 h instead of 168 h");
  }

  @Test
  void aCommitLessThanASecondOldStillGetsTheHourItsMarginReachesInto() {
    ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(Duration.ZERO, AT_4, 9, Optional.of(NOW.minusMillis(500)), NOW);

    assertThat(decision.retention()).contains(Duration.ofHours(25));
  }

  @Test
  void aCommitMissingFromTheLogLeavesTheTableUnvacuumed() {
    ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(WEEK, AT_4, 9, Optional.empty(), NOW);

    assertThat(decision.retention()).isEmpty();
    assertThat(decision.reason()).startsWith("not vacuumed: versions 5..9 not yet read by curated/fact_sales, and commit 5 is no longer "
        + "in the table's log");
  }

  @Test
  void hoursAreWrittenTheWayVacuumTakesThem() {
    assertThat(ChangeFeedRetention.hours(Duration.ofDays(7))).isEqualTo("168");
    assertThat(ChangeFeedRetention.hours(Duration.ofMinutes(30))).isEqualTo("0.5");
    assertThat(ChangeFeedRetention.hours(Duration.ZERO)).isEqualTo("0");
  }
}
