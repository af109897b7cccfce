package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** One finished run of a pipeline: its id, run date, timing and what each stage did. */
public record PipelineRun(String runId, LocalDate runDate, Instant start, Duration duration, List<StageResult> results) {
  public PipelineRun {
    requireNonNull(runId, "runId is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(start, "start is null");
    requireNonNull(duration, "duration is null");
    results = List.copyOf(requireNonNull(results, "results is null"));
  }
}
