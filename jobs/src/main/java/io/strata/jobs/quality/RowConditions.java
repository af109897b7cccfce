package io.strata.jobs.quality;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.to_timestamp;

import io.strata.jobs.model.DimensionColumns;
import io.strata.layout.config.CheckRule;
import io.strata.layout.config.QualityCheck;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * For a row-level check, the condition that is true on exactly the rows that break it (never
 * null), and the words that say what those rows do. Null values break only not-null and
 * referential-integrity rules; the others leave nulls to a not-null check.
 */
final class RowConditions {
  private RowConditions() {}

  /** The failing-row condition; {@code found} is the joined dimension column of a referential-integrity check. */
  static Column failing(QualityCheck check, String found) {
    CheckRule rule = check.rule();
    List<String> columns = check.columns();
    if (rule instanceof CheckRule.NotNull) {
      Column anyNull = lit(false);
      for (String column : columns) {
        anyNull = anyNull.or(DimensionColumns.column(column).isNull());
      }
      return anyNull;
    }
    if (rule instanceof CheckRule.Sql sql) {
      return not(coalesce(expr(sql.condition().orElseThrow()), lit(false)));
    }
    if (rule instanceof CheckRule.ReferentialIntegrity) {
      Column key = DimensionColumns.column(columns.get(0));
      return key.isNull().or(key.notEqual(lit(CheckRule.ReferentialIntegrity.UNKNOWN_MEMBER)).and(DimensionColumns.column(found).isNull()));
    }
    Column value = DimensionColumns.column(columns.get(0));
    Column broken;
    if (rule instanceof CheckRule.AcceptedValues accepted) {
      broken = not(value.cast("string").isin(accepted.values().toArray()));
    } else if (rule instanceof CheckRule.Range range) {
      broken = lit(false);
      if (range.min().isPresent()) {
        broken = broken.or(value.lt(bound(range.min().get())));
      }
      if (range.max().isPresent()) {
        broken = broken.or(value.gt(bound(range.max().get())));
      }
    } else if (rule instanceof CheckRule.Regex regex) {
      broken = not(value.cast("string").rlike("^(?:" + regex.pattern() + ")$"));
    } else {
      throw new IllegalArgumentException("not a row-level rule with a condition: " + rule.type());
    }
    return value.isNotNull().and(coalesce(broken, lit(false)));
  }

  /** A typed literal: a number, a date or a timestamp, so the comparison is not made on text. */
  private static Column bound(String text) {
    try {
      return lit(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return text.length() <= 10 ? to_date(lit(text)) : to_timestamp(lit(text));
    }
  }

  /** What the failing rows do, after "N of M rows": {@code have a null in order_id}. */
  static String describe(QualityCheck check) {
    CheckRule rule = check.rule();
    String columns = String.join(", ", check.columns());
    if (rule instanceof CheckRule.NotNull) {
      return "have a null in " + columns;
    }
    if (rule instanceof CheckRule.Unique) {
      return "repeat a key of (" + columns + ") already held by another row";
    }
    if (rule instanceof CheckRule.AcceptedValues accepted) {
      return "have " + columns + " outside " + accepted.values();
    }
    if (rule instanceof CheckRule.Range range) {
      return "have " + columns + " outside [" + range.min().orElse("") + ".." + range.max().orElse("") + "]";
    }
    if (rule instanceof CheckRule.Regex regex) {
      return "have " + columns + " not matching " + regex.pattern();
    }
    if (rule instanceof CheckRule.ReferentialIntegrity integrity) {
      return "have a " + columns + " that " + integrity.dimension() + "." + integrity.dimensionColumn() + " does not hold";
    }
    if (rule instanceof CheckRule.Sql sql) {
      return sql.condition().map(condition -> "do not satisfy " + condition).orElse("were returned by the query");
    }
    return "fail " + rule.type();
  }
}
