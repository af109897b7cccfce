package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.delta.DriverScan;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Copies a run-log table of the lake ({@code _runs/pipeline_executions}, {@code _runs/quality_results})
 * into the warehouse table of the same name: whatever its columns are, the table is created from
 * the lake's schema (new lake columns are added), and only lines the warehouse lacks are
 * inserted, matched on {@code keys}. The lake stays the source of truth.
 */
final class RunLogCopy {
  /** The Spark type of each Delta Kernel type the driver read takes. */
  private static final Map<Class<?>, DataType> SPARK_TYPES = Map.of(
      io.delta.kernel.types.StringType.class, DataTypes.StringType,
      io.delta.kernel.types.LongType.class, DataTypes.LongType,
      io.delta.kernel.types.DateType.class, DataTypes.DateType,
      io.delta.kernel.types.TimestampType.class, DataTypes.TimestampType,
      io.delta.kernel.types.DoubleType.class, DataTypes.DoubleType,
      io.delta.kernel.types.IntegerType.class, DataTypes.IntegerType,
      io.delta.kernel.types.BooleanType.class, DataTypes.BooleanType);

  private final SparkSession spark;
  private final BulkLoader copier;
  private final String schema;

  RunLogCopy(SparkSession spark, BulkLoader copier, String schema) {
    this.spark = requireNonNull(spark, "spark is null");
    this.copier = requireNonNull(copier, "copier is null");
    this.schema = requireNonNull(schema, "schema is null");
  }

  /** Returns the lines inserted; empty when the lake has no such table yet. */
  Optional<Long> copy(Connection connection, String location, String table, List<String> keys) throws SQLException {
    Optional<Dataset<Row>> read = lines(location);
    if (read.isEmpty()) {
      return Optional.empty();
    }
    Dataset<Row> lines = read.get();
    StructType lakeSchema = lines.schema();
    WarehouseCatalog.ensureTable(connection, schema, table, lakeSchema);
    List<String> columns = List.of(lakeSchema.fieldNames());
    List<String> matchOn = keys.stream().filter(columns::contains).toList();
    if (matchOn.isEmpty()) {
      matchOn = columns;
    }
    String staging = PgNames.staging(table);
    WarehouseCatalog.execute(connection, "DROP TABLE IF EXISTS " + PgNames.qualified(schema, staging));
    WarehouseDialect dialect = WarehouseDialect.of(connection);
    WarehouseCatalog.execute(connection, TableColumns.createTable(dialect, schema, staging, lakeSchema, true, table));
    copier.load(lines, schema, staging, 1);
    String list = PgNames.columnList(columns);
    String match = matchOn.stream().map(column -> dialect.nullSafeEquals("t." + PgNames.quote(column), "s." + PgNames.quote(column)))
        .collect(Collectors.joining(" AND "));
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      int inserted = statement.executeUpdate("INSERT INTO " + PgNames.qualified(schema, table) + " (" + list + ") SELECT "
          + columns.stream().map(column -> "s." + PgNames.quote(column)).collect(Collectors.joining(", ")) + " FROM "
          + PgNames.qualified(schema, staging) + " s WHERE NOT EXISTS (SELECT 1 FROM " + PgNames.qualified(schema, table) + " t WHERE "
          + match + ")");
      statement.execute("DROP TABLE " + PgNames.qualified(schema, staging));
      connection.commit();
      return Optional.of((long) inserted);
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(true);
    }
  }

  /**
   * The table's lines, read on the driver through Delta Kernel into a local relation: a few thousand
   * small lines, which a Spark read would plan, skip files for and scan as jobs of their own (about
   * 2 s per table on the scale benchmark's day 2). A column type the driver read does not take
   * falls back to Spark's read. Empty when there is no table.
   */
  private Optional<Dataset<Row>> lines(String location) {
    DriverScan scan = new DriverScan(spark.sparkContext().hadoopConfiguration(), location);
    Optional<io.delta.kernel.types.StructType> kernelSchema;
    try {
      kernelSchema = scan.schema();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    if (kernelSchema.isEmpty()) {
      return Optional.empty();
    }
    StructType schema = new StructType();
    for (io.delta.kernel.types.StructField field : kernelSchema.get().fields()) {
      Optional<DataType> type = sparkType(field.getDataType());
      if (type.isEmpty()) {
        return Optional.of(spark.read().format("delta").load(location));
      }
      schema = schema.add(field.getName(), type.get(), field.isNullable());
    }
    List<String> names = List.of(schema.fieldNames());
    List<Row> rows = new ArrayList<>();
    scan.read(names, values -> rows.add(RowFactory.create(names.stream().map(values::get).toArray())));
    return Optional.of(spark.createDataFrame(rows, schema));
  }

  private static Optional<DataType> sparkType(io.delta.kernel.types.DataType type) {
    return Optional.ofNullable(SPARK_TYPES.get(type.getClass()));
  }
}
