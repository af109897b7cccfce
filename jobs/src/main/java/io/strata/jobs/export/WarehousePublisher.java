package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.ExportConfig;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Publishes loaded tables in ONE transaction: drops the configured views (PostgreSQL binds a view
 * to a table, not to its name, so they cannot outlive a swap), applies every table (swap, partition
 * replace, or a dimension's deletes and upserts), checks each published table's row count against
 * the curated table's, records the exported versions, sets each table's grants and row policy
 * ({@link WarehouseAccess}), recreates the views and rebuilds the materialized views, and commits. Readers see the old tables and views or the new ones; any failure rolls all of it back.
 */
final class WarehousePublisher implements TablePublisher {
  private final String schema;
  private final ExportConfig export;
  private final String runId;
  private final WarehouseAccess access;

  WarehousePublisher(String schema, ExportConfig export, String runId, WarehouseAccess access) {
    this.schema = requireNonNull(schema, "schema is null");
    this.export = requireNonNull(export, "export is null");
    this.runId = requireNonNull(runId, "runId is null");
    this.access = requireNonNull(access, "access is null");
  }

  @Override
  public Map<String, Long> publish(Connection connection, List<LoadedTable> tables) throws SQLException {
    connection.setAutoCommit(false);
    try {
      access.prepare(connection, !export.views().isEmpty());
      dropViews(connection);
      access.releasePolicies(connection, tables.stream().map(table -> table.table().name()).toList());
      Map<String, Long> counts = new java.util.LinkedHashMap<>();
      for (LoadedTable table : tables) {
        apply(connection, table);
        counts.put(table.table().name(), TablePublisher.reconcileAndRecord(connection, schema, table, runId));
      }
      // After every table is in place: a policy may read another published table.
      for (LoadedTable table : tables) {
        access.secureTable(connection, table.table().name());
      }
      createViews(connection);
      connection.commit();
      return counts;
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  private void dropViews(Connection connection) throws SQLException {
    List<String> materialized = new ArrayList<>(export.materializedViews().keySet());
    Collections.reverse(materialized);
    for (String view : materialized) {
      WarehouseCatalog.execute(connection, "DROP MATERIALIZED VIEW IF EXISTS " + PgNames.qualified(schema, view));
    }
    List<String> views = new ArrayList<>(export.views().keySet());
    Collections.reverse(views);
    for (String view : views) {
      WarehouseCatalog.execute(connection, "DROP VIEW IF EXISTS " + PgNames.qualified(schema, view));
    }
  }

  private void createViews(Connection connection) throws SQLException {
    // The view queries name tables without a schema: they resolve in the export schema.
    WarehouseCatalog.execute(connection, "SET LOCAL search_path TO " + PgNames.quote(schema));
    for (Map.Entry<String, String> view : export.views().entrySet()) {
      WarehouseCatalog.execute(connection, "CREATE VIEW " + PgNames.qualified(schema, view.getKey()) + access.viewOptions() + " AS "
          + view.getValue());
      access.secureView(connection, view.getKey());
    }
    for (Map.Entry<String, String> view : export.materializedViews().entrySet()) {
      WarehouseCatalog.execute(connection, "CREATE MATERIALIZED VIEW " + PgNames.qualified(schema, view.getKey()) + " AS "
          + view.getValue() + " WITH DATA");
    }
  }

  private void apply(Connection connection, LoadedTable loaded) throws SQLException {
    String name = loaded.table().name();
    String target = PgNames.qualified(schema, name);
    String staging = PgNames.qualified(schema, loaded.staging());
    String columns = PgNames.columnList(loaded.columns());
    switch (loaded.action()) {
      case REPLACE -> {
        WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + target);
        WarehouseCatalog.execute(connection, "ALTER TABLE " + staging + " RENAME TO " + PgNames.quote(name));
        // Keys and indexes were named after the staging table; give them the table's names.
        if (loaded.table().primaryKey().isPresent()) {
          WarehouseCatalog.execute(connection, "ALTER TABLE " + target + " RENAME CONSTRAINT "
              + PgNames.quote(PgNames.primaryKey(loaded.staging())) + " TO " + PgNames.quote(PgNames.primaryKey(name)));
        }
        for (List<String> index : loaded.table().indexes()) {
          WarehouseCatalog.execute(connection, "ALTER INDEX " + PgNames.qualified(schema, PgNames.index(loaded.staging(), index))
              + " RENAME TO " + PgNames.quote(PgNames.index(name, index)));
        }
      }
      case REPLACE_PARTITIONS -> {
        String partition = PgNames.quote(loaded.table().partitionColumn().orElseThrow());
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + target + " WHERE " + partition
            + " = ANY (CAST(? AS date[]))")) {
          Array values = connection.createArrayOf("text", loaded.partitions().toArray());
          delete.setArray(1, values);
          delete.executeUpdate();
        }
        WarehouseCatalog.execute(connection, "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + staging);
        WarehouseCatalog.execute(connection, "DROP TABLE " + staging);
      }
      case UPSERT -> {
        String key = loaded.table().primaryKey().orElseThrow();
        if (loaded.deleted() > 0) {
          String deletes = PgNames.qualified(schema, loaded.deletedStaging());
          WarehouseCatalog.execute(connection, "DELETE FROM " + target + " WHERE " + PgNames.quote(key) + " IN (SELECT "
              + PgNames.quote(key) + " FROM " + deletes + ")");
          WarehouseCatalog.execute(connection, "DROP TABLE " + deletes);
        }
        List<String> others = loaded.columns().stream().filter(column -> !column.equals(key)).toList();
        String update = others.isEmpty() ? " DO NOTHING" : " DO UPDATE SET "
            + others.stream().map(column -> PgNames.quote(column) + " = EXCLUDED." + PgNames.quote(column)).collect(Collectors.joining(", "))
            // Rows that did not change are left alone: no dead tuples, no index churn.
            + " WHERE (" + others.stream().map(column -> PgNames.quote(name) + "." + PgNames.quote(column)).collect(Collectors.joining(", "))
            + ") IS DISTINCT FROM (" + others.stream().map(column -> "EXCLUDED." + PgNames.quote(column)).collect(Collectors.joining(", "))
            + ")";
        WarehouseCatalog.execute(connection, "INSERT INTO " + target + " AS " + PgNames.quote(name) + " (" + columns + ") SELECT " + columns
            + " FROM " + staging + " ON CONFLICT (" + PgNames.quote(key) + ")" + update);
        WarehouseCatalog.execute(connection, "DROP TABLE " + staging);
      }
      case NONE -> {
        // nothing to apply; the count is still checked
      }
      default -> throw new IllegalStateException("unknown action " + loaded.action());
    }
  }
}
