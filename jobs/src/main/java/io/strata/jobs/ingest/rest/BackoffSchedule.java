package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before the next attempt: the server's {@code Retry-After} when it sent one,
 * else exponential backoff with jitter. The n-th wait is drawn from
 * {@code [max(initial, ceiling/2), ceiling]} where {@code ceiling = min(max, initial * 2^(n-1))}, so
 * clients that failed together do not retry together, and no wait leaves {@code [initial, max]}.
 */
final class BackoffSchedule {
  /** A Retry-After beyond this is cut to it: a run should fail visibly rather than sleep for hours. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  BackoffSchedule(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = requireNonNull(initial, "initial is null");
    this.max = requireNonNull(max, "max is null");
    this.random = requireNonNull(random, "random is null");
    if (initial.isNegative() || max.isNegative()) {
      throw new IllegalArgumentException("backoff must not be negative: " + initial + ", " + max);
    }
  }

  BackoffSchedule(Duration initial, Duration max) {
    this(initial, max, () -> ThreadLocalRandom.current().nextDouble());
  }

  /** The wait after {@code failedAttempts} (1 = after the first attempt failed). */
  Duration delayAfter(int failedAttempts, Optional<Duration> retryAfter) {
    if (failedAttempts < 1) {
      throw new IllegalArgumentException("failedAttempts must be at least 1, was " + failedAttempts);
    }
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.isNegative() ? Duration.ZERO : asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }
    long ceiling = ceilingMillis(failedAttempts);
    long floor = Math.min(Math.max(initial.toMillis(), ceiling / 2), ceiling);
    long jittered = floor + (long) Math.floor(random.getAsDouble() * (ceiling - floor + 1));
    return Duration.ofMillis(Math.min(jittered, ceiling));
  }

  private long ceilingMillis(int failedAttempts) {
    long maxMillis = max.toMillis();
    long value = initial.toMillis();
    for (int i = 1; i < failedAttempts && value < maxMillis; i++) {
      value *= 2;
    }
    return Math.min(value, maxMillis);
  }
}
