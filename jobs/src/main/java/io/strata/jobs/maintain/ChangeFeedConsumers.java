package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.ModelWatermarks;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far the change feeds of processed tables and curated dimensions have been read: for each
 * such table, the smallest version any curated table's latest model state ({@code _state/model/<table>},
 * keys in {@link ModelWatermarks}) says it consumed. A consumer reads the versions after it next,
 * so VACUUM must keep their change data.
 */
final class ChangeFeedConsumers {
  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeedConsumers.class);

  /**
   * The slowest reader of a table's change feed.
   *
   * @param version the version it consumed; it reads from {@code version + 1} on
   * @param consumer the curated table whose state says so, e.g. {@code curated/fact_sales}
   */
  record Position(long version, String consumer) {
    Position {
      requireNonNull(consumer, "consumer is null");
    }
  }

  private final Map<String, Position> oldest;
  private final Map<String, String> unreadable;
  private final Optional<String> allUnreadable;

  private ChangeFeedConsumers(Map<String, Position> oldest, Map<String, String> unreadable, Optional<String> allUnreadable) {
    this.oldest = Map.copyOf(oldest);
    this.unreadable = Map.copyOf(unreadable);
    this.allUnreadable = allUnreadable;
  }

  /** Reads the latest model state of every curated table in {@code consumers}. */
  static ChangeFeedConsumers read(LakeLayout layout, Configuration hadoop, List<String> consumers) {
    SourceStateStore store = SourceStateStore.forModel(layout, hadoop);
    Map<String, Position> oldest = new HashMap<>();
    Map<String, String> unreadable = new HashMap<>();
    for (String consumer : consumers) {
      SourceState state = store.latest(consumer);
      String name = "curated/" + consumer;
      state.values().forEach((key, value) -> {
        Optional<LakeLocation> table = table(layout, key);
        if (table.isEmpty()) {
          LOG.debug("model state of {} holds key {}, which names no change feed; ignored", consumer, key);
          return;
        }
        String uri = table.get().uri();
        if (value == null || !value.matches("\\d{1,18}")) {
          unreadable.putIfAbsent(uri, "the model state of " + name + " holds '" + value + "' for " + key + ", not a table version");
          return;
        }
        Position position = new Position(Long.parseLong(value), name);
        oldest.merge(uri, position, (a, b) -> b.version() < a.version() ? b : a);
      });
    }
    return new ChangeFeedConsumers(oldest, unreadable, Optional.empty());
  }

  /** For tables whose change feed nobody reads (quarantine, run log). */
  static ChangeFeedConsumers none() {
    return new ChangeFeedConsumers(Map.of(), Map.of(), Optional.empty());
  }

  /** When the model's state cannot be read at all: no table's consumers are known. */
  static ChangeFeedConsumers unknown(String reason) {
    return new ChangeFeedConsumers(Map.of(), Map.of(), Optional.of(requireNonNull(reason, "reason is null")));
  }

  /** The slowest consumer of {@code table}'s change feed; empty when nobody reads it yet. */
  Optional<Position> oldest(LakeInventory.Area table) {
    return Optional.ofNullable(oldest.get(table.location().uri()));
  }

  /** Why the position of a consumer of {@code table} cannot be told, when it cannot. */
  Optional<String> unreadable(LakeInventory.Area table) {
    return allUnreadable.or(() -> Optional.ofNullable(unreadable.get(table.location().uri())));
  }

  private static Optional<LakeLocation> table(LakeLayout layout, String key) {
    try {
      Optional<String> entity = ModelWatermarks.processedEntity(key);
      if (entity.isPresent()) {
        return Optional.of(layout.processed(entity.get()));
      }
      return ModelWatermarks.curatedTable(key).map(layout::curated);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
