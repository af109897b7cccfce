package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

/**
 * Finds {@code min} and {@code max} of the partitioning column over the same range the read
 * covers, for Spark's lowerBound and upperBound when the config does not give them.
 */
public final class PartitionBoundsFinder {
  /** Stored-form values (see {@link CursorType#read}). */
  public record Bounds(String lower, String upper) {
    public Bounds {
      requireNonNull(lower, "lower is null");
      requireNonNull(upper, "upper is null");
    }
  }

  private final SqlDialect dialect;

  public PartitionBoundsFinder(SqlDialect dialect) {
    this.dialect = requireNonNull(dialect, "dialect is null");
  }

  /** The bounds, or empty when no row in the range has a value in the column. */
  public Optional<Bounds> find(Connection connection, SourceRelation relation, String column, CursorType type, String condition) throws SQLException {
    String quoted = dialect.quote(column);
    String sql = relation.select("MIN(" + quoted + "), MAX(" + quoted + ")", condition);
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      if (!result.next()) {
        return Optional.empty();
      }
      String lower = type.read(result, 1);
      String upper = type.read(result, 2);
      return lower == null || upper == null ? Optional.empty() : Optional.of(new Bounds(lower, upper));
    }
  }
}
