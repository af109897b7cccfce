package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * The retention VACUUM gives a table whose change feed someone reads: long enough that the change
 * data of every version its slowest consumer has not read yet stays (the data files those
 * versions added or removed and their {@code _change_data} files). VACUUM deletes a file once it
 * was removed, or written if no version references it, longer ago than the retention; the files
 * of version {@code v} were written and removed no earlier than the job that committed it
 * started. So the retention must cover the age of the commit after the consumed version plus
 * {@link #WRITE_MARGIN}, the longest a write job is expected to run before it commits.
 */
final class ChangeFeedRetention {
  /** How long before its commit a job may have written or removed the files of a version. */
  static final Duration WRITE_MARGIN = Duration.ofDays(1);

  /**
   * What VACUUM of one table does.
   *
   * @param retention the retention to vacuum with; empty to leave the table unvacuumed
   * @param extended whether it is longer than the configured one
   * @param reason the decision in words, for the progress line and the run log
   */
  record Decision(Optional<Duration> retention, boolean extended, String reason) {
    Decision {
      requireNonNull(retention, "retention is null");
      requireNonNull(reason, "reason is null");
    }
  }

  private ChangeFeedRetention() {}

  /**
   * @param configured {@code lake.maintenance.vacuum-retention}
   * @param consumer the table's slowest change-feed consumer
   * @param latestVersion the table's current version
   * @param nextCommittedAt when version {@code consumer.version() + 1} was committed; empty when its commit is gone
   */
  static Decision decide(Duration configured, ChangeFeedConsumers.Position consumer, long latestVersion,
      Optional<Instant> nextCommittedAt, Instant now) {
    long next = consumer.version() + 1;
    if (consumer.version() >= latestVersion) {
      return new Decision(Optional.of(configured), false,
          "read up to the latest version (" + latestVersion + ") by " + consumer.consumer() + ": normal retention");
    }
    String unread = "versions " + next + ".." + latestVersion + " not yet read by " + consumer.consumer();
    if (nextCommittedAt.isEmpty()) {
      return new Decision(Optional.empty(), false, "not vacuumed: " + unread + ", and commit " + next
          + " is no longer in the table's log, so how old its change data is cannot be told; vacuum resumes once "
          + consumer.consumer() + " has read on");
    }
    String committed = "version " + next + " committed " + nextCommittedAt.get().truncatedTo(ChronoUnit.SECONDS);
    Duration needed = Duration.between(nextCommittedAt.get(), now).plus(WRITE_MARGIN);
    if (needed.compareTo(configured) <= 0) {
      return new Decision(Optional.of(configured), false, unread + " (" + committed + "): within the normal retention");
    }
    // Whole hours, rounded up from the millisecond: rounding from whole seconds fell short of what is needed within a
    // second of the commit (24 h for 24 h 0.5 s).
    Duration retention = Duration.ofHours((needed.toMillis() + 3_599_999) / 3_600_000);
    return new Decision(Optional.of(retention), true, String.format("keeps the change data of %s (%s): retains %s h instead of %s h",
        unread, committed, hours(retention), hours(configured)));
  }

  /** {@code 168}, {@code 0.5}: VACUUM's RETAIN ... HOURS. */
  static String hours(Duration retention) {
    return BigDecimal.valueOf(retention.toMillis()).divide(BigDecimal.valueOf(3_600_000L), 3, RoundingMode.DOWN)
        .stripTrailingZeros().toPlainString();
  }
}
