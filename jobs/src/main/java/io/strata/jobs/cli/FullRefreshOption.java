package io.strata.jobs.cli;

import io.strata.jobs.model.FullRefresh;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --full-refresh[=TABLE,...]}: the model rebuilds all (or the named) curated tables from whole sources. */
final class FullRefreshOption {
  private static final String ALL = "*";

  @Option(names = "--full-refresh", arity = "0..1", split = ",", paramLabel = "TABLE", fallbackValue = ALL,
      description = "model: rebuild every curated table (or just the named ones) from whole sources instead of their changes; "
          + "SCD2 dimensions keep their history.")
  List<String> tables;

  FullRefresh value() {
    if (tables == null || tables.isEmpty()) {
      return FullRefresh.none();
    }
    return tables.contains(ALL) ? FullRefresh.everything() : FullRefresh.of(new LinkedHashSet<>(tables));
  }

  boolean isSet() {
    return tables != null && !tables.isEmpty();
  }
}
