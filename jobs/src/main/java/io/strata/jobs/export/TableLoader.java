package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;

import io.strata.jobs.delta.DeltaChanges;
import io.strata.jobs.stage.ResultTable;
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
 * new table (swap mode, the first incremental export, and whenever the lake cannot say exactly
 * what changed), the changed partitions of a fact, or a dimension's changed rows upserted and its
 * deleted keys deleted. The published tables are not touched here.
 */
final class TableLoader {
  private final SparkSession spark;
  private final WarehouseDialect dialect;
  private final BulkLoader copier;
  private final String schema;
  private final int connections;
  /** Below this many rows one connection is quicker than spreading the rows over several (a shuffle). */
  private static final long ROWS_PER_EXTRA_CONNECTION = 50_000;

  TableLoader(SparkSession spark, WarehouseDialect dialect, BulkLoader copier, String schema, int connections) {
    this.spark = requireNonNull(spark, "spark is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
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
      return new LoadedTable(table, snapshot, LoadedTable.Action.NONE, columns, List.of(), lakeRows, 0, 0, "unchanged since the last export");
    }
    if (exported.get() > snapshot.version()) {
      // The lake table was written anew since (dropped and recreated): its versions say nothing about the exported one.
      return replace(connection, table, snapshot, columns, lakeRows, "lake table at version " + snapshot.version()
          + ", before the exported version " + exported.get() + ": loaded whole");
    }
    if (table.kind() == ExportTable.Kind.AGGREGATE) {
      return replace(connection, table, snapshot, columns, lakeRows, "aggregate changed since the last export: loaded whole");
    }
    if (table.kind() == ExportTable.Kind.DIMENSION) {
      return changedRows(connection, table, snapshot, columns, lakeRows, exported.get());
    }
    String partitionColumn = table.partitionColumn().orElseThrow();
    Optional<Set<String>> changed = DeltaChanges.partitionsChanged(spark, snapshot.location(), exported.get(), snapshot.version(),
        partitionColumn);
    if (changed.isEmpty()) {
      return replace(connection, table, snapshot, columns, lakeRows, "lake history since the last export incomplete: loaded whole");
    }
    List<String> partitions = List.copyOf(changed.get());
    Dataset<Row> rows = snapshot.rows().filter(col(partitionColumn).cast("string").isin(partitions.toArray()));
    long copied = partitions.isEmpty() ? 0 : copy(connection, rows, PgNames.staging(table.name()), table, lakeRows);
    return new LoadedTable(table, snapshot, LoadedTable.Action.REPLACE_PARTITIONS, columns, partitions, lakeRows, copied, 0,
        partitions.size() + " partition(s) replaced");
  }

  /**
   * A dimension's rows changed since version {@code exported}, from its change feed: the rows to
   * upsert into staging, the deleted keys into the deletes staging table. When the change feed
   * cannot answer for the range, or disagrees with the snapshot, the table is loaded whole.
   */
  private LoadedTable changedRows(Connection connection, ExportTable table, CuratedSnapshot snapshot, List<String> columns,
      long lakeRows, long exported) throws SQLException {
    DimensionChanges changes;
    try {
      changes = DimensionChanges.read(spark, snapshot, table.primaryKey().orElseThrow(), exported);
    } catch (DimensionChanges.Unavailable e) {
      return replace(connection, table, snapshot, columns, lakeRows, "change feed unavailable since version " + e.since() + " ("
          + e.getMessage() + "): loaded whole");
    }
    try (changes) {
      if (changes.upserted() == 0 && changes.deleted() == 0) {
        return new LoadedTable(table, snapshot, LoadedTable.Action.NONE, columns, List.of(), lakeRows, 0, 0,
            "no row changed since the last export");
      }
      long copied = copy(connection, changes.upserts(), PgNames.staging(table.name()), table, changes.upserted());
      long deleted = changes.deleted() == 0 ? 0
          : copy(connection, changes.deletedKeys(), PgNames.deletedStaging(table.name()), table, changes.deleted());
      return new LoadedTable(table, snapshot, LoadedTable.Action.UPSERT, columns, List.of(), lakeRows, copied, deleted,
          ResultTable.count(copied) + " changed row(s) upserted, " + ResultTable.count(deleted) + " deleted");
    }
  }

  private LoadedTable replace(Connection connection, ExportTable table, CuratedSnapshot snapshot, List<String> columns, long lakeRows,
      String note) throws SQLException {
    String staging = PgNames.staging(table.name());
    Optional<String> keyFirst = dialect.keyBeforeLoad() ? table.primaryKey() : Optional.empty();
    long copied = copy(connection, snapshot.rows(), staging, table, lakeRows, false, keyFirst);
    // Keys and indexes are built once, after the rows are in: faster than maintaining them row by row.
    if (table.primaryKey().isPresent() && keyFirst.isEmpty()) {
      WarehouseCatalog.execute(connection, "ALTER TABLE " + PgNames.qualified(schema, staging) + " ADD CONSTRAINT "
          + PgNames.quote(PgNames.primaryKey(staging)) + " PRIMARY KEY (" + PgNames.quote(table.primaryKey().get()) + ")");
    }
    for (List<String> index : table.indexes()) {
      WarehouseCatalog.execute(connection, "CREATE INDEX " + PgNames.quote(indexName(table.name(), index)) + " ON "
          + PgNames.qualified(schema, staging) + " (" + PgNames.columnList(index) + ")");
    }
    WarehouseCatalog.execute(connection, dialect.analyze(PgNames.qualified(schema, staging)));
    return new LoadedTable(table, snapshot, LoadedTable.Action.REPLACE, columns, List.of(), lakeRows, copied, 0, note);
  }

  /**
   * A staging table's index name. PostgreSQL's index names are unique in the schema: the staging
   * table's are renamed when it is published. MySQL's belong to their table and travel with it.
   */
  private String indexName(String table, List<String> index) {
    return PgNames.index(dialect == WarehouseDialect.MYSQL ? table : PgNames.staging(table), index);
  }

  /** {@link #copy(Connection, Dataset, String, ExportTable, long, boolean, Optional)} into a scratch table: its rows only pass through. */
  private long copy(Connection connection, Dataset<Row> rows, String staging, ExportTable table, long rowsAtMost) throws SQLException {
    return copy(connection, rows, staging, table, rowsAtMost, true, Optional.empty());
  }

  /** Creates the staging table {@code staging} with the columns of {@code rows} and copies them into it. */
  private long copy(Connection connection, Dataset<Row> rows, String staging, ExportTable table, long rowsAtMost, boolean scratch,
      Optional<String> primaryKey) throws SQLException {
    WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, staging));
    WarehouseCatalog.execute(connection, TableColumns.createTable(dialect, schema, staging, rows.schema(), scratch, table.name(), primaryKey,
        Set.copyOf(table.keyColumns())));
    int width = (int) Math.max(1, Math.min(connections, rowsAtMost / ROWS_PER_EXTRA_CONNECTION));
    return copier.load(rows, schema, staging, width);
  }
}
