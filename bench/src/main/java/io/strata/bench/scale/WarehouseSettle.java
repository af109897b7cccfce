package io.strata.bench.scale;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * Brings the warehouse to where a real one is a day after a first load: vacuumed and analyzed.
 * Day 1 copies millions of rows into PostgreSQL, which wakes its autovacuum; without this the
 * vacuum runs beside day 2 on the same two cores and day 2 is charged for day 1's load.
 */
final class WarehouseSettle {
  private WarehouseSettle() {}

  /** Vacuums and analyzes the database; returns a line saying what autovacuum was doing and how long this took. */
  static String settle(Connection warehouse) throws SQLException {
    long running = autovacuumWorkers(warehouse);
    long start = System.nanoTime();
    boolean autoCommit = warehouse.getAutoCommit();
    warehouse.setAutoCommit(true); // VACUUM cannot run inside a transaction
    try (Statement statement = warehouse.createStatement()) {
      statement.execute("VACUUM (ANALYZE)");
    } finally {
      warehouse.setAutoCommit(autoCommit);
    }
    return String.format(Locale.ROOT, "warehouse settled after day 1 (%d autovacuum worker(s) were running): VACUUM (ANALYZE) in %.1f s,"
        + " not timed as part of either day", running, (System.nanoTime() - start) / 1e9);
  }

  private static long autovacuumWorkers(Connection warehouse) throws SQLException {
    try (Statement statement = warehouse.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'")) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
