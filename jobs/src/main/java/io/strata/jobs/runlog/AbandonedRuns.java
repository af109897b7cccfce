package io.strata.jobs.runlog;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Finds the stages that earlier runs of a pipeline left RUNNING in the run log although those runs
 * hold no live lock any more (their process died: {@code kill -9}, an out-of-memory kill, a lost
 * machine), and the lines that mark them ABANDONED. A run that still holds a live lock, e.g. a
 * parallel {@code ingest --source} task, is never marked.
 */
public final class AbandonedRuns {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final RunLog log;

  public AbandonedRuns(RunLog log) {
    this.log = requireNonNull(log, "log is null");
  }

  /**
   * The ABANDONED lines for {@code pipeline}'s unfinished stages whose runs are not among
   * {@code liveRuns}, as found by run {@code foundBy} at {@code foundAt}.
   */
  public List<RunRecord> find(String pipeline, String foundBy, Instant foundAt, Supplier<Set<String>> liveRuns) {
    // The run log first, then the locks: a run that starts in between writes its RUNNING line only
    // after taking its lock, so it is not in the first read.
    List<RunRecord> unfinished = log.unfinished(pipeline).stream().filter(record -> !record.runId().equals(foundBy)).toList();
    if (unfinished.isEmpty()) {
      return List.of();
    }
    Set<String> live = liveRuns.get();
    List<RunRecord> candidates = unfinished.stream().filter(record -> !live.contains(record.runId())).toList();
    if (candidates.isEmpty()) {
      return List.of();
    }
    // A run that ended after the first read released its locks only after writing its outcome: read again.
    List<RunRecord> still = log.unfinished(pipeline);
    return candidates.stream().filter(candidate -> still.stream().anyMatch(record -> sameLine(record, candidate)))
        .map(record -> abandoned(record, foundBy, foundAt)).toList();
  }

  private static boolean sameLine(RunRecord a, RunRecord b) {
    return a.runId().equals(b.runId()) && a.stage().equals(b.stage()) && a.target().equals(b.target());
  }

  static RunRecord abandoned(RunRecord running, String foundBy, Instant foundAt) {
    String message = "abandoned: the run stopped without recording how this stage ended (its process died); found at "
        + TIME.format(foundAt) + " by run " + foundBy + ", with no live lock of this run left";
    return new RunRecord(running.runId(), running.pipeline(), running.runDate(), running.stage(), running.target(),
        RunRecord.Status.ABANDONED, 0, 0, 0, running.startedAt(), Optional.empty(), Optional.of(message), running.sparkApplicationId(),
        running.details());
  }
}
