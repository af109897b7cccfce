package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the greatest cursor tuple in a range, in the database ({@code ORDER BY ... DESC LIMIT 1}).
 * The read is then bounded above by it, so the rows Spark reads later and the watermark stored
 * for the next run describe exactly the same range, whatever commits in between.
 */
public final class WatermarkFinder {
  private final SqlDialect dialect;

  public WatermarkFinder(SqlDialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  /** The greatest tuple of {@code columns} among rows matching {@code condition}, or empty if none match. */
  public Optional<List<String>> greatest(Connection connection, SourceRelation relation, List<String> columns,
      List<CursorType> types, String condition) throws SQLException {
    List<String> quoted = columns.stream().map(dialect::quote).toList();
    String sql = relation.select(String.join(", ", quoted), CursorPredicates.and(List.of(condition, CursorPredicates.notNull(quoted))))
        + " ORDER BY " + String.join(", ", quoted.stream().map(column -> column + " DESC").toList()) + " LIMIT 1";
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>();
      for (int i = 0; i < columns.size(); i++) {
        values.add(types.get(i).read(result, i + 1));
      }
      return Optional.of(values);
    }
  }
}
