package io.strata.jobs.runlog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One line of the run log: a stage of a run, for one source or table (or {@code *} for the
 * stage as a whole), in a state. The log is append-only: a stage's RUNNING line is followed by
 * its SUCCESS or FAILED line, and readers take the last line per run, stage and target. A run
 * that died without either is marked ABANDONED by a later run of the pipeline.
 */
public record RunRecord(
    String runId,
    String pipeline,
    LocalDate runDate,
    String stage,
    String target,
    Status status,
    long rowsRead,
    long rowsWritten,
    long rowsQuarantined,
    Instant startedAt,
    Optional<Instant> endedAt,
    Optional<String> error,
    String sparkApplicationId,
    String details) {

  public enum Status { RUNNING, SUCCESS, FAILED, ABANDONED }

  /** The target of a line about a stage as a whole. */
  public static final String WHOLE_STAGE = "*";

  /** The stage of a line about an alert's delivery; its target is {@code channel/event[/stage]}. */
  public static final String ALERT = "alert";

  public RunRecord {
    requireNonNull(runId, "runId is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(status, "status is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(endedAt, "endedAt is null");
    requireNonNull(error, "error is null");
    requireNonNull(sparkApplicationId, "sparkApplicationId is null");
    requireNonNull(details, "details is null");
  }

  public long durationMillis() {
    return endedAt.map(end -> end.toEpochMilli() - startedAt.toEpochMilli()).orElse(0L);
  }
}
