package io.strata.jobs.export;

import io.strata.layout.StrataException;
import io.strata.layout.config.SqlIdentifiers;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/** A lake table's columns as warehouse column definitions; names and types checked before any SQL is built. */
final class TableColumns {
  private TableColumns() {}

  static List<String> definitions(String table, StructType schema) {
    List<String> definitions = new ArrayList<>();
    for (StructField field : schema.fields()) {
      if (!SqlIdentifiers.isPlain(field.name())) {
        throw new StrataException("export: column '" + field.name() + "' of " + table + " is not a plain identifier."
            + " Fix: name it in lower-case letters, digits and '_' in the model (e.g. an alias in its sql)");
      }
      String type = PgTypes.of(field.dataType()).orElseThrow(() -> new StrataException("export: column " + field.name() + " of " + table
          + " has type " + field.dataType().simpleString() + ", which the warehouse export does not carry."
          + " Fix: flatten or cast it in the model (e.g. to_json(...) AS " + field.name() + ")"));
      definitions.add(PgNames.quote(field.name()) + " " + type + (field.nullable() ? "" : " NOT NULL"));
    }
    return definitions;
  }

  static String createTable(String schema, String table, StructType columns, boolean unlogged, String lakeTable) {
    return "CREATE " + (unlogged ? "UNLOGGED " : "") + "TABLE " + PgNames.qualified(schema, table) + " ("
        + String.join(", ", definitions(lakeTable, columns)) + ")";
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
