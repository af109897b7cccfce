package io.strata.jobs.quality;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

import io.strata.jobs.stage.StageContext;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.AggregateMeasure;
import io.strata.layout.config.QualityCheck;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The reconciliation of an aggregate: the totals of its additive measures (sum, count, and an
 * average's sum and count) over all groups equal the same totals over its fact, read from the fact
 * table itself. Measures of a dimension's column, and min, max and count-distinct, do not add up
 * and are not compared.
 */
final class AggregateTotals {
  private AggregateTotals() {}

  static CheckResult check(StageContext context, String table, AggregateConfig aggregate, QualityCheck check) {
    String fact = aggregate.fact().orElseThrow();
    List<String> names = new ArrayList<>();
    List<Column> aggregateTotals = new ArrayList<>();
    List<Column> factTotals = new ArrayList<>();
    for (AggregateMeasure measure : aggregate.measures()) {
      if (!measure.function().additive() || measure.column().filter(column -> column.reference().isPresent()).isPresent()) {
        continue;
      }
      Column input = measure.column().map(column -> col("`" + column.column() + "`")).orElse(lit(1));
      if (measure.function() == AggregateMeasure.Function.SUM) {
        add(names, aggregateTotals, factTotals, measure.name(), sum(col("`" + measure.name() + "`")), sum(input));
      } else if (measure.function() == AggregateMeasure.Function.COUNT) {
        add(names, aggregateTotals, factTotals, measure.name(), sum(col("`" + measure.name() + "`")), count(input));
      } else {
        add(names, aggregateTotals, factTotals, measure.sumColumn(), sum(col("`" + measure.sumColumn() + "`")), sum(input));
        add(names, aggregateTotals, factTotals, measure.countColumn(), sum(col("`" + measure.countColumn() + "`")), count(input));
      }
    }
    if (names.isEmpty()) {
      return CheckResult.error(table, check, "no measure of " + table + " adds up over the fact's columns (sum, count or avg of a "
          + fact + " column)");
    }
    Dataset<Row> groups = context.spark().read().format("delta").load(context.layout().curated(table).uri());
    Dataset<Row> rows = context.spark().read().format("delta").load(context.layout().curated(fact).uri());
    // Both sides' totals in one query: two single-row aggregates side by side.
    Row both = groups.agg(aggregateTotals.get(0), aggregateTotals.subList(1, aggregateTotals.size()).toArray(Column[]::new))
        .crossJoin(rows.agg(factTotals.get(0), factTotals.subList(1, factTotals.size()).toArray(Column[]::new))).first();
    Row totals = slice(both, 0, names.size());
    Row expected = slice(both, names.size(), names.size());
    List<String> compared = new ArrayList<>();
    long mismatches = 0;
    for (int i = 0; i < names.size(); i++) {
      boolean equal = equal(totals, expected, i);
      compared.add(names.get(i) + " " + text(totals, i) + (equal ? "" : " (" + fact + ": " + text(expected, i) + ", mismatch)"));
      mismatches += equal ? 0 : 1;
    }
    return CheckResult.judged(table, check, mismatches == 0, OptionalLong.of(mismatches), OptionalLong.of(names.size()), Optional.empty(),
        String.format(Locale.ROOT, "totals over all groups against %s: %s", fact, String.join(", ", compared)));
  }

  private static void add(List<String> names, List<Column> aggregateTotals, List<Column> factTotals, String name, Column total,
      Column expected) {
    names.add(name);
    aggregateTotals.add(total);
    factTotals.add(expected);
  }

  /**
   * Exact for whole numbers and decimals; floating-point totals within a relative 1e-9 (the groups
   * add the same values in another order). A missing total (no rows) counts as 0.
   */
  static boolean equal(Row got, Row want, int index) {
    Object a = got.isNullAt(index) ? 0L : got.get(index);
    Object b = want.isNullAt(index) ? 0L : want.get(index);
    if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      return Double.compare(x, y) == 0 || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y));
    }
    return new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString())) == 0;
  }

  /** {@code length} values of {@code row} from {@code from} on: one side of the two side-by-side totals. */
  static Row slice(Row row, int from, int length) {
    Object[] values = new Object[length];
    for (int i = 0; i < length; i++) {
      values[i] = row.get(from + i);
    }
    return org.apache.spark.sql.RowFactory.create(values);
  }

  private static String text(Row row, int index) {
    return row.isNullAt(index) ? "null" : row.get(index) instanceof BigDecimal decimal ? decimal.toPlainString() : row.get(index).toString();
  }
}
