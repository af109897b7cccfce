package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.delta.ChangeFeedSwitch;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.EntityConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One dimension of a model run: decides from its watermarks whether to read its source whole, only
 * the rows that changed, or nothing; builds it; commits the new watermarks after the write.
 */
final class DimensionStep {
  private DimensionStep() {}

  static StageResult run(StageContext context, DimensionConfig dimension, ModelSources sources, ModelState state, FullRefresh refresh) {
    Instant start = Instant.now();
    String key = "model.dimensions." + dimension.name();
    String location = context.layout().curated(dimension.name()).uri();
    boolean exists = TableLog.exists(context.spark(), location);
    if (exists) {
      ChangeFeedSwitch.ensureOn(context.spark(), location);
    }
    SourceState before = state.of(dimension.name());
    SourcePlan plan = SourcePlan.of(context.spark(), dimension.source(), before, sources, exists, refresh.applies(dimension.name()));
    if (plan.kind() == SourcePlan.Kind.UNCHANGED) {
      state.commit(dimension.name(), before, plan.consumed(), Map.of());
      String note = "unchanged: " + plan.reason();
      context.progress().accept("dimension " + dimension.name() + ": " + note);
      return new StageResult(Stage.MODEL, dimension.name(), 0, 0, 0, Duration.between(start, Instant.now()),
          Map.of("inserted", 0L, "updated", 0L, "removed", 0L, "full", 0L), List.of(note));
    }
    Optional<String> fullReason = plan.full() ? Optional.of(plan.reason())
        : dimension.fullSnapshot() && dimension.source().sql().isPresent()
            ? Optional.of("a full-snapshot dimension over sql compares every key") : Optional.empty();
    DimensionInput input = fullReason.isPresent() ? DimensionInput.whole(sources.read(dimension.source(), key), onePerKey(context, dimension))
        : changedInput(context, dimension, sources, plan, key);
    String how = fullReason.map(reason -> "full read (" + reason + ")").orElse("changes since the last build");
    context.progress().accept("dimension " + dimension.name() + " (scd-type " + dimension.scdType() + ", from "
        + dimension.source().describe() + "): " + how + " ...");
    SurrogateKeyHighWater highWater = SurrogateKeyHighWater.of(context.spark(), context.layout(), dimension.name());
    DimensionBuild build = dimension.scdType() == 2
        ? Scd2DimensionBuilder.build(context.spark(), dimension, input, location, highWater, context.runDate())
        : Scd1DimensionBuilder.build(context.spark(), dimension, input.rows(), location, highWater);
    io.strata.jobs.fault.KillPoint.reached("model.dimension.before-watermark");
    state.commit(dimension.name(), before, plan.consumed(), Map.of());
    String outcome = build.written() == 0 ? "unchanged" : String.format("%,d inserted, %,d updated, %,d removed", build.inserted(),
        build.updated(), build.removed());
    context.progress().accept(String.format("dimension %s: %,d rows read, %s", dimension.name(), build.rowsRead(), outcome));
    Map<String, Long> metrics = new LinkedHashMap<>(Map.of("inserted", build.inserted(), "updated", build.updated(), "removed",
        build.removed(), "full", fullReason.isPresent() ? 1L : 0L));
    List<String> events = new ArrayList<>();
    fullReason.ifPresent(reason -> events.add("full read: " + reason));
    return new StageResult(Stage.MODEL, dimension.name(), build.rowsRead(), build.written(), 0, Duration.between(start, Instant.now()),
        metrics, events);
  }

  /** The changed rows of the driving entities, put through the source; for an entity source, the natural keys deleted too. */
  private static DimensionInput changedInput(StageContext context, DimensionConfig dimension, ModelSources sources, SourcePlan plan,
      String key) {
    Dataset<Row> rows = null;
    Dataset<Row> deleted = null;
    for (Map.Entry<String, Dataset<Row>> change : plan.changes().entrySet()) {
      EntityConfig entity = context.config().entities().get(change.getKey());
      EntityChanges changes = EntityChanges.of(change.getValue(), entity.key());
      Dataset<Row> current = sources.readWith(dimension.source(), key, entity.name(), changes.current());
      rows = rows == null ? current : rows.unionByName(current);
      if (dimension.source().entity().isPresent()) {
        // A deleted row's natural key is gone only when no other row of the entity still holds it.
        ModelSources.require(changes.deleted(), key + ".natural-key", dimension.naturalKey());
        deleted = changes.deleted().select(DimensionColumns.columns(dimension.naturalKey())).join(
            sources.read(dimension.source(), key).select(DimensionColumns.columns(dimension.naturalKey())),
            Scd2DimensionBuilder.scalaList(dimension.naturalKey()), "left_anti");
      }
    }
    if (deleted == null) {
      deleted = rows.select(DimensionColumns.columns(dimension.naturalKey())).limit(0);
    }
    // An entity's changes are folded to one row per entity key.
    return new DimensionInput(rows, Optional.of(deleted), onePerKey(context, dimension));
  }

  /** Whether the source is a processed entity keyed on exactly the natural key: one row per member. */
  private static boolean onePerKey(StageContext context, DimensionConfig dimension) {
    return dimension.source().entity().map(name -> context.config().entities().get(name))
        .map(entity -> java.util.Set.copyOf(entity.key()).equals(java.util.Set.copyOf(dimension.naturalKey()))).orElse(false);
  }
}
