package io.strata.bench.scale;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the warehouse must hold after day 2, counted in PostgreSQL: every order once, one current
 * version per customer, one more version per tracked change, and no order pointing to the unknown
 * customer. A benchmark of a run that got the data wrong would measure the wrong thing, so a
 * mismatch fails it.
 */
final class WarehouseCheck {
  private WarehouseCheck() {}

  /** Returns one line describing the counts; throws when one differs from what the workload implies. */
  static String verify(Connection warehouse, ScaleOptions options, ScaleWorkload.DayTwo dayTwo) throws SQLException {
    String schema = ScalePipeline.WAREHOUSE_SCHEMA;
    long facts = count(warehouse, "SELECT count(*) FROM " + schema + ".fact_orders");
    long unknown = count(warehouse, "SELECT count(*) FROM " + schema + ".fact_orders WHERE customer_key = -1");
    long versions = count(warehouse, "SELECT count(*) FROM " + schema + ".dim_customer WHERE dim_customer_key <> -1");
    long current = count(warehouse, "SELECT count(*) FROM " + schema + ".dim_customer WHERE dim_customer_key <> -1 AND is_current");
    long expectedFacts = options.orders() + dayTwo.newOrders();
    long expectedCurrent = options.customers() + dayTwo.newCustomers();
    long expectedVersions = expectedCurrent + dayTwo.tracked();
    List<String> wrong = new ArrayList<>();
    check(wrong, "fact_orders rows", facts, expectedFacts);
    check(wrong, "fact_orders rows with the unknown customer", unknown, 0);
    check(wrong, "dim_customer versions", versions, expectedVersions);
    check(wrong, "dim_customer current versions", current, expectedCurrent);
    if (!wrong.isEmpty()) {
      throw new IllegalStateException("the warehouse does not hold what the workload implies: " + String.join("; ", wrong));
    }
    return String.format("warehouse after day 2: fact_orders %,d rows (none with the unknown customer), dim_customer %,d versions,"
        + " %,d current: as expected", facts, versions, current);
  }

  private static void check(List<String> wrong, String what, long actual, long expected) {
    if (actual != expected) {
      wrong.add(String.format("%s: %,d, expected %,d", what, actual, expected));
    }
  }

  private static long count(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      result.next();
      return result.getLong(1);
    }
  }
}
