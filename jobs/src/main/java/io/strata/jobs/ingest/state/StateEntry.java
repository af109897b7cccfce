package io.strata.jobs.ingest.state;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.SourceState;
import java.time.Instant;
import java.util.Optional;

/**
 * One committed change of a source's state: a run that read from {@code before} and left
 * {@code after}, or a manual {@code strata state set|reset}.
 */
public record StateEntry(long sequence, Kind kind, Optional<String> runDate, String runId, Instant committedAt,
    SourceState before, SourceState after) {
  public enum Kind { RUN, SET, RESET }

  public StateEntry {
    requireNonNull(kind, "kind is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(committedAt, "committedAt is null");
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
  }
}
