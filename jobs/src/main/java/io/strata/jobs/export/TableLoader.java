package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.strata.jobs.delta.DeltaChanges;
import io.strata.layout.config.ExportMode;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Fills a table's staging table in the warehouse and decides how publishing applies it: a whole
 * new table (swap mode, and the first incremental export), the changed partitions of a fact, or
 * an upsert of a dimension. The published tables are not touched here.
 */
final class TableLoader {
  private final SparkSession spark;
  private final CopyLoader copier;
  private final String schema;
  private final int connections;
  /** Below this many rows one connection is quicker than spreading the rows over several (a shuffle). */
  private static final long ROWS_PER_EXTRA_CONNECTION = 50_000;

  TableLoader(SparkSession spark, CopyLoader copier, String schema, int connections) {
    this.spark = requireNonNull(spark, "spark is null");
    this.copier = requireNonNull(copier, "copier is null");
    this.schema = requireNonNull(schema, "schema is null");
    this.connections = connections;
  }

  LoadedTable load(Connection connection, ExportTable table, CuratedSnapshot snapshot) throws SQLException {
    TableColumns.requireColumns(table.name(), snapshot.rows().schema(), table.keyColumns());
    List<String> columns = List.of(snapshot.rows().columns());
    long lakeRows = snapshot.rows().count();
    if (table.mode() == ExportMode.SWAP) {
      return replace(connection, table, snapshot, columns, lakeRows, "swapped in");
    }
    Optional<List<String>> published = WarehouseCatalog.columns(connection, schema, table.name());
    Optional<Long> exported = ExportState.exportedVersion(connection, schema, table.name());
    if (published.isEmpty() || exported.isEmpty()) {
      return replace(connection, table, snapshot, columns, lakeRows, "first export: loaded whole");
    }
    if (!published.get().equals(columns)) {
      return replace(connection, table, snapshot, columns, lakeRows, "columns changed: loaded whole");
    }
    if (exported.get() == snapshot.version()) {
      return new LoadedTable(table, snapshot, LoadedTable.Action.NONE, columns, List.of(), lakeRows, 0, "unchanged since the last export");
    }
    if (table.kind() == ExportTable.Kind.DIMENSION) {
      long copied = copy(connection, snapshot.rows(), table, true, lakeRows);
      return new LoadedTable(table, snapshot, LoadedTable.Action.UPSERT, columns, List.of(), lakeRows, copied, "upserted");
    }
    String partitionColumn = table.partitionColumn().orElseThrow();
    Optional<Set<String>> changed = DeltaChanges.partitionsChanged(spark, snapshot.location(), exported.get(), snapshot.version(),
        partitionColumn);
    if (changed.isEmpty()) {
      return replace(connection, table, snapshot, columns, lakeRows, "lake history since the last export incomplete: loaded whole");
    }
    List<String> partitions = List.copyOf(changed.get());
    Dataset<Row> rows = snapshot.rows().filter(col(partitionColumn).cast("string").isin(partitions.toArray()));
    long copied = partitions.isEmpty() ? 0 : copy(connection, rows, table, true, lakeRows);
    return new LoadedTable(table, snapshot, LoadedTable.Action.REPLACE_PARTITIONS, columns, partitions, lakeRows, copied,
        partitions.size() + " partition(s) replaced");
  }

  private LoadedTable replace(Connection connection, ExportTable table, CuratedSnapshot snapshot, List<String> columns, long lakeRows,
      String note) throws SQLException {
    long copied = copy(connection, snapshot.rows(), table, false, lakeRows);
    String staging = PgNames.staging(table.name());
    // Keys and indexes are built once, after the rows are in: faster than maintaining them row by row.
    if (table.primaryKey().isPresent()) {
      WarehouseCatalog.execute(connection, "ALTER TABLE " + PgNames.qualified(schema, staging) + " ADD CONSTRAINT "
          + PgNames.quote(PgNames.primaryKey(staging)) + " PRIMARY KEY (" + PgNames.quote(table.primaryKey().get()) + ")");
    }
    for (List<String> index : table.indexes()) {
      WarehouseCatalog.execute(connection, "CREATE INDEX " + PgNames.quote(PgNames.index(staging, index)) + " ON "
          + PgNames.qualified(schema, staging) + " (" + PgNames.columnList(index) + ")");
    }
    WarehouseCatalog.execute(connection, "ANALYZE " + PgNames.qualified(schema, staging));
    return new LoadedTable(table, snapshot, LoadedTable.Action.REPLACE, columns, List.of(), lakeRows, copied, note);
  }

  /** Creates the staging table (unlogged when its rows only pass through) and copies {@code rows} into it. */
  private long copy(Connection connection, Dataset<Row> rows, ExportTable table, boolean unlogged, long rowsAtMost) throws SQLException {
    String staging = PgNames.staging(table.name());
    WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, staging));
    WarehouseCatalog.execute(connection, TableColumns.createTable(schema, staging, rows.schema(), unlogged, table.name()));
    int width = (int) Math.max(1, Math.min(connections, rowsAtMost / ROWS_PER_EXTRA_CONNECTION));
    return copier.load(rows, schema, staging, width);
  }
}
