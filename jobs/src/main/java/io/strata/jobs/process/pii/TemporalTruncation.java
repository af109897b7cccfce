package io.strata.jobs.process.pii;

import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;

/** {@code pii = truncate-date}: a date or timestamp down to the first day of its year or month, same type. */
final class TemporalTruncation {
  private TemporalTruncation() {}

  static Column apply(Column value, ColumnSpec column) {
    String unit = column.pii().truncateTo();
    if (!unit.equals("year") && !unit.equals("month")) {
      throw new StrataException("column '" + column.name() + "' has pii truncate-to = '" + unit + "'; use year or month");
    }
    return switch (column.type()) {
      case "date" -> functions.trunc(value, unit);
      case "timestamp" -> functions.date_trunc(unit, value);
      default -> throw new StrataException("column '" + column.name() + "' uses pii = truncate-date but its type is "
          + column.type() + "; use it on a date or timestamp column, or choose another pii method");
    };
  }
}
