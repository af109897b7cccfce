package io.strata.jobs.ingest.state;

import io.strata.jobs.ingest.SourceState;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** All committed states of one source, oldest first, and the rules for which one a run reads from. */
public record StateHistory(List<StateEntry> entries) {
  public StateHistory {
    entries = entries.stream().sorted(Comparator.comparingLong(StateEntry::sequence)).toList();
  }

  public SourceState latest() {
    return entries.isEmpty() ? SourceState.empty() : entries.get(entries.size() - 1).after();
  }

  public long nextSequence() {
    return entries.isEmpty() ? 1 : entries.get(entries.size() - 1).sequence() + 1;
  }

  /**
   * The state a run of {@code runDate} starts from. A re-run of a date starts where that date's
   * last run started, so it reads the same range again (an Airflow retry or a backfill replaces
   * its batch with the same data) — unless someone set or reset the state since; otherwise a run
   * continues from the latest state.
   */
  public SourceState previousFor(LocalDate runDate) {
    String date = runDate.toString();
    for (int i = entries.size() - 1; i >= 0; i--) {
      StateEntry entry = entries.get(i);
      if (entry.kind() != StateEntry.Kind.RUN) {
        return latest();
      }
      if (entry.runDate().filter(date::equals).isPresent()) {
        return entry.before();
      }
    }
    return latest();
  }

  /**
   * The state the last run of {@code runDate} committed, when a run of that date is re-run (and
   * nobody set or reset the state since): a source that reads bounded ranges re-reads up to where
   * that run stopped, so the re-run replaces its batch with the same data.
   */
  public Optional<SourceState> committedBy(LocalDate runDate) {
    String date = runDate.toString();
    for (int i = entries.size() - 1; i >= 0; i--) {
      StateEntry entry = entries.get(i);
      if (entry.kind() != StateEntry.Kind.RUN) {
        return Optional.empty();
      }
      if (entry.runDate().filter(date::equals).isPresent()) {
        return Optional.of(entry.after());
      }
    }
    return Optional.empty();
  }

  public Optional<StateEntry> last() {
    return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
  }
}
