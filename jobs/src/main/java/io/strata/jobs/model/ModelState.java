package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.layout.ModelWatermarks;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The change-feed versions each curated table was built from ({@link ModelWatermarks}), committed
 * after the table's write: a crash between the two makes the next run read the same changes again,
 * which rebuilds the same rows.
 */
final class ModelState {
  private final SourceStateStore store;
  private final LocalDate runDate;
  private final String runId;

  ModelState(SourceStateStore store, LocalDate runDate, String runId) {
    this.store = requireNonNull(store, "store is null");
    this.runDate = requireNonNull(runDate, "runDate is null");
    this.runId = requireNonNull(runId, "runId is null");
  }

  SourceState of(String table) {
    return store.latest(table);
  }

  static OptionalLong processed(SourceState state, String entity) {
    return version(state.get(ModelWatermarks.processedKey(entity)));
  }

  static OptionalLong curated(SourceState state, String table) {
    return version(state.get(ModelWatermarks.curatedKey(table)));
  }

  /** Records the versions {@code table} now reflects: {@code entities} and {@code dimensions} by name. */
  void commit(String table, SourceState before, Map<String, Long> entities, Map<String, Long> dimensions) {
    commit(table, before, entities, dimensions, Map.of());
  }

  /** As {@link #commit(String, SourceState, Map, Map)}, with other values the table's next build compares (e.g. its definition). */
  void commit(String table, SourceState before, Map<String, Long> entities, Map<String, Long> dimensions, Map<String, String> values) {
    SourceState after = before;
    for (Map.Entry<String, String> value : values.entrySet()) {
      after = after.with(value.getKey(), value.getValue());
    }
    for (Map.Entry<String, Long> entity : entities.entrySet()) {
      after = after.with(ModelWatermarks.processedKey(entity.getKey()), Long.toString(entity.getValue()));
    }
    for (Map.Entry<String, Long> dimension : dimensions.entrySet()) {
      after = after.with(ModelWatermarks.curatedKey(dimension.getKey()), Long.toString(dimension.getValue()));
    }
    if (!after.equals(before)) {
      store.commitRun(table, runDate, runId, before, after);
    }
  }

  private static OptionalLong version(Optional<String> value) {
    return value.map(text -> OptionalLong.of(Long.parseLong(text))).orElse(OptionalLong.empty());
  }
}
