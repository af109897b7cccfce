package io.strata.jobs.export;

import io.strata.layout.StrataException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** Makes loaded tables visible in the warehouse, all or none where the warehouse allows it. */
interface TablePublisher {
  /** Returns the row count of each published table. */
  Map<String, Long> publish(Connection connection, List<LoadedTable> tables) throws SQLException;

  /**
   * Counts the applied table, fails the publish unless it holds the curated table's rows, and
   * records its exported version (in the caller's transaction); returns the count.
   */
  static long reconcileAndRecord(Connection connection, String schema, LoadedTable table, String runId) throws SQLException {
    long published = WarehouseCatalog.count(connection, schema, table.table().name());
    reconcile(schema, table, published);
    ExportState.record(connection, schema, table.table().name(), table.snapshot().version(), table.table().mode(), published, runId);
    return published;
  }

  /** Fails the publish unless the table would hold the curated table's rows. */
  static void reconcile(String schema, LoadedTable table, long published) {
    if (published != table.lakeRows()) {
      throw new StrataException("export: reconciliation failed for " + table.table().name() + ": the warehouse would hold "
          + published + " rows, the curated table (Delta version " + table.snapshot().version() + ") holds " + table.lakeRows()
          + ". Nothing was published; the previous tables stay. Fix: re-run the export; if it persists, check for"
          + " other writers to " + schema + "." + table.table().name());
    }
  }
}
