package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.ExportConfig;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Publishes loaded tables in MySQL or MariaDB, where every DDL statement commits on its own, in
 * two atomic steps:
 * <ol>
 *   <li>the tables applied in place (a fact's changed partitions deleted and inserted, a
 *   dimension's deleted keys deleted and changed rows upserted with {@code ON DUPLICATE KEY
 *   UPDATE}) in ONE transaction, each table's row count checked against the curated table's
 *   before the commit, with their exported versions;</li>
 *   <li>the tables loaded whole swapped in with ONE {@code RENAME TABLE} for all of them (their
 *   staging tables were counted before anything was published), then their versions recorded.</li>
 * </ol>
 * In swap mode only the second step runs: readers see all old tables or all new ones. When an
 * incremental export loads some tables whole, a failure between the steps leaves the first
 * published and the second not; the next export picks up from the versions recorded, so it
 * converges. Views are bound by name in MySQL and survive a swap; they are recreated with
 * {@code CREATE OR REPLACE VIEW} after.
 */
final class MySqlPublisher implements TablePublisher {
  private final String schema;
  private final ExportConfig export;
  private final String runId;

  MySqlPublisher(String schema, ExportConfig export, String runId) {
    this.schema = requireNonNull(schema, "schema is null");
    this.export = requireNonNull(export, "export is null");
    this.runId = requireNonNull(runId, "runId is null");
  }

  @Override
  public Map<String, Long> publish(Connection connection, List<LoadedTable> tables) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    List<LoadedTable> swapped = tables.stream().filter(table -> table.action() == LoadedTable.Action.REPLACE).toList();
    for (LoadedTable table : swapped) {
      long staged = WarehouseCatalog.count(connection, schema, table.staging());
      TablePublisher.reconcile(schema, table, staged);
      counts.put(table.table().name(), staged);
    }
    List<LoadedTable> inPlace = tables.stream().filter(table -> table.action() != LoadedTable.Action.REPLACE).toList();
    if (!inPlace.isEmpty()) {
      counts.putAll(applyInPlace(connection, inPlace));
    }
    if (!swapped.isEmpty()) {
      swap(connection, swapped);
    }
    createViews(connection);
    Map<String, Long> ordered = new LinkedHashMap<>();
    tables.forEach(table -> ordered.put(table.table().name(), counts.get(table.table().name())));
    return ordered;
  }

  /** How {@link #publish} went about {@code tables}, for the progress line. */
  static String describe(List<LoadedTable> tables) {
    long swapped = tables.stream().filter(table -> table.action() == LoadedTable.Action.REPLACE).count();
    long inPlace = tables.size() - swapped;
    return inPlace == 0 ? "with one RENAME TABLE" : swapped == 0 ? "in one transaction"
        : "in one transaction (" + inPlace + " in place), then one RENAME TABLE (" + swapped + " whole)";
  }

  private Map<String, Long> applyInPlace(Connection connection, List<LoadedTable> tables) throws SQLException {
    Map<String, Long> counts = new LinkedHashMap<>();
    connection.setAutoCommit(false);
    try {
      for (LoadedTable table : tables) {
        apply(connection, table);
        counts.put(table.table().name(), TablePublisher.reconcileAndRecord(connection, schema, table, runId));
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
    // DROP TABLE would have committed the transaction half-way: the staging tables go after it.
    for (LoadedTable table : tables) {
      WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, table.staging()) + ", "
          + PgNames.qualified(schema, table.deletedStaging()));
    }
    return counts;
  }

  private void apply(Connection connection, LoadedTable loaded) throws SQLException {
    String target = PgNames.qualified(schema, loaded.table().name());
    String staging = PgNames.qualified(schema, loaded.staging());
    String columns = PgNames.columnList(loaded.columns());
    switch (loaded.action()) {
      case REPLACE_PARTITIONS -> {
        String partition = PgNames.quote(loaded.table().partitionColumn().orElseThrow());
        List<String> values = loaded.partitions();
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + target + " WHERE " + partition + " IN ("
            + String.join(", ", Collections.nCopies(values.size(), "?")) + ")")) {
          for (int i = 0; i < values.size(); i++) {
            delete.setString(i + 1, values.get(i));
          }
          delete.executeUpdate();
        }
        WarehouseCatalog.execute(connection, "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + staging);
      }
      case UPSERT -> {
        String key = loaded.table().primaryKey().orElseThrow();
        if (loaded.deleted() > 0) {
          WarehouseCatalog.execute(connection, "DELETE FROM " + target + " WHERE " + PgNames.quote(key) + " IN (SELECT "
              + PgNames.quote(key) + " FROM " + PgNames.qualified(schema, loaded.deletedStaging()) + ")");
        }
        List<String> others = loaded.columns().stream().filter(column -> !column.equals(key)).toList();
        WarehouseCatalog.execute(connection, "INSERT INTO " + target + " (" + columns + ") SELECT " + columns + " FROM " + staging
            + WarehouseDialect.MYSQL.upsertClause(key, others));
      }
      case NONE -> {
        // nothing to apply; the count is still checked
      }
      default -> throw new IllegalStateException("not applied in place: " + loaded.action());
    }
  }

  /** One RENAME TABLE for every table loaded whole: the old tables out, the staging tables in, atomically. */
  private void swap(Connection connection, List<LoadedTable> tables) throws SQLException {
    List<String> renames = new ArrayList<>();
    List<String> retired = new ArrayList<>();
    for (LoadedTable table : tables) {
      String name = table.table().name();
      if (WarehouseCatalog.exists(connection, schema, name)) {
        String old = PgNames.fit(name, "__old" + PgNames.STAGING_SUFFIX);
        WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, old));
        renames.add(PgNames.qualified(schema, name) + " TO " + PgNames.qualified(schema, old));
        retired.add(old);
      }
      renames.add(PgNames.qualified(schema, table.staging()) + " TO " + PgNames.qualified(schema, name));
    }
    WarehouseCatalog.execute(connection, "RENAME TABLE " + String.join(", ", renames));
    for (LoadedTable table : tables) {
      ExportState.record(connection, schema, table.table().name(), table.snapshot().version(), table.table().mode(), table.lakeRows(),
          runId);
    }
    for (String old : retired) {
      WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, old));
    }
  }

  private void createViews(Connection connection) throws SQLException {
    if (export.views().isEmpty()) {
      return;
    }
    // The view queries name tables without a schema: they resolve in the export's database.
    WarehouseCatalog.execute(connection, "USE " + PgNames.quote(schema));
    for (Map.Entry<String, String> view : export.views().entrySet()) {
      WarehouseCatalog.execute(connection, "CREATE OR REPLACE VIEW " + PgNames.qualified(schema, view.getKey()) + " AS " + view.getValue());
    }
  }
}
