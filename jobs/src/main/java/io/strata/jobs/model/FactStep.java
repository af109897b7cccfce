package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.to_date;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.spark.ChangeBroadcast;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * One fact of a model run. It rebuilds only the partitions that hold a changed row: the old and
 * new partition dates of the source rows its driving entities changed, and the partitions of the
 * rows whose dimension keys a member change moves (a late-arriving member, a late change that
 * splits a version). A first build, {@code --full-refresh}, changed columns or a change feed that
 * cannot answer rebuild it whole, and the output says why.
 */
final class FactStep {
  private FactStep() {}

  /** What the step did: its result and the date range its rebuilt rows reference (for dim_date). */
  record Outcome(StageResult result, Optional<LocalDate[]> dates) {}

  static Outcome run(StageContext context, FactConfig fact, ModelConfig model, ModelSources sources, ModelState state, FullRefresh refresh,
      Map<String, Long> dimensionVersions) {
    Instant start = Instant.now();
    String key = "model.facts." + fact.name();
    String location = context.layout().curated(fact.name()).uri();
    boolean exists = TableLog.exists(context.spark(), location);
    SourceState before = state.of(fact.name());
    SourcePlan plan = SourcePlan.of(context.spark(), fact.source(), before, sources, exists, refresh.applies(fact.name()));
    Map<String, Long> dimensions = new TreeMap<>();
    fact.dimensions().forEach(reference -> dimensions.put(reference.dimension(), dimensionVersions.get(reference.dimension())));
    Dataset<Row> whole = sources.read(fact.source(), key);
    FactBuilder.requireColumns(whole, fact, key + ".");

    Optional<String> fullReason = plan.full() ? Optional.of(plan.reason()) : columnsChanged(context, fact, whole, location);
    Set<LocalDate> partitions = new TreeSet<>();
    List<Dataset<Row>> changedRows = new ArrayList<>();
    if (fullReason.isEmpty()) {
      fullReason = memberRows(context, fact, model, whole, before, dimensions, changedRows);
    }
    if (fullReason.isEmpty()) {
      for (Map.Entry<String, Dataset<Row>> change : plan.changes().entrySet()) {
        changedRows.add(sources.readWith(fact.source(), key, change.getKey(), ChangeFeed.asRows(change.getValue())));
      }
      partitions.addAll(datesOf(changedRows, fact, key));
      if (partitions.isEmpty()) {
        state.commit(fact.name(), before, plan.consumed(), dimensions);
        String note = "unchanged: no changed row and no member change falls in any partition";
        context.progress().accept("fact " + fact.name() + ": " + note);
        return new Outcome(new StageResult(Stage.MODEL, fact.name(), 0, 0, 0, Duration.between(start, Instant.now()),
            Map.of("partitions", 0L, "full", 0L), List.of(note)), Optional.empty());
      }
    }
    Dataset<Row> rows = whole;
    String how = fullReason.map(reason -> "full rebuild (" + reason + ")").orElse(String.format("%,d changed partition(s)", partitions.size()));
    if (fullReason.isEmpty()) {
      // Held once, in the columns the build reads: its grain check and its lookups would each scan the
      // whole source again for these few partitions.
      rows = whole.filter(to_date(DimensionColumns.column(fact.partitionBy())).isin(partitions.stream().map(java.sql.Date::valueOf).toArray()))
          .select(DimensionColumns.columns(FactBuilder.inputColumns(fact))).localCheckpoint();
    }
    context.progress().accept("fact " + fact.name() + " (from " + fact.source().describe() + "): " + how + " ...");
    boolean uniqueByKey = GrainProof.uniqueByKey(whole, fact.grain(), entitiesByLocation(context, sources));
    FactBuild build = FactBuilder.build(context.spark(), fact, model, rows, context.layout(), dimensions,
        fullReason.isPresent() ? Optional.empty() : Optional.of(partitions), uniqueByKey);
    io.strata.jobs.fault.KillPoint.reached("model.fact.before-watermark");
    state.commit(fact.name(), before, plan.consumed(), dimensions);

    Map<String, Long> metrics = new TreeMap<>();
    metrics.put("partitions", build.partitions());
    metrics.put("full", fullReason.isPresent() ? 1L : 0L);
    build.unknownMembers().forEach((reference, count) -> metrics.put("unknown_" + reference, count));
    List<String> events = new ArrayList<>();
    fullReason.ifPresent(reason -> events.add("full rebuild: " + reason)); // printed above, kept for the run log
    build.unknownMembers().forEach((reference, count) -> {
      if (count > 0) {
        String event = String.format("%,d row(s) reference an unknown %s (key -1)", count, reference);
        events.add(event);
        context.progress().accept("fact " + fact.name() + ": " + event);
      }
    });
    context.progress().accept(String.format("fact %s: %,d rows written in %,d partition(s)", fact.name(), build.rowsWritten(),
        fullReason.isPresent() ? build.partitions() : partitions.size()));
    return new Outcome(new StageResult(Stage.MODEL, fact.name(), build.rowsRead(), build.rowsWritten(), 0,
        Duration.between(start, Instant.now()), metrics, events), build.dates());
  }

  /** Each processed entity, by its table's location. */
  private static Map<String, EntityConfig> entitiesByLocation(StageContext context, ModelSources sources) {
    Map<String, EntityConfig> entities = new LinkedHashMap<>();
    context.config().entities().values().forEach(entity -> entities.put(GrainProof.normalized(sources.location(entity.name())), entity));
    return entities;
  }

  /**
   * Adds to {@code changedRows} the source rows whose member tuples the dimensions' change feeds
   * moved since the fact's watermarks; returns why the whole fact must be rebuilt instead, if so.
   */
  private static Optional<String> memberRows(StageContext context, FactConfig fact, ModelConfig model, Dataset<Row> whole,
      SourceState before, Map<String, Long> dimensions, List<Dataset<Row>> changedRows) {
    for (Map.Entry<String, Long> dimension : dimensions.entrySet()) {
      OptionalLong watermark = ModelState.curated(before, dimension.getKey());
      if (dimension.getValue() == null) {
        return Optional.of("dimension " + dimension.getKey() + " has no table");
      }
      if (watermark.isEmpty()) {
        return Optional.of("no watermark for dimension " + dimension.getKey() + " yet (built before change feeds)");
      }
      if (watermark.getAsLong() > dimension.getValue()) {
        return Optional.of("dimension " + dimension.getKey() + " is behind the fact's watermark (was it rebuilt?)");
      }
      if (watermark.getAsLong() == dimension.getValue()) {
        continue;
      }
      ChangeFeed.Read read = ChangeFeed.read(context.spark(), context.layout().curated(dimension.getKey()).uri(), watermark.getAsLong(),
          dimension.getValue());
      if (read.rows().isEmpty()) {
        return Optional.of("dimension " + dimension.getKey() + ": " + read.problem());
      }
      DimensionConfig config = model.dimensions().get(dimension.getKey());
      for (DimensionReference reference : fact.dimensions()) {
        if (!reference.dimension().equals(dimension.getKey())) {
          continue;
        }
        io.strata.jobs.spark.HeldRows changed = io.strata.jobs.spark.HeldRows.counted(MemberChanges.of(read.rows().get(), config, reference));
        if (changed.count() > 0) {
          changedRows.add(MemberChanges.factRowsOf(whole, ChangeBroadcast.ifSmall(changed.rows(), changed.count()), config, reference));
        }
      }
    }
    return Optional.empty();
  }

  /** Why the stored fact's columns do not take the rows this build makes, if they do not. */
  private static Optional<String> columnsChanged(StageContext context, FactConfig fact, Dataset<Row> whole, String location) {
    Map<String, StructField> stored = new LinkedHashMap<>();
    for (StructField field : context.spark().read().format("delta").load(location).schema().fields()) {
      stored.put(field.name(), field);
    }
    List<String> expected = FactBuilder.outputColumns(fact);
    if (!List.copyOf(stored.keySet()).equals(expected)) {
      return Optional.of("columns changed from " + stored.keySet() + " to " + expected);
    }
    for (StructField field : whole.schema().fields()) {
      StructField before = stored.get(field.name());
      if (before != null && !before.dataType().equals(field.dataType())) {
        return Optional.of("column " + field.name() + " changed type from " + before.dataType().simpleString() + " to "
            + field.dataType().simpleString());
      }
    }
    return Optional.empty();
  }

  /**
   * The partition dates of every row of {@code changedRows}, found by one query: each source scan
   * planned once, and one Spark job where a query per dataset would each plan the fact's source again.
   */
  private static Set<LocalDate> datesOf(List<Dataset<Row>> changedRows, FactConfig fact, String key) {
    Set<LocalDate> dates = new TreeSet<>();
    if (changedRows.isEmpty()) {
      return dates;
    }
    Dataset<Row> all = changedRows.stream().map(rows -> rows.select(to_date(DimensionColumns.column(fact.partitionBy())).as("_date")))
        .reduce(Dataset::union).orElseThrow();
    for (Row row : all.distinct().collectAsList()) {
      if (row.isNullAt(0)) {
        throw new StrataException(key + ".partition-by: changed row(s) have no " + fact.partitionBy()
            + ", so they belong to no partition. Fix: partition by a column that is always set");
      }
      dates.add(row.getDate(0).toLocalDate());
    }
    return dates;
  }
}
