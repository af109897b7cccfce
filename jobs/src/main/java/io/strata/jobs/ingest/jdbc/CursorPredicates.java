package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Tuple comparisons on cursor columns, spelled out as ANDs and ORs. Both PostgreSQL and MySQL
 * know row comparison {@code (a, b) > (x, y)}, but the expanded form behaves the same on both
 * and keeps a leading {@code a >= x} that an index on the first column can serve.
 *
 * <p>Columns arrive already quoted and values as SQL literals (see {@link SqlDialect} and
 * {@link CursorType}); this class only arranges them.
 */
public final class CursorPredicates {
  private CursorPredicates() {}

  /** Rows whose cursor tuple is strictly after {@code values}: {@code (a > x) OR (a = x AND b > y)}. */
  public static String after(List<String> columns, List<String> values) {
    return compare(columns, values, ">", ">", ">=");
  }

  /** Rows whose cursor tuple is at or before {@code values}: {@code (a < x) OR (a = x AND b <= y)}. */
  public static String atOrBefore(List<String> columns, List<String> values) {
    return compare(columns, values, "<", "<=", "<=");
  }

  /** The look-back form: the first column only, inclusive. */
  public static String atLeast(String column, String value) {
    return requireNonNull(column, "column is null") + " >= " + requireNonNull(value, "value is null");
  }

  /** Every cursor column set: rows with a NULL cursor cannot be placed before or after a watermark. */
  public static String notNull(List<String> columns) {
    return String.join(" AND ", columns.stream().map(column -> column + " IS NOT NULL").toList());
  }

  /** Joins the non-blank conditions with AND, each in parentheses; {@code 1 = 1} when there are none. */
  public static String and(List<String> conditions) {
    List<String> present = conditions.stream().filter(condition -> condition != null && !condition.isBlank()).toList();
    if (present.isEmpty()) {
      return "1 = 1";
    }
    return present.size() == 1 ? present.get(0) : String.join(" AND ", present.stream().map(c -> "(" + c + ")").toList());
  }

  private static String compare(List<String> columns, List<String> values, String before, String last, String leading) {
    requireNonNull(columns, "columns is null");
    requireNonNull(values, "values is null");
    if (columns.isEmpty() || columns.size() != values.size()) {
      throw new IllegalArgumentException("need as many values as cursor columns, got " + columns.size() + " columns and " + values.size() + " values");
    }
    String expanded = expand(columns, values, 0, before, last);
    if (columns.size() == 1) {
      return expanded;
    }
    return columns.get(0) + " " + leading + " " + values.get(0) + " AND (" + expanded + ")";
  }

  private static String expand(List<String> columns, List<String> values, int index, String before, String last) {
    String column = columns.get(index);
    String value = values.get(index);
    if (index == columns.size() - 1) {
      return column + " " + last + " " + value;
    }
    return "(" + column + " " + before + " " + value + ") OR (" + column + " = " + value + " AND ("
        + expand(columns, values, index + 1, before, last) + "))";
  }
}
