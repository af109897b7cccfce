package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Asks the database, without reading a row, whether the source exists and what kind each named
 * column is. Running it before Spark turns a missing table or column into one clear error.
 */
public final class ColumnProbe {
  private final SqlDialect dialect;

  public ColumnProbe(SqlDialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  /** The kind of each column, in order; empty for a column whose type a cursor cannot use. */
  public Map<String, Optional<CursorType>> probe(Connection connection, SourceRelation relation, List<String> columns) throws SQLException {
    String selected = columns.isEmpty() ? "*" : String.join(", ", columns.stream().map(dialect::quote).toList());
    Map<String, Optional<CursorType>> types = new LinkedHashMap<>();
    try (Statement statement = connection.createStatement();
         ResultSet result = statement.executeQuery(relation.select(selected, "1 = 0"))) {
      ResultSetMetaData metadata = result.getMetaData();
      for (int i = 0; i < columns.size(); i++) {
        types.put(columns.get(i), CursorType.of(metadata, i + 1));
      }
    }
    return types;
  }
}
