package io.strata.jobs.export;

import io.strata.layout.StrataException;
import io.strata.layout.config.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A lake table's columns as warehouse column definitions; names and types checked before any SQL is built. */
final class TableColumns {
  private TableColumns() {}

  /** @param keyed the columns in a key or an index (MySQL gives their text a bounded type) */
  static List<String> definitions(WarehouseDialect dialect, String table, StructType schema, Set<String> keyed) {
    List<String> definitions = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!SqlIdentifiers.isPlain(field.name())) {
        throw new StrataException("export: column '" + field.name() + "' of " + table + " is not a plain identifier."
            + " Fix: name it in lower-case letters, digits and '_' in the model (e.g. an alias in its sql)");
      }
      String type = dialect.columnType(field.dataType(), keyed.contains(field.name())).orElseThrow(() -> new StrataException("export: column "
          + field.name() + " of " + table + " has type " + field.dataType().simpleString() + ", which the warehouse export does not carry."
          + " Fix: flatten or cast it in the model (e.g. to_json(...) AS " + field.name() + ")"));
      definitions.add(PgNames.quote(field.name()) + " " + type + (field.nullable() ? "" : " NOT NULL"));
    }
    return definitions;
  }

  /** A table without keys. */
  static String createTable(WarehouseDialect dialect, String schema, String table, StructType columns, boolean scratch, String lakeTable) {
    return createTable(dialect, schema, table, columns, scratch, lakeTable, Optional.empty(), Set.of());
  }

  /**
   * @param primaryKey declared in the statement
   * @param keyed the columns of the primary key and the indexes the table will get
   */
  static String createTable(WarehouseDialect dialect, String schema, String table, StructType columns, boolean scratch, String lakeTable,
      Optional<String> primaryKey, Set<String> keyed) {
    return dialect.createTable(PgNames.qualified(schema, table), definitions(dialect, lakeTable, columns, keyed), primaryKey, scratch,
        false);
  }

  static void requireColumns(String table, StructType schema, List<String> columns) {
    List<String> names = List.of(schema.fieldNames());
    List<String> missing = columns.stream().filter(column -> !names.contains(column)).toList();
    if (!missing.isEmpty()) {
      throw new StrataException("export: curated table " + table + " has no column(s) " + missing + " (its columns: "
          + names.stream().collect(Collectors.joining(", ")) + "). Fix: run the model stage for this model first");
    }
  }
}
