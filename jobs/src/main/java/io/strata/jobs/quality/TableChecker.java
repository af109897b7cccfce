package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import io.strata.jobs.model.DimensionColumns;
import io.strata.jobs.stage.StageContext;
import io.strata.layout.Layer;
import io.strata.layout.config.CheckRule;
import io.strata.layout.config.QualityCheck;
import io.strata.layout.config.QualityTable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Runs the checks of one table. Every row-level check, the row count and the freshness maxima
 * come from one aggregation over the table (referential-integrity checks join their dimension's
 * keys into it); failing rows are sampled afterwards, only for the checks that failed. A check
 * that cannot run (a column the table lacks, a missing dimension) is an ERROR of its own and does
 * not stop the others.
 */
final class TableChecker {
  private static final Map<String, String> JSON_OPTIONS = Map.of("ignoreNullFields", "false");
  private static final String ROWS = "_q_rows";
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(TableChecker.class);

  private final StageContext context;
  private final int sampleRows;
  private final TableLevelChecks tableLevel;

  TableChecker(StageContext context, int sampleRows, TableLevelChecks tableLevel) {
    this.context = requireNonNull(context, "context is null");
    this.sampleRows = sampleRows;
    this.tableLevel = requireNonNull(tableLevel, "tableLevel is null");
  }

  List<CheckResult> check(QualityTable table) {
    String name = table.displayName();
    String location = location(table.layer(), table.name());
    if (!DeltaTable.isDeltaTable(context.spark(), location)) {
      String stage = table.layer() == Layer.PROCESSED ? "process" : "model";
      return table.checks().stream().map(check -> CheckResult.error(name, check,
          "table " + name + " does not exist yet (no Delta table at " + location + "); run the " + stage + " stage first")).toList();
    }
    Dataset<Row> data = context.spark().read().format("delta").load(location);
    Column[] original = java.util.Arrays.stream(data.columns()).map(DimensionColumns::column).toArray(Column[]::new);

    Map<QualityCheck, CheckResult> results = new LinkedHashMap<>();
    Map<QualityCheck, Column> failing = new LinkedHashMap<>();
    Map<QualityCheck, List<Column>> aggregates = new LinkedHashMap<>();
    Dataset<Row> joined = data;
    for (int i = 0; i < table.checks().size(); i++) {
      QualityCheck check = table.checks().get(i);
      String alias = "_q" + i;
      try {
        Dataset<Row> withDimension = check.rule() instanceof CheckRule.ReferentialIntegrity integrity
            ? joinDimension(joined, check, integrity, alias + "_found") : joined;
        List<Column> columns = plan(check, alias, failing);
        // Analysis is eager: a wrong column or expression fails here, for this check alone (and
        // against the table's own columns, so the error suggests no helper column).
        (withDimension == joined ? data : withDimension).agg(count(lit(1)), columns.toArray(Column[]::new));
        joined = withDimension;
        aggregates.put(check, columns);
      } catch (Exception e) {
        failing.remove(check);
        results.put(check, CheckResult.error(name, check, firstLine(e)));
      }
    }

    Optional<Row> totals = Optional.empty();
    List<Column> all = aggregates.values().stream().flatMap(List::stream).toList();
    try {
      totals = Optional.of(joined.agg(count(lit(1)).as(ROWS), all.toArray(Column[]::new)).first());
    } catch (Exception e) {
      String message = "the checks' pass over " + name + " failed: " + firstLine(e);
      aggregates.keySet().forEach(check -> results.put(check, CheckResult.error(name, check, message)));
    }

    List<CheckResult> ordered = new ArrayList<>();
    Map<Integer, Dataset<Row>> toSample = new LinkedHashMap<>();
    for (int i = 0; i < table.checks().size(); i++) {
      QualityCheck check = table.checks().get(i);
      if (results.containsKey(check)) {
        ordered.add(results.get(check));
        continue;
      }
      Row row = totals.orElseThrow();
      long rows = row.getLong(row.fieldIndex(ROWS));
      try {
        Judged judged = judge(name, table, check, "_q" + i, row, rows, data, joined, failing.get(check));
        judged.failingRows().ifPresent(failingRows -> toSample.put(ordered.size(), failingRows));
        ordered.add(judged.result());
      } catch (Exception e) {
        ordered.add(CheckResult.error(name, check, firstLine(e)));
      }
    }
    return withSamples(ordered, toSample, original);
  }

  /** A result, and the rows to sample when a row-level check failed. */
  private record Judged(CheckResult result, Optional<Dataset<Row>> failingRows) {}

  /** The samples of every failed check of the table, in one Spark job: a union of per-check limits. */
  private List<CheckResult> withSamples(List<CheckResult> results, Map<Integer, Dataset<Row>> toSample, Column[] original) {
    if (toSample.isEmpty() || sampleRows == 0) {
      return results;
    }
    Dataset<Row> union = null;
    for (Map.Entry<Integer, Dataset<Row>> entry : toSample.entrySet()) {
      Dataset<Row> part = entry.getValue().select(lit(entry.getKey()).as("_q_check"), to_json(struct(original), JSON_OPTIONS).as("_q_json"))
          .limit(sampleRows);
      union = union == null ? part : union.unionAll(part);
    }
    Map<Integer, List<String>> samples = new LinkedHashMap<>();
    List<CheckResult> sampled = new ArrayList<>(results);
    try {
      union.collectAsList().forEach(row -> samples.computeIfAbsent(row.getInt(0), index -> new ArrayList<>()).add(row.getString(1)));
    } catch (Exception e) {
      LOG.warn("cannot sample the failing rows: {}", firstLine(e), e);
      return results;
    }
    samples.forEach((index, rows) -> sampled.set(index, sampled.get(index).withSample("[" + String.join(",", rows) + "]")));
    return sampled;
  }

  /** The aggregate columns of one check; row-level conditions are kept in {@code failing} for sampling. */
  private static List<Column> plan(QualityCheck check, String alias, Map<QualityCheck, Column> failing) {
    CheckRule rule = check.rule();
    if (rule instanceof CheckRule.Unique) {
      return List.of(count(lit(1)).minus(countDistinct(struct(DimensionColumns.columns(check.columns())))).as(alias + "_failing"));
    }
    if (rule instanceof CheckRule.Freshness) {
      return List.of(max(DimensionColumns.column(check.columns().get(0))).as(alias + "_latest"));
    }
    if (rule instanceof CheckRule.Sql sql && sql.query().isPresent() || rule instanceof CheckRule.RowCount
        || rule instanceof CheckRule.Reconciliation) {
      return List.of();
    }
    Column condition = RowConditions.failing(check, alias + "_found");
    failing.put(check, condition);
    List<Column> columns = new ArrayList<>(List.of(sum(when(condition, 1).otherwise(0)).cast("long").as(alias + "_failing")));
    if (rule instanceof CheckRule.ReferentialIntegrity) {
      Column unknown = DimensionColumns.column(check.columns().get(0)).equalTo(lit(CheckRule.ReferentialIntegrity.UNKNOWN_MEMBER));
      columns.add(sum(when(unknown, 1).otherwise(0)).cast("long").as(alias + "_unknown"));
    }
    return columns;
  }

  /** The dimension's distinct keys, left-joined as {@code found}: null on a fact row whose key the dimension lacks. */
  private Dataset<Row> joinDimension(Dataset<Row> rows, QualityCheck check, CheckRule.ReferentialIntegrity integrity, String found) {
    String location = location(Layer.CURATED, integrity.dimension());
    if (!DeltaTable.isDeltaTable(context.spark(), location)) {
      throw new IllegalStateException("dimension " + integrity.dimension() + " does not exist yet (no Delta table at " + location + ")");
    }
    Dataset<Row> keys = context.spark().read().format("delta").load(location)
        .select(DimensionColumns.column(integrity.dimensionColumn()).as(found)).distinct();
    return rows.join(keys, DimensionColumns.column(check.columns().get(0)).equalTo(col(found)), "left_outer");
  }

  private Judged judge(String name, QualityTable table, QualityCheck check, String alias, Row totals, long rows, Dataset<Row> data,
      Dataset<Row> joined, Column condition) {
    CheckRule rule = check.rule();
    if (rule instanceof CheckRule.RowCount count) {
      return new Judged(tableLevel.rowCount(name, check, count, rows), Optional.empty());
    }
    if (rule instanceof CheckRule.Freshness freshness) {
      return new Judged(tableLevel.freshness(name, check, freshness, totals.get(totals.fieldIndex(alias + "_latest")), rows), Optional.empty());
    }
    if (rule instanceof CheckRule.Reconciliation) {
      return new Judged(tableLevel.reconciliation(name, table, check), Optional.empty());
    }
    if (rule instanceof CheckRule.Sql sql && sql.query().isPresent()) {
      return new Judged(tableLevel.query(name, check, sql.query().get(), rows, sampleRows), Optional.empty());
    }
    long failingRows = totals.getLong(totals.fieldIndex(alias + "_failing"));
    String message = failingRows + " of " + rows + " rows " + RowConditions.describe(check);
    boolean passed = failingRows == 0;
    Column sampled = condition;
    if (rule instanceof CheckRule.ReferentialIntegrity integrity) {
      long unknown = totals.getLong(totals.fieldIndex(alias + "_unknown"));
      double share = rows == 0 ? 0 : unknown * 100.0 / rows;
      boolean tooMany = integrity.maxUnknownPercent().map(limit -> share > limit).orElse(false);
      message += String.format(java.util.Locale.ROOT, "; %d unknown member%s (-1) = %.1f%% of rows%s", unknown, unknown == 1 ? "" : "s",
          share, integrity.maxUnknownPercent().map(limit -> String.format(java.util.Locale.ROOT, ", allowed %s%%", trim(limit))).orElse(""));
      if (tooMany) {
        passed = false;
        failingRows += unknown;
        sampled = condition.or(DimensionColumns.column(check.columns().get(0)).equalTo(lit(CheckRule.ReferentialIntegrity.UNKNOWN_MEMBER)));
      }
    }
    Optional<Dataset<Row>> failingData = passed ? Optional.empty()
        : Optional.of(rule instanceof CheckRule.Unique ? duplicates(data, check) : joined.filter(sampled));
    return new Judged(CheckResult.judged(name, check, passed, OptionalLong.of(failingRows), OptionalLong.of(rows), Optional.empty(), message),
        failingData);
  }

  /** Rows whose key another row repeats, grouped by key so the sample shows the clash. */
  private static Dataset<Row> duplicates(Dataset<Row> data, QualityCheck check) {
    Column[] key = DimensionColumns.columns(check.columns());
    return data.withColumn("_q_copies", count(lit(1)).over(Window.partitionBy(key))).filter(col("_q_copies").gt(1)).orderBy(key);
  }

  private String location(Layer layer, String table) {
    if (layer == Layer.PROCESSED) {
      return context.layout().processed(table).uri();
    }
    return context.layout().curated(table).uri();
  }

  static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }

  static String firstLine(Exception e) {
    String message = String.valueOf(e.getMessage()).lines().findFirst().orElse(e.getClass().getSimpleName());
    return message.length() > 500 ? message.substring(0, 500) + "..." : message;
  }
}
