package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import io.strata.layout.config.JdbcSourceSql;

/**
 * What a JDBC source reads from, as a FROM item: the configured table, or the configured query as
 * a derived table. A table name is left unquoted so the database applies its usual case rules,
 * but it must be a plain, possibly schema-qualified name, and a query one read-only SELECT: the
 * rules of {@link JdbcSourceSql}, which {@code validate} applies too.
 *
 * @param from the FROM item, e.g. {@code public.orders} or {@code (SELECT ...) AS src}
 * @param description what {@code _origin} says, e.g. {@code table public.orders} or {@code query}
 */
public record SourceRelation(String from, String description) {
  public SourceRelation {
    requireNonNull(from, "from is null");
    requireNonNull(description, "description is null");
  }

  public static SourceRelation of(JdbcSourceConfig source) {
    if (source.table().isPresent()) {
      String table = source.table().get().trim();
      if (!JdbcSourceSql.isTableName(table)) {
        throw new StrataException("source '" + source.name() + "': sources." + source.name() + ".table is '" + table
            + "', not a plain table name. Fix: " + JdbcSourceSql.TABLE_NAME_FIX);
      }
      return new SourceRelation(table, "table " + table);
    }
    String query = source.query().orElseThrow(() -> new StrataException(
        "source '" + source.name() + "': neither sources." + source.name() + ".table nor .query is set. Fix: set one of them"));
    JdbcSourceSql.queryProblem(query).ifPresent(problem -> {
      throw new StrataException("source '" + source.name() + "': sources." + source.name() + ".query " + problem.message()
          + ". Fix: " + problem.fix());
    });
    return new SourceRelation("(" + JdbcSourceSql.withoutTrailingSemicolon(query) + ") AS src", "query");
  }

  /** {@code SELECT <columns> FROM <this> WHERE <condition>}. */
  public String select(String columns, String condition) {
    return "SELECT " + columns + " FROM " + from + " WHERE " + condition;
  }
}
