package io.strata.jobs.runlog;

import java.util.List;

/** A second place a stage's run-log lines go as they are written, besides the lake's Delta table. */
@FunctionalInterface
public interface RunLogSink {
  /** Writes the lines; {@code loggedAt} is the time the lake's copy carries too. */
  void append(List<RunRecord> records, java.time.Instant loggedAt);
}
