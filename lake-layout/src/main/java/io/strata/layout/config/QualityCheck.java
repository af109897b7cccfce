package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * One named check of a table in the {@code quality} section.
 *
 * @param columns the columns the rule looks at (none for row-count, reconciliation and sql)
 */
public record QualityCheck(String name, CheckRule rule, Severity severity, List<String> columns) {
  /** What a check that does not pass does: {@code warn} reports it, {@code fail} fails the stage (exit code 3). */
  public enum Severity {
    WARN, FAIL;

    public String configName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public QualityCheck {
    requireNonNull(name, "name is null");
    requireNonNull(rule, "rule is null");
    requireNonNull(severity, "severity is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
  }
}
