package io.strata.jobs.export;

import io.strata.layout.config.ExportMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The warehouse table {@code strata_export_state}: per table, the curated Delta version last
 * published. It is written inside the publishing transaction, so it always matches what readers
 * see, and an incremental export knows which lake commits it has not published yet.
 */
final class ExportState {
  static final String TABLE = "strata_export_state";

  private ExportState() {}

  static void ensure(Connection connection, String schema) throws SQLException {
    WarehouseCatalog.execute(connection, "CREATE TABLE IF NOT EXISTS " + PgNames.qualified(schema, TABLE) + " ("
        + "\"table_name\" text PRIMARY KEY, \"delta_version\" bigint NOT NULL, \"mode\" text NOT NULL, \"row_count\" bigint NOT NULL,"
        + " \"run_id\" text NOT NULL, \"exported_at\" timestamptz NOT NULL)");
  }

  static Optional<Long> exportedVersion(Connection connection, String schema, String table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT delta_version FROM " + PgNames.qualified(schema, TABLE) + " WHERE table_name = ?")) {
      query.setString(1, table);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  static void record(Connection connection, String schema, String table, long version, ExportMode mode, long rows, String runId)
      throws SQLException {
    try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO " + PgNames.qualified(schema, TABLE)
        + " (table_name, delta_version, mode, row_count, run_id, exported_at) VALUES (?, ?, ?, ?, ?, now())"
        + " ON CONFLICT (table_name) DO UPDATE SET delta_version = EXCLUDED.delta_version, mode = EXCLUDED.mode,"
        + " row_count = EXCLUDED.row_count, run_id = EXCLUDED.run_id, exported_at = EXCLUDED.exported_at")) {
      upsert.setString(1, table);
      upsert.setLong(2, version);
      upsert.setString(3, mode.configName());
      upsert.setLong(4, rows);
      upsert.setString(5, runId);
      upsert.executeUpdate();
    }
  }
}
