package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RestBackoffTest {
  private static final Duration INITIAL = Duration.ofMillis(100);
  private static final Duration MAX = Duration.ofMillis(1000);

  @Test
  void growsExponentiallyWithinInitialAndMax() {
    BackoffSchedule top = new BackoffSchedule(INITIAL, MAX, () -> 0.999999);
    BackoffSchedule bottom = new BackoffSchedule(INITIAL, MAX, () -> 0.0);

    assertThat(top.delayAfter(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(top.delayAfter(2, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(top.delayAfter(3, Optional.empty())).isEqualTo(Duration.ofMillis(400));
    assertThat(top.delayAfter(4, Optional.empty())).isEqualTo(Duration.ofMillis(800));
    assertThat(top.delayAfter(5, Optional.empty())).isEqualTo(MAX);
    assertThat(top.delayAfter(60, Optional.empty())).isEqualTo(MAX);

    assertThat(bottom.delayAfter(1, Optional.empty())).isEqualTo(INITIAL);
    assertThat(bottom.delayAfter(2, Optional.empty())).isEqualTo(Duration.ofMillis(100));
    assertThat(bottom.delayAfter(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
    assertThat(bottom.delayAfter(60, Optional.empty())).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void jitterSpreadsDelays() {
    BackoffSchedule schedule = new BackoffSchedule(INITIAL, MAX);
    for (int attempt = 1; attempt < 10; attempt++) {
      assertThat(schedule.delayAfter(attempt, Optional.empty())).isBetween(INITIAL, MAX);
    }
    assertThat(new BackoffSchedule(INITIAL, MAX, () -> 0.5).delayAfter(4, Optional.empty())).isEqualTo(Duration.ofMillis(600));
  }

  @Test
  void retryAfterWinsOverBackoffAndIsCapped() {
    BackoffSchedule schedule = new BackoffSchedule(INITIAL, MAX, () -> 0.0);

    assertThat(schedule.delayAfter(1, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
    assertThat(schedule.delayAfter(1, Optional.of(Duration.ZERO))).isEqualTo(Duration.ZERO);
    assertThat(schedule.delayAfter(1, Optional.of(Duration.ofDays(1)))).isEqualTo(BackoffSchedule.MAX_RETRY_AFTER);
  }

  @Test
  void zeroBackoffIsAllowed() {
    assertThat(new BackoffSchedule(Duration.ZERO, Duration.ZERO).delayAfter(3, Optional.empty())).isEqualTo(Duration.ZERO);
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new BackoffSchedule(INITIAL, MAX).delayAfter(0, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("failedAttempts must be at least 1, was 0");
    assertThatThrownBy(() -> new BackoffSchedule(Duration.ofMillis(-1), MAX))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("backoff must not be negative: PT-0.001S, PT1S");
  }

  @Test
  void readsRetryAfterSecondsAndHttpDates() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");

    assertThat(RetryAfter.parse(Optional.of("1"), now)).contains(Duration.ofSeconds(1));
    assertThat(RetryAfter.parse(Optional.of(" 120 "), now)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 12:00:30 GMT"), now)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse(Optional.of("Sun, 01 Mar 2026 11:00:00 GMT"), now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parse(Optional.of("soon"), now)).isEmpty();
    assertThat(RetryAfter.parse(Optional.of("-5"), now)).isEmpty();
    assertThat(RetryAfter.parse(Optional.empty(), now)).isEmpty();
  }

  @Test
  void retriesConnectionErrors429And5xxOnly() {
    assertThat(HttpAttempt.isRetryableStatus(429)).isTrue();
    assertThat(HttpAttempt.isRetryableStatus(500)).isTrue();
    assertThat(HttpAttempt.isRetryableStatus(503)).isTrue();
    assertThat(HttpAttempt.isRetryableStatus(599)).isTrue();
    assertThat(HttpAttempt.isRetryableStatus(400)).isFalse();
    assertThat(HttpAttempt.isRetryableStatus(401)).isFalse();
    assertThat(HttpAttempt.isRetryableStatus(404)).isFalse();
    assertThat(HttpAttempt.isRetryableStatus(200)).isFalse();
    assertThat(HttpAttempt.failed(new java.net.ConnectException("Connection refused")).retryable()).isTrue();
    assertThat(HttpStatusText.of(503)).isEqualTo("503 Service Unavailable");
    assertThat(HttpStatusText.of(599)).isEqualTo("599");
  }
}
