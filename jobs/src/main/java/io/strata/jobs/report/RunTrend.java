package io.strata.jobs.report;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.metrics.MetricSample;
import io.strata.jobs.metrics.MetricsTable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * One run as a point of the report's trend charts, from its metrics: the time of each stage,
 * the rows each layer received, the rows quarantined and the share of quality checks that passed.
 *
 * @param rowsPerLayer rows written per layer: {@code raw} (ingest), {@code processed}, {@code curated} (model), {@code warehouse} (export)
 */
public record RunTrend(String runId, LocalDate runDate, boolean succeeded, Map<String, Double> stageSeconds, Map<String, Double> rowsPerLayer,
    double quarantined, OptionalDouble qualityPassRate) {
  private static final Map<String, String> LAYER_OF_STAGE = Map.of("ingest", "raw", "process", "processed", "model", "curated",
      "export", "warehouse");

  public RunTrend {
    requireNonNull(runId, "runId is null");
    requireNonNull(runDate, "runDate is null");
    stageSeconds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(stageSeconds));
    rowsPerLayer = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowsPerLayer));
    requireNonNull(qualityPassRate, "qualityPassRate is null");
  }

  /** What the export copies besides the star: run-log lines, not rows of the warehouse's tables. */
  private static final java.util.Set<String> RUN_LOG_COPIES = java.util.Set.of("pipeline_executions", "quality_results", "pipeline_metrics");
  private static final List<String> STAGES = List.of("ingest", "process", "model", "quality", "export", "maintain");
  private static final List<String> LAYERS = List.of("raw", "processed", "curated", "warehouse");

  /** The entries in the pipeline's order, so the charts' series and legends read left to right as the data flows. */
  private static Map<String, Double> inOrder(Map<String, Double> values, List<String> order) {
    Map<String, Double> ordered = new LinkedHashMap<>();
    order.stream().filter(values::containsKey).forEach(key -> ordered.put(key, values.get(key)));
    values.forEach(ordered::putIfAbsent);
    return ordered;
  }

  static List<RunTrend> of(List<MetricsTable.Run> runs) {
    List<RunTrend> trends = new ArrayList<>();
    for (MetricsTable.Run run : runs) {
      Map<String, Double> stageSeconds = new LinkedHashMap<>();
      Map<String, Double> rows = new LinkedHashMap<>();
      double quarantined = 0;
      double passed = 0;
      double checks = 0;
      boolean succeeded = false;
      for (MetricSample sample : run.samples()) {
        String stage = sample.stage().orElse("");
        switch (sample.metric()) {
          case RUN_SUCCESS -> succeeded = sample.value() == 1;
          case STAGE_DURATION -> {
            if (sample.target().orElse("").equals("*")) {
              stageSeconds.put(stage, sample.value());
            }
          }
          case ROWS_WRITTEN -> {
            String layer = LAYER_OF_STAGE.get(stage);
            if (layer != null && !RUN_LOG_COPIES.contains(sample.target().orElse(""))) {
              rows.merge(layer, sample.value(), Double::sum);
            }
          }
          case ROWS_QUARANTINED -> quarantined += sample.value();
          case QUALITY_CHECKS -> {
            checks += sample.value();
            passed += sample.label().orElse("").equals("pass") ? sample.value() : 0;
          }
          default -> { }
        }
      }
      trends.add(new RunTrend(run.runId(), run.runDate(), succeeded, inOrder(stageSeconds, STAGES), inOrder(rows, LAYERS), quarantined,
          checks == 0 ? OptionalDouble.empty() : OptionalDouble.of(passed / checks)));
    }
    return trends;
  }
}
