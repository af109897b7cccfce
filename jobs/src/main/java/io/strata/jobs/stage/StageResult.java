package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one stage did to one source or table; the CLI prints it and the run log stores it.
 *
 * @param metrics what else the work touched, e.g. {@code files}, {@code pages}, {@code bytes}
 * @param events what a user should know about, e.g. schema drift ("new column 'x' added")
 */
public record StageResult(Stage stage, String target, long rowsRead, long rowsWritten, long rowsQuarantined, Duration duration,
    Map<String, Long> metrics, java.util.List<String> events) {
  public StageResult {
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(duration, "duration is null");
    metrics = java.util.Collections.unmodifiableMap(new TreeMap<>(requireNonNull(metrics, "metrics is null")));
    events = java.util.List.copyOf(requireNonNull(events, "events is null"));
  }

  public StageResult(Stage stage, String target, long rowsRead, long rowsWritten, long rowsQuarantined, Duration duration,
      Map<String, Long> metrics) {
    this(stage, target, rowsRead, rowsWritten, rowsQuarantined, duration, metrics, java.util.List.of());
  }
}
