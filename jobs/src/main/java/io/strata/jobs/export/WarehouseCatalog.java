package io.strata.jobs.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** Small questions and commands about the warehouse schema, on the driver's connection. */
final class WarehouseCatalog {
  private WarehouseCatalog() {}

  static void execute(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  /**
   * Creates the schema (MySQL: the database) when missing; asking first means a user without CREATE
   * on the database can use an existing one.
   */
  static void ensureSchema(Connection connection, String schema) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM information_schema.schemata WHERE schema_name = ?")) {
      query.setString(1, schema);
      try (ResultSet rows = query.executeQuery()) {
        if (rows.next()) {
          return;
        }
      }
    }
    execute(connection, "CREATE SCHEMA IF NOT EXISTS " + PgNames.quote(schema));
  }

  /** Drops the staging tables an export that died half-way left behind; returns their names. */
  static List<String> dropLeftoverStaging(Connection connection, String schema) throws SQLException {
    List<String> leftovers = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'"
            + " AND right(table_name, ?) = ? ORDER BY table_name")) {
      query.setString(1, schema);
      query.setInt(2, PgNames.STAGING_SUFFIX.length());
      query.setString(3, PgNames.STAGING_SUFFIX);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          leftovers.add(rows.getString(1));
        }
      }
    }
    for (String table : leftovers) {
      execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, table));
    }
    return leftovers;
  }

  /** The table's columns in order; empty when there is no such table. */
  static Optional<List<String>> columns(Connection connection, String schema, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT column_name FROM information_schema.columns"
        + " WHERE table_schema = ? AND table_name = ? ORDER BY ordinal_position")) {
      query.setString(1, schema);
      query.setString(2, table);
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.add(rows.getString(1));
        }
      }
    }
    return columns.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(columns));
  }

  /** Whether {@code schema.table} is a table. */
  static boolean exists(Connection connection, String schema, String table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM information_schema.tables WHERE table_schema = ?"
        + " AND table_name = ? AND table_type = 'BASE TABLE'")) {
      query.setString(1, schema);
      query.setString(2, table);
      try (ResultSet rows = query.executeQuery()) {
        return rows.next();
      }
    }
  }

  static long count(Connection connection, String schema, String table) throws SQLException {
    try (Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + PgNames.qualified(schema, table))) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** Creates {@code schema.table} with the columns of {@code columns}, or adds the ones an existing table lacks. */
  static void ensureTable(Connection connection, String schema, String table, StructType columns) throws SQLException {
    Optional<List<String>> existing = columns(connection, schema, table);
    if (existing.isEmpty()) {
      execute(connection, TableColumns.createTable(WarehouseDialect.of(connection), schema, table, columns, false, table));
      return;
    }
    for (StructField field : columns.fields()) {
      if (!existing.get().contains(field.name())) {
        String definition = TableColumns.definitions(WarehouseDialect.of(connection), table, new StructType(new StructField[] {new StructField(field.name(), field.dataType(),
            true, field.metadata())}), java.util.Set.of()).get(0);
        execute(connection, "ALTER TABLE " + PgNames.qualified(schema, table) + " ADD COLUMN " + definition);
      }
    }
  }

  /** Inserts the rows, whose values are in the order of {@code columns}, into {@code schema.table} in one batch. */
  static void insertRows(Connection connection, String schema, String table, StructType columns, List<org.apache.spark.sql.Row> rows)
      throws SQLException {
    String placeholders = String.join(", ", java.util.Collections.nCopies(columns.size(), "?"));
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + PgNames.qualified(schema, table)
        + " (" + PgNames.columnList(List.of(columns.fieldNames())) + ") VALUES (" + placeholders + ")")) {
      for (org.apache.spark.sql.Row row : rows) {
        for (int i = 0; i < row.size(); i++) {
          insert.setObject(i + 1, row.get(i));
        }
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }
}
