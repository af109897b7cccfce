package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.StrataException;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.ModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * One aggregate of a model run. A declared aggregate recomputes only the groups that the changes
 * since its watermarks (the versions of its fact and dimensions it was built from) touch; a first
 * build, {@code --full-refresh}, changed columns or a history that cannot tell rebuild it whole, and
 * the output says why. A SQL aggregate is recomputed whole every run. Either way, rows equal to the
 * stored ones are not written.
 */
final class AggregateStep {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(AggregateStep.class);
  /** The state key holding {@link #definition(AggregateConfig)}. */
  static final String DEFINITION = "definition";

  private AggregateStep() {}

  static StageResult run(StageContext context, AggregateConfig aggregate, ModelConfig model, ModelState state, FullRefresh refresh,
      CuratedVersions tables) {
    Instant start = Instant.now();
    String location = context.layout().curated(aggregate.name()).uri();
    boolean exists = TableLog.exists(context.spark(), location);
    if (aggregate.sql().isPresent()) {
      context.progress().accept("aggregate " + aggregate.name() + " (sql): full rebuild (a sql aggregate is recomputed whole) ...");
      AggregateWriter.Written written = AggregateWriter.replaceAll(context.spark(), location, sql(context, aggregate, model), exists);
      return result(context, aggregate, start, written, Optional.of("a sql aggregate is recomputed whole"), 0, 0);
    }
    try (AggregateInputs inputs = new AggregateInputs(aggregate, model, tables)) {
      return declared(context, aggregate, inputs, state, refresh, location, exists, start);
    }
  }

  private static StageResult declared(StageContext context, AggregateConfig aggregate, AggregateInputs inputs, ModelState state,
      FullRefresh refresh, String location, boolean exists, Instant start) {
    Map<String, Long> now = new LinkedHashMap<>();
    for (String table : inputs.tables()) {
      String tableLocation = context.layout().curated(table).uri();
      if (!TableLog.exists(context.spark(), tableLocation)) {
        throw new StrataException("model.aggregates." + aggregate.name() + ": " + table + " has no table yet. Fix: build the model's"
            + " dimensions and facts first");
      }
      now.put(table, TableLog.latestVersion(context.spark(), tableLocation));
    }
    SourceState before = state.of(aggregate.name());
    Map<String, Long> watermarks = new LinkedHashMap<>();
    Optional<String> fullReason = fullReason(context, aggregate, inputs, location, exists, before, now, watermarks, refresh);
    if (fullReason.isEmpty() && watermarks.equals(now)) {
      String note = "unchanged: its fact and dimensions did not change";
      context.progress().accept("aggregate " + aggregate.name() + ": " + note);
      return new StageResult(Stage.MODEL, aggregate.name(), 0, 0, 0, Duration.between(start, Instant.now()),
          Map.of("groups", 0L, "full", 0L), List.of(note));
    }
    List<String> grain = aggregate.grain().stream().map(AggregateConfig.Grain::name).toList();
    AggregateWriter.Written written = null;
    AggregateScope scope = null;
    if (fullReason.isEmpty()) {
      // Said first: finding the groups reads two versions of the fact and of each changed dimension (and labels those Spark jobs).
      context.progress().accept("aggregate " + aggregate.name() + " (over " + inputs.fact().name() + "): changes since the last build ...");
      try {
        scope = AggregateScope.of(context.spark(), inputs, aggregate, context.layout().curated(inputs.fact().name()).uri(), watermarks, now);
      } catch (AggregateScope.Unavailable e) {
        fullReason = Optional.of(e.getMessage());
      } catch (StrataException e) {
        throw e;
      } catch (Exception e) { // e.g. a version of the range was vacuumed; Spark's AnalysisException is checked in Java's eyes
        LOG.warn("aggregate {}: the changes since its watermarks could not be computed; rebuilding it whole", aggregate.name(), e);
        fullReason = Optional.of("the changes since the versions it was built from cannot be computed (" + e.getClass().getSimpleName()
            + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
      }
    }
    if (scope != null) {
      Dataset<Row> rows = inputs.joined(now, scope.factFilter());
      Dataset<Row> recomputed = inputs.grouped(rows.join(scope.groups(), AggregateWriter.sameGroup(rows, scope.groups(), grain),
          "left_semi"));
      context.progress().accept(String.format("aggregate %s (over %s): %,d group(s) to recompute (%,d changed partition(s), %,d changed"
          + " member row(s)) ...", aggregate.name(), inputs.fact().name(), scope.groupCount(), scope.partitions(), scope.members()));
      if (!AggregateWriter.sameColumns(context.spark().read().format("delta").load(location), recomputed)) {
        fullReason = Optional.of("column types changed");
      } else {
        written = AggregateWriter.replaceGroups(context.spark(), location, grain, scope.groups(), recomputed);
      }
    }
    if (written == null) {
      context.progress().accept("aggregate " + aggregate.name() + " (over " + inputs.fact().name() + "): full rebuild ("
          + fullReason.orElseThrow() + ") ...");
      written = AggregateWriter.replaceAll(context.spark(), location, inputs.grouped(inputs.joined(now, Optional.empty())), exists);
    }
    io.strata.jobs.fault.KillPoint.reached("model.aggregate.before-watermark");
    state.commit(aggregate.name(), before, Map.of(), now, Map.of(DEFINITION, definition(aggregate)));
    return result(context, aggregate, start, written, fullReason, scope == null ? 0 : scope.partitions(),
        scope == null ? 0 : scope.members());
  }

  /**
   * What the stored groups were computed by: fact, grain, measures and SCD2 semantics. A change of
   * any (say sum becomes max, or history becomes restated) leaves the columns as they are but
   * makes every stored group wrong.
   */
  static String definition(AggregateConfig aggregate) {
    return aggregate.fact().orElse("") + " by " + aggregate.grain().stream().map(grain -> grain.column().table() + ":"
        + grain.column().describe() + " as " + grain.name()).toList() + " measures " + aggregate.measures().stream()
        .map(measure -> measure.name() + "=" + measure.describe()).toList() + " scd2 " + aggregate.versions().configName();
  }

  /** Why the aggregate must be rebuilt whole, if it must; fills {@code watermarks} with the versions it was built from. */
  private static Optional<String> fullReason(StageContext context, AggregateConfig aggregate, AggregateInputs inputs, String location,
      boolean exists, SourceState before, Map<String, Long> now, Map<String, Long> watermarks, FullRefresh refresh) {
    if (!exists) {
      return Optional.of("first build");
    }
    if (refresh.applies(aggregate.name())) {
      return Optional.of("--full-refresh");
    }
    if (!before.get(DEFINITION).equals(Optional.of(definition(aggregate)))) {
      return Optional.of(before.get(DEFINITION).isEmpty() ? "no definition recorded yet" : "its definition changed");
    }
    List<String> stored = List.of(context.spark().read().format("delta").load(location).columns());
    if (!stored.equals(aggregate.outputColumns())) {
      return Optional.of("columns changed from " + stored + " to " + aggregate.outputColumns());
    }
    for (Map.Entry<String, Long> table : now.entrySet()) {
      OptionalLong watermark = ModelState.curated(before, table.getKey());
      if (watermark.isEmpty()) {
        return Optional.of("no watermark for " + table.getKey() + " yet");
      }
      if (watermark.getAsLong() > table.getValue()) {
        return Optional.of(table.getKey() + " is behind the aggregate's watermark (was it rebuilt?)");
      }
      watermarks.put(table.getKey(), watermark.getAsLong());
    }
    return Optional.empty();
  }

  /** The SQL aggregate's rows: its query over the curated tables, each registered under its name. */
  private static Dataset<Row> sql(StageContext context, AggregateConfig aggregate, ModelConfig model) {
    for (String table : model.curatedTables()) {
      String tableLocation = context.layout().curated(table).uri();
      if (!table.equals(aggregate.name()) && TableLog.exists(context.spark(), tableLocation)) {
        context.spark().read().format("delta").load(tableLocation).createOrReplaceTempView(table);
      }
    }
    try {
      return context.spark().sql(aggregate.sql().orElseThrow());
    } catch (Exception e) { // Spark's AnalysisException is checked in Java's eyes but undeclared
      throw new StrataException("model.aggregates." + aggregate.name() + ".sql: " + String.valueOf(e.getMessage()).lines().findFirst()
          .orElse("") + ". Fix: query the curated tables by name (" + String.join(", ", model.curatedTables()) + ")", e);
    }
  }

  private static StageResult result(StageContext context, AggregateConfig aggregate, Instant start, AggregateWriter.Written written,
      Optional<String> fullReason, int partitions, long members) {
    String outcome = written.nothing() ? "unchanged" : String.format("%,d group(s) written, %,d removed", written.written(),
        written.removed());
    context.progress().accept("aggregate " + aggregate.name() + ": " + outcome);
    List<String> events = new ArrayList<>();
    fullReason.ifPresent(reason -> events.add("full rebuild: " + reason));
    if (written.nothing()) {
      events.add("unchanged");
    }
    Map<String, Long> metrics = new LinkedHashMap<>();
    metrics.put("groups", written.written());
    metrics.put("removed", written.removed());
    metrics.put("partitions", (long) partitions);
    metrics.put("members", members);
    metrics.put("full", fullReason.isPresent() ? 1L : 0L);
    return new StageResult(Stage.MODEL, aggregate.name(), 0, written.written() + written.removed(), 0,
        Duration.between(start, Instant.now()), metrics, events);
  }
}
