package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;

/**
 * The version of each Delta table that maintain last looked at, kept in {@code _state/maintain}
 * (one JSON file per maintain run that saw something new, like every other state in the lake):
 * the next run compacts only the partitions that commits after it wrote. Keys are the table's
 * place in the lake: {@code curated/fact_sales:version} and {@code curated/fact_sales:table_id}
 * (a table deleted and written anew starts over, whatever its version).
 */
final class MaintainedVersions {
  static final String STATE = "maintain";

  /** A table version as maintain saw it. */
  record Seen(String tableId, long version) {
    Seen {
      requireNonNull(tableId, "tableId is null");
    }
  }

  private final SourceStateStore store;
  private final SourceState before;
  private SourceState after;

  private MaintainedVersions(SourceStateStore store, SourceState before) {
    this.store = store;
    this.before = before;
    this.after = before;
  }

  static MaintainedVersions read(LakeLayout layout, Configuration hadoop) {
    SourceStateStore store = SourceStateStore.forLakeState(layout, hadoop);
    return new MaintainedVersions(store, store.latest(STATE));
  }

  /** What the last run that finished with {@code table} saw of it; empty when none did. */
  Optional<Seen> lastSeen(LakeInventory.Area table) {
    Optional<String> id = before.get(table.name() + ":table_id");
    Optional<String> version = before.get(table.name() + ":version");
    if (id.isEmpty() || version.isEmpty() || !version.get().matches("\\d{1,18}")) {
      return Optional.empty();
    }
    return Optional.of(new Seen(id.get(), Long.parseLong(version.get())));
  }

  /** Remembers that {@code table} is maintained up to {@code seen}; kept by {@link #commit}. */
  void saw(LakeInventory.Area table, Seen seen) {
    after = after.with(table.name() + ":table_id", seen.tableId()).with(table.name() + ":version", String.valueOf(seen.version()));
  }

  /** Writes what this run saw, when it differs from what the last run left; returns whether it wrote. */
  boolean commit(LocalDate runDate, String runId) {
    if (after.equals(before)) {
      return false;
    }
    try {
      store.commitRun(STATE, runDate, runId, before, after);
      return true;
    } catch (StrataException e) {
      String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
      throw new StrataException("cannot record the table versions maintain saw (_state/" + STATE + "): " + reason
          + ". The tables are maintained; the next run looks at the same changes again", e);
    }
  }
}
