package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.config.ModelSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * How a curated table reads its source this run: whole (with the reason), not at all (nothing
 * changed since its watermarks), or as the change-feed rows of its driving entities since them.
 *
 * @param changes per driving entity that changed: its change-feed rows since the watermark
 * @param consumed the entity versions the table reflects once built, for its watermarks
 */
record SourcePlan(Kind kind, String reason, Map<String, Dataset<Row>> changes, Map<String, Long> consumed) {
  enum Kind { FULL, INCREMENTAL, UNCHANGED }

  SourcePlan {
    requireNonNull(kind, "kind is null");
    requireNonNull(reason, "reason is null");
    changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
    consumed = Map.copyOf(consumed);
  }

  boolean full() {
    return kind == Kind.FULL;
  }

  /**
   * @param exists whether the curated table exists
   * @param refresh whether {@code --full-refresh} names the table
   */
  static SourcePlan of(SparkSession spark, ModelSource source, SourceState state, ModelSources sources, boolean exists, boolean refresh) {
    List<String> drivers = source.drivers();
    // A sql source without drivers may read any entity: it reflects all of them.
    Map<String, Long> consumed = new LinkedHashMap<>();
    for (String entity : drivers.isEmpty() ? List.copyOf(sources.versions().keySet()) : drivers) {
      if (sources.versions().containsKey(entity)) {
        consumed.put(entity, sources.versions().get(entity));
      }
    }
    if (refresh) {
      return full("--full-refresh", consumed);
    }
    if (!exists) {
      return full("first build", consumed);
    }
    if (drivers.isEmpty()) {
      boolean changed = consumed.entrySet().stream().anyMatch(entry -> ModelState.processed(state, entry.getKey()).orElse(-1) != entry.getValue());
      return changed ? full("sql source without changed-by: read whole (name the entities that drive it in changed-by to build it "
          + "incrementally)", consumed) : new SourcePlan(Kind.UNCHANGED, "no entity changed", Map.of(), consumed);
    }
    Map<String, Dataset<Row>> changes = new LinkedHashMap<>();
    for (String entity : drivers) {
      if (!consumed.containsKey(entity)) {
        return full("entity " + entity + " has no processed table yet", consumed);
      }
      OptionalLong watermark = ModelState.processed(state, entity);
      if (watermark.isEmpty()) {
        return full("no watermark for entity " + entity + " yet (built before change feeds)", consumed);
      }
      long version = consumed.get(entity);
      if (watermark.getAsLong() > version) {
        return full("entity " + entity + " is at version " + version + ", behind the watermark " + watermark.getAsLong()
            + " (was the processed table rebuilt?)", consumed);
      }
      if (watermark.getAsLong() == version) {
        continue;
      }
      ChangeFeed.Read read = ChangeFeed.read(spark, sources.location(entity), watermark.getAsLong(), version);
      if (read.rows().isEmpty()) {
        return full("entity " + entity + ": " + read.problem(), consumed);
      }
      changes.put(entity, read.rows().get());
    }
    if (changes.isEmpty()) {
      return new SourcePlan(Kind.UNCHANGED, "no changes in " + String.join(", ", drivers) + " since the last build", Map.of(), consumed);
    }
    return new SourcePlan(Kind.INCREMENTAL, "", changes, consumed);
  }

  private static SourcePlan full(String reason, Map<String, Long> consumed) {
    return new SourcePlan(Kind.FULL, reason, Map.of(), consumed);
  }
}
