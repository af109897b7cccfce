package io.strata.jobs.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --run-date}: the logical date a run processes; re-running a date is idempotent. */
final class RunDateOption {
  @Spec(Spec.Target.MIXEE) CommandSpec command;

  private LocalDate runDate;

  /** Parsed here rather than by picocli's converter, whose message names Java classes. */
  @Option(names = "--run-date", paramLabel = "YYYY-MM-DD", description = "The logical date of the run (default: today, UTC).")
  void runDate(String text) {
    try {
      runDate = LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new ParameterException(command.commandLine(), "--run-date: '" + text + "' is not a date; use YYYY-MM-DD");
    }
  }

  LocalDate value() {
    return runDate != null ? runDate : LocalDate.now(ZoneOffset.UTC);
  }
}
