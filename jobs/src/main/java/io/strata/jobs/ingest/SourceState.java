package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A source's bookkeeping between runs (a watermark, a cursor, a ledger of ingested files) as
 * string keys and values. The ingest stage stores it in the lake's state area and commits the
 * new state only after the raw batch is written, so a failed run re-reads the same range.
 */
public record SourceState(Map<String, String> values) {
  public SourceState {
    values = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(values, "values is null")));
  }

  public static SourceState empty() {
    return new SourceState(Map.of());
  }

  public Optional<String> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public SourceState with(String key, String value) {
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value);
    return new SourceState(copy);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }
}
