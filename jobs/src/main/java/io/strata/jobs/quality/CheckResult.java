package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.QualityCheck;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The outcome of one check of one table.
 *
 * @param failingRows rows that broke a row-level rule (or the mismatch of a reconciliation); empty for table-level checks
 * @param rowsChecked the rows the check looked at; empty when it could not run
 * @param sample failing rows as a JSON array, at most {@code quality.sample-rows} of them
 */
public record CheckResult(String table, QualityCheck check, Status status, OptionalLong failingRows, OptionalLong rowsChecked,
    Optional<String> sample, String message) {

  /** PASS; WARN and FAIL: the check did not pass, by its severity; ERROR: it could not run. */
  public enum Status { PASS, WARN, FAIL, ERROR }

  public CheckResult {
    requireNonNull(table, "table is null");
    requireNonNull(check, "check is null");
    requireNonNull(status, "status is null");
    requireNonNull(failingRows, "failingRows is null");
    requireNonNull(rowsChecked, "rowsChecked is null");
    requireNonNull(sample, "sample is null");
    requireNonNull(message, "message is null");
  }

  /** A check that ran: PASS, or WARN/FAIL by its severity. */
  static CheckResult judged(String table, QualityCheck check, boolean passed, OptionalLong failingRows, OptionalLong rowsChecked,
      Optional<String> sample, String message) {
    Status status = passed ? Status.PASS : check.severity() == QualityCheck.Severity.FAIL ? Status.FAIL : Status.WARN;
    return new CheckResult(table, check, status, failingRows, rowsChecked, sample, message);
  }

  static CheckResult error(String table, QualityCheck check, String message) {
    return new CheckResult(table, check, Status.ERROR, OptionalLong.empty(), OptionalLong.empty(), Optional.empty(), message);
  }

  CheckResult withSample(String sample) {
    return new CheckResult(table, check, status, failingRows, rowsChecked, Optional.of(sample), message);
  }

  /** Whether this result stops the pipeline: a failed check, or one of severity fail that could not run. */
  public boolean failsGate() {
    return status == Status.FAIL || (status == Status.ERROR && check.severity() == QualityCheck.Severity.FAIL);
  }
}
