package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/** What one stage did to one source or table; the CLI prints it and the run log stores it. */
public record StageResult(Stage stage, String target, long rowsRead, long rowsWritten, long rowsQuarantined, Duration duration) {
  public StageResult {
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(duration, "duration is null");
  }
}
