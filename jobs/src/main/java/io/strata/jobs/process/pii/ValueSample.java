package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The sampled non-null values of one column, counted by the kind of PII they look like. */
final class ValueSample {
  private final String column;
  private final Map<ValueSignal, Integer> matches = new EnumMap<>(ValueSignal.class);
  private int values;

  ValueSample(String column) {
    this.column = requireNonNull(column, "column is null");
  }

  void add(String value) {
    if (value == null) {
      return;
    }
    String text = value.strip();
    values++;
    for (ValueSignal signal : ValueSignal.values()) {
      if (signal.matches(text)) {
        matches.merge(signal, 1, Integer::sum);
      }
    }
  }

  /** The most specific kind whose share of the sampled values reaches {@code threshold}. */
  Optional<PiiFinding> finding(double threshold) {
    if (values == 0) {
      return Optional.empty();
    }
    for (ValueSignal signal : ValueSignal.values()) {
      int count = matches.getOrDefault(signal, 0);
      if (count > 0 && (double) count / values >= threshold) {
        // Rounded down, so "100%" is never said of a column with one odd value.
        long percent = count * 100L / values;
        String evidence = String.format(Locale.US, "%d%% of %,d sampled values are %s", percent, values, signal.evidence());
        return Optional.of(new PiiFinding(column, signal.kind().code(), evidence));
      }
    }
    return Optional.empty();
  }
}
