package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;

/**
 * Which dates a layer still keeps on a run date: a date is kept when it is on or after
 * {@code runDate - days}, so with 90 days a run of 2026-03-31 keeps 2025-12-31 and deletes
 * 2025-12-30. Days are at least one, so the run date itself (whose batches a running ingest may
 * be writing) and later dates are always kept.
 */
record RetentionWindow(LocalDate runDate, int days) {
  RetentionWindow {
    requireNonNull(runDate, "runDate is null");
    if (days < 1) {
      throw new IllegalArgumentException("retention must be at least one day, not " + days);
    }
  }

  /** The oldest date kept. */
  LocalDate cutoff() {
    return runDate.minusDays(days);
  }

  boolean expired(LocalDate date) {
    return date.isBefore(cutoff()) && date.isBefore(runDate);
  }
}
