package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What maintenance did to one area of the lake (a raw entity, a table): its metrics, what a
 * user should know, and a progress line per step, each prefixed with the area's name.
 */
final class AreaReport {
  private static final Logger LOG = LoggerFactory.getLogger(AreaReport.class);

  private final String area;
  private final Consumer<String> progress;
  private final Instant start = Instant.now();
  private final Map<String, Long> metrics = new LinkedHashMap<>();
  private final List<String> events = new ArrayList<>();

  AreaReport(String area, Consumer<String> progress) {
    this.area = requireNonNull(area, "area is null");
    this.progress = requireNonNull(progress, "progress is null");
  }

  String area() {
    return area;
  }

  void add(String metric, long value) {
    metrics.merge(metric, value, Long::sum);
  }

  void put(String metric, long value) {
    metrics.put(metric, value);
  }

  void progress(String line) {
    LOG.info("maintain {}: {}", area, line);
    progress.accept(area + ": " + line);
  }

  /** A step that was left undone, e.g. a table skipped after conflicting commits: printed, logged and kept. */
  void warn(String message) {
    LOG.warn("maintain {}: {}", area, message);
    progress.accept(area + ": WARNING " + message);
    events.add(message);
    metrics.put("skipped", 1L);
  }

  void event(String message) {
    events.add(message);
  }

  StageResult result(long rowsRead) {
    return new StageResult(Stage.MAINTAIN, area, rowsRead, 0, 0, Duration.between(start, Instant.now()), metrics, events);
  }
}
