package io.strata.jobs.metrics;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One value of one metric of a run, as a line of {@code _runs/metrics}: the stage and target it
 * is about where it has them, and one more label (a check's status, a fact's dimension).
 */
public record MetricSample(StrataMetric metric, Optional<String> stage, Optional<String> target, Optional<String> label, double value) {
  public MetricSample {
    requireNonNull(metric, "metric is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(label, "label is null");
  }

  static MetricSample ofRun(StrataMetric metric, double value) {
    return new MetricSample(metric, Optional.empty(), Optional.empty(), Optional.empty(), value);
  }

  static MetricSample of(StrataMetric metric, String stage, String target, double value) {
    return new MetricSample(metric, Optional.of(stage), Optional.ofNullable(target), Optional.empty(), value);
  }

  static MetricSample withLabel(StrataMetric metric, String stage, String target, String label, double value) {
    return new MetricSample(metric, Optional.of(stage), Optional.of(target), Optional.of(label), value);
  }

  /** The values of the metric's labels after {@code pipeline}, in the metric's order. */
  List<String> labelValues() {
    List<String> values = new ArrayList<>();
    for (StrataMetric.Label label : metric.labels()) {
      values.add(switch (label.column()) {
        case "stage" -> stage.orElse("");
        case "target" -> target.orElse("");
        default -> this.label.orElse("");
      });
    }
    return values;
  }
}
