package io.strata.jobs.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import picocli.CommandLine.Option;

/** {@code --run-date}: the logical date a run processes; re-running a date is idempotent. */
final class RunDateOption {
  @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "The logical date of the run (default: today, UTC).")
  LocalDate runDate;

  LocalDate value() {
    return runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC);
  }
}
