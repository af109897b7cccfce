package io.strata.jobs.export;

import io.strata.layout.config.ExportMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The warehouse table {@code strata_export_state}: per table, the curated Delta version last
 * published. It is written inside the publishing transaction, so it always matches what readers
 * see, and an incremental export knows which lake commits it has not published yet.
 */
final class ExportState {
  static final String TABLE = "strata_export_state";

  private ExportState() {}

  private static final StructType COLUMNS = new StructType()
      .add("table_name", DataTypes.StringType, false)
      .add("delta_version", DataTypes.LongType, false)
      .add("mode", DataTypes.StringType, false)
      .add("row_count", DataTypes.LongType, false)
      .add("run_id", DataTypes.StringType, false)
      .add("exported_at", DataTypes.TimestampType, false);

  static void ensure(Connection connection, String schema) throws SQLException {
    WarehouseDialect dialect = WarehouseDialect.of(connection);
    WarehouseCatalog.execute(connection, dialect.createTable(PgNames.qualified(schema, TABLE),
        TableColumns.definitions(dialect, TABLE, COLUMNS, Set.of("table_name")), Optional.of("table_name"), false, true));
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
        + " (table_name, delta_version, mode, row_count, run_id, exported_at) VALUES (?, ?, ?, ?, ?, CURRENT_TIMESTAMP)"
        + WarehouseDialect.of(connection).upsertClause("table_name", List.of(COLUMNS.fieldNames()).subList(1, COLUMNS.size())))) {
      upsert.setString(1, table);
      upsert.setLong(2, version);
      upsert.setString(3, mode.configName());
      upsert.setLong(4, rows);
      upsert.setString(5, runId);
      upsert.executeUpdate();
    }
  }
}
