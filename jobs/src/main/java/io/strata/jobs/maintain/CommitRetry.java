package io.strata.jobs.maintain;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.RetryPolicy;
import io.delta.exceptions.DeltaConcurrentModificationException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs one Delta commit of maintenance, retrying when a concurrent writer (a running pipeline)
 * committed a conflicting change first. Delta's optimistic concurrency guarantees that the losing
 * commit wrote nothing visible, so a retry starts from the new table version. When the conflicts
 * persist the work is given up: the caller skips that table and warns.
 */
final class CommitRetry {
  private final int retries;
  private final Duration firstDelay;

  CommitRetry(int retries, Duration firstDelay) {
    this.retries = retries;
    this.firstDelay = firstDelay;
  }

  /** The result of {@code commit}, or empty when it still conflicted after every retry. */
  <T> Optional<T> run(Supplier<T> commit) {
    RetryPolicy<T> policy = RetryPolicy.<T>builder()
        .handleIf(CommitRetry::isConflict)
        .withMaxRetries(retries)
        .withBackoff(firstDelay, firstDelay.multipliedBy(8))
        .withJitter(0.25)
        .build();
    try {
      return Optional.of(Failsafe.with(policy).get(commit::get));
    } catch (FailsafeException e) {
      throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
    } catch (RuntimeException e) {
      if (isConflict(e)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Delta raises conflicts directly or wrapped (e.g. by Spark's SQL execution). */
  static boolean isConflict(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof DeltaConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }
}
