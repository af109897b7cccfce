package io.strata.bench.e2e;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Checks that the two stars in the warehouse are the same: every table holds the same rows in
 * both schemas (EXCEPT ALL both ways over DuckDB's columns, {@code row_hash} aside: the two
 * engines write JSON differently), and the fact holds every generated order line with the
 * generator's total amount. A difference fails the benchmark: the figures of two different stars
 * would compare nothing.
 */
final class StarComparison {
  private StarComparison() {}

  static String verify(Connection warehouse, String strataSchema, String duckSchema, RetailWorkload.Written input) throws SQLException {
    List<String> problems = new ArrayList<>();
    List<String> sizes = new ArrayList<>();
    try (Statement sql = warehouse.createStatement()) {
      sql.execute("SET TimeZone = 'UTC'");
      for (String table : E2ePipeline.TABLES) {
        List<String> columns = columns(sql, duckSchema, table);
        List<String> missing = new ArrayList<>(columns);
        missing.removeAll(columns(sql, strataSchema, table));
        if (!missing.isEmpty()) {
          problems.add(table + ": Strata's table has no column " + missing);
          continue;
        }
        String select = "SELECT " + String.join(", ", columns.stream().map(column -> "\"" + column + "\"").toList()) + " FROM ";
        long strataRows = count(sql, "SELECT count(*) FROM " + strataSchema + "." + table);
        long duckRows = count(sql, "SELECT count(*) FROM " + duckSchema + "." + table);
        String onlyStrata = select + strataSchema + "." + table + " EXCEPT ALL " + select + duckSchema + "." + table;
        String onlyDuck = select + duckSchema + "." + table + " EXCEPT ALL " + select + strataSchema + "." + table;
        long strataOnly = count(sql, "SELECT count(*) FROM (" + onlyStrata + ") d");
        long duckOnly = count(sql, "SELECT count(*) FROM (" + onlyDuck + ") d");
        if (strataOnly != 0 || duckOnly != 0) {
          problems.add(String.format(Locale.ROOT, "%s: %d rows only in Strata's (e.g. %s), %d only in DuckDB's (e.g. %s)", table,
              strataOnly, examples(sql, onlyStrata), duckOnly, examples(sql, onlyDuck)));
        }
        sizes.add(String.format(Locale.ROOT, "%s %,d", table, strataRows));
        if (strataRows != duckRows) {
          problems.add(table + ": " + strataRows + " rows in Strata's, " + duckRows + " in DuckDB's");
        }
      }
      String fact = E2ePipeline.FACT;
      BigDecimal expected = BigDecimal.valueOf(input.amountCents(), 2);
      for (String schema : List.of(strataSchema, duckSchema)) {
        long lines = count(sql, "SELECT count(*) FROM " + schema + "." + fact);
        BigDecimal amount = new BigDecimal(single(sql, "SELECT coalesce(sum(amount), 0) FROM " + schema + "." + fact).toString());
        if (lines != input.lines() || amount.compareTo(expected) != 0) {
          problems.add(String.format(Locale.ROOT, "%s.%s holds %d lines worth %s; generated: %d lines worth %s", schema, fact, lines, amount,
              input.lines(), expected));
        }
      }
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the two stars differ:\n  " + String.join("\n  ", problems));
    }
    return "both stars hold the same rows (" + String.join(", ", sizes) + "), the fact every generated line, amount "
        + BigDecimal.valueOf(input.amountCents(), 2).toPlainString();
  }

  private static List<String> columns(Statement sql, String schema, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet result = sql.executeQuery("SELECT column_name FROM information_schema.columns WHERE table_schema = '" + schema
        + "' AND table_name = '" + table + "' AND column_name <> 'row_hash' ORDER BY ordinal_position")) {
      while (result.next()) {
        columns.add(result.getString(1));
      }
    }
    return columns;
  }

  private static Object single(Statement sql, String query) throws SQLException {
    try (ResultSet result = sql.executeQuery(query)) {
      result.next();
      return result.getObject(1);
    }
  }

  private static long count(Statement sql, String query) throws SQLException {
    return ((Number) single(sql, query)).longValue();
  }

  private static String examples(Statement sql, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (ResultSet result = sql.executeQuery(query + " LIMIT 2")) {
      int width = result.getMetaData().getColumnCount();
      while (result.next()) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= width; i++) {
          values.add(String.valueOf(result.getObject(i)));
        }
        rows.add("(" + String.join(", ", values) + ")");
      }
    }
    return rows.isEmpty() ? "none" : String.join(" ", rows);
  }
}
