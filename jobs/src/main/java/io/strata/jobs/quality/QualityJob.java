package io.strata.jobs.quality;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.CheckRule;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.QualityConfig;
import io.strata.layout.config.QualityTable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quality stage: runs the checks of every configured table, appends every result to
 * {@code _runs/quality_results}, prints them, and only then fails the stage with
 * {@link QualityGateFailedException} when a check of severity {@code fail} did not pass.
 */
public final class QualityJob implements StageJob {
  private static final Logger LOG = LoggerFactory.getLogger(QualityJob.class);

  @Override
  public List<StageResult> run(StageContext context) {
    QualityConfig quality = context.config().quality();
    if (quality.isEmpty()) {
      context.progress().accept("no quality checks configured: add a quality { tables { ... } } section to the config");
      return List.of();
    }
    QualityResults store = new QualityResults(context.spark(), context.layout());
    boolean comparesCounts = quality.tables().stream().flatMap(table -> table.checks().stream())
        .anyMatch(check -> check.rule() instanceof CheckRule.RowCount count && count.maxChangePercent().isPresent());
    Map<String, QualityResults.PreviousCount> previous = comparesCounts
        ? store.previousRowCounts(context.config().name(), context.runDate()) : Map.of();
    Supplier<RunLogCounts> runLog = once(() -> RunLogCounts.read(context.spark(), context.layout(), context.config().name(), context.runDate()));
    Supplier<Boolean> views = once(() -> registerViews(context));
    TableChecker checker = new TableChecker(context, quality.sampleRows(), new TableLevelChecks(context, previous, runLog, views::get));

    List<CheckResult> all = new ArrayList<>();
    List<StageResult> results = new ArrayList<>();
    for (QualityTable table : quality.tables()) {
      context.progress().accept("table " + table.displayName() + ": " + table.checks().size() + " check(s) ...");
      Instant start = Instant.now();
      List<CheckResult> checked = checker.check(table);
      all.addAll(checked);
      results.add(summary(table, checked, Duration.between(start, Instant.now())));
    }
    // Results are kept before the gate decides, so a failed run leaves its evidence behind.
    store.append(context.runId(), context.config().name(), context.runDate(), all);
    QualityReport.lines(all).forEach(context.progress());
    all.forEach(result -> LOG.info("run {}: quality {}.{} {}: {}", context.runId(), result.table(), result.check().name(), result.status(),
        result.message()));
    List<CheckResult> failed = all.stream().filter(CheckResult::failsGate).toList();
    if (!failed.isEmpty()) {
      throw new QualityGateFailedException(failed, results);
    }
    return results;
  }

  private static StageResult summary(QualityTable table, List<CheckResult> checked, Duration duration) {
    Map<String, Long> metrics = new LinkedHashMap<>();
    metrics.put("checks", (long) checked.size());
    for (CheckResult.Status status : CheckResult.Status.values()) {
      metrics.put(status.name().toLowerCase(java.util.Locale.ROOT), checked.stream().filter(result -> result.status() == status).count());
    }
    long rows = checked.stream().mapToLong(result -> result.rowsChecked().orElse(0)).max().orElse(0);
    List<String> events = checked.stream().filter(result -> result.status() != CheckResult.Status.PASS)
        .map(result -> result.check().name() + " " + result.status() + ": " + result.message()).toList();
    return new StageResult(Stage.QUALITY, table.displayName(), rows, 0, 0, duration, metrics, events);
  }

  /** Every processed entity, then every curated table, as a view named after it, for sql queries. */
  private static boolean registerViews(StageContext context) {
    Map<String, String> locations = new LinkedHashMap<>();
    context.config().entities().keySet().forEach(entity -> locations.put(entity, context.layout().processed(entity).uri()));
    ModelConfig model = context.config().model();
    model.curatedTables().forEach(table -> locations.put(table, context.layout().curated(table).uri()));
    locations.forEach((view, location) -> {
      if (DeltaTable.isDeltaTable(context.spark(), location)) {
        context.spark().read().format("delta").load(location).createOrReplaceTempView(view);
      }
    });
    return true;
  }

  private static <T> Supplier<T> once(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
