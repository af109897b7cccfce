package io.strata.jobs.metrics;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageResult;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a run did, as metric samples: the run's duration and outcome, each stage's, and each
 * target's rows, bytes, quality outcomes and unknown members, from the results the stages
 * returned (a failed stage's finished targets included).
 */
public record RunMetrics(String pipeline, String runId, LocalDate runDate, Instant start, Instant end, List<StageOutcome> stages,
    List<StageResult> results) {
  /** How one stage ended. */
  public record StageOutcome(Stage stage, Duration duration, boolean succeeded) {
    public StageOutcome {
      requireNonNull(stage, "stage is null");
      requireNonNull(duration, "duration is null");
    }
  }

  public RunMetrics {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    stages = List.copyOf(requireNonNull(stages, "stages is null"));
    results = List.copyOf(requireNonNull(results, "results is null"));
  }

  public boolean succeeded() {
    return stages.stream().allMatch(StageOutcome::succeeded);
  }

  public List<MetricSample> samples() {
    List<MetricSample> samples = new ArrayList<>();
    samples.add(MetricSample.ofRun(StrataMetric.RUN_DURATION, seconds(Duration.between(start, end))));
    samples.add(MetricSample.ofRun(StrataMetric.RUN_SUCCESS, succeeded() ? 1 : 0));
    samples.add(MetricSample.ofRun(StrataMetric.RUN_END, end.toEpochMilli() / 1000.0));
    for (StageOutcome outcome : stages) {
      String stage = outcome.stage().cliName();
      samples.add(MetricSample.of(StrataMetric.STAGE_DURATION, stage, "*", seconds(outcome.duration())));
      samples.add(MetricSample.of(StrataMetric.STAGE_SUCCESS, stage, null, outcome.succeeded() ? 1 : 0));
    }
    for (StageResult result : results) {
      String stage = result.stage().cliName();
      String target = result.target();
      samples.add(MetricSample.of(StrataMetric.STAGE_DURATION, stage, target, seconds(result.duration())));
      samples.add(MetricSample.of(StrataMetric.ROWS_READ, stage, target, result.rowsRead()));
      samples.add(MetricSample.of(StrataMetric.ROWS_WRITTEN, stage, target, result.rowsWritten()));
      samples.add(MetricSample.of(StrataMetric.ROWS_QUARANTINED, stage, target, result.rowsQuarantined()));
      Long bytes = result.metrics().get("bytes");
      if (bytes != null) {
        samples.add(MetricSample.of(StrataMetric.BYTES, stage, target, bytes));
      }
      if (result.stage() == Stage.QUALITY && result.metrics().containsKey("checks")) {
        for (String status : List.of("pass", "warn", "fail", "error")) {
          samples.add(MetricSample.withLabel(StrataMetric.QUALITY_CHECKS, stage, target, status, result.metrics().getOrDefault(status, 0L)));
        }
      }
      for (Map.Entry<String, Long> metric : result.metrics().entrySet()) {
        if (result.stage() == Stage.MODEL && metric.getKey().startsWith("unknown_")) {
          samples.add(MetricSample.withLabel(StrataMetric.UNKNOWN_MEMBERS, stage, target,
              metric.getKey().substring("unknown_".length()).toLowerCase(Locale.ROOT), metric.getValue()));
        }
      }
    }
    return samples;
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
