package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A table or query in PostgreSQL or MySQL/MariaDB.
 *
 * <p>{@code full} reads a snapshot each run. {@code incremental} reads rows whose cursor is past
 * the stored watermark: the cursor is one column or several compared as a tuple (e.g.
 * {@code [updated_at, id]}) so rows that tie on the timestamp are never lost; {@code lookback}
 * re-reads a window before the watermark for late commits.
 */
public record JdbcSourceConfig(
    String name,
    String entity,
    String url,
    Optional<String> driver,
    String user,
    Optional<Secret> password,
    Optional<String> table,
    Optional<String> query,
    String mode,
    List<String> cursor,
    Duration lookback,
    Optional<Partitioning> partitioning,
    int fetchSize) implements SourceConfig {

  public static final List<String> MODES = List.of("full", "incremental");

  public JdbcSourceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(url, "url is null");
    requireNonNull(driver, "driver is null");
    requireNonNull(user, "user is null");
    requireNonNull(password, "password is null");
    requireNonNull(table, "table is null");
    requireNonNull(query, "query is null");
    requireNonNull(mode, "mode is null");
    cursor = List.copyOf(requireNonNull(cursor, "cursor is null"));
    requireNonNull(lookback, "lookback is null");
    requireNonNull(partitioning, "partitioning is null");
  }

  @Override
  public String type() {
    return "jdbc";
  }

  public boolean incremental() {
    return mode.equals("incremental");
  }

  /** The JDBC driver class: the configured one, else the one the URL implies. */
  public String driverClass() {
    return driver.orElseGet(() -> url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:")
        ? "org.mariadb.jdbc.Driver" : "org.postgresql.Driver");
  }

  /**
   * Parallel reads split on a numeric, date or timestamp column into {@code count} ranges;
   * bounds are found with {@code min}/{@code max} when not given.
   */
  public record Partitioning(String column, int count, Optional<String> lower, Optional<String> upper) {
    public Partitioning {
      requireNonNull(column, "column is null");
      requireNonNull(lower, "lower is null");
      requireNonNull(upper, "upper is null");
    }

    static Partitioning parse(SectionReader reader) {
      String column = reader.requiredString("column", "name the numeric, date or timestamp column to split on");
      if (!column.isEmpty() && !JdbcSourceSql.isPlainName(column)) {
        reader.problem("column", "is '" + column + "', not a plain column name", JdbcSourceSql.PLAIN_NAME_FIX);
      }
      return new Partitioning(
          column,
          reader.integer("count", 4, 1, 1024),
          reader.optionalString("lower"),
          reader.optionalString("upper"));
    }
  }

  static JdbcSourceConfig parse(String name, String entity, SectionReader reader) {
    String url = reader.requiredString("url", "write url = \"jdbc:postgresql://host:5432/db\" or \"jdbc:mysql://host:3306/db?permitMysqlScheme\"");
    if (url.startsWith("jdbc:mariadb:")) {
      reader.problem("url", "starts with jdbc:mariadb:, for which Spark picks a dialect that quotes names with \" and reads fail",
          "write jdbc:mysql://" + url.substring("jdbc:mariadb://".length()) + (url.contains("?") ? "&" : "?") + "permitMysqlScheme");
    } else if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:mysql:")) {
      reader.problem("url", "is not a PostgreSQL or MySQL JDBC URL", "write jdbc:postgresql://... or jdbc:mysql://...");
    }
    if (url.toLowerCase(java.util.Locale.ROOT).contains("password=")) {
      reader.problem("url", "carries a password (not shown)", "remove it and set " + reader.keyPath("password") + " = \"env:VARIABLE\"");
    }
    Optional<String> table = reader.optionalString("table");
    Optional<String> query = reader.optionalString("query");
    if (table.isPresent() == query.isPresent()) {
      reader.problem(table.isPresent() ? "query" : "table", table.isPresent() ? "cannot be set together with table" : "is required: set table or query",
          "set exactly one of " + reader.keyPath("table") + " and " + reader.keyPath("query"));
    }
    table.filter(tableName -> !JdbcSourceSql.isTableName(tableName)).ifPresent(tableName ->
        reader.problem("table", "is '" + tableName + "', not a plain table name", JdbcSourceSql.TABLE_NAME_FIX));
    query.flatMap(JdbcSourceSql::queryProblem).ifPresent(problem -> reader.problem("query", problem.message(), problem.fix()));
    String mode = reader.choice("mode", "full", MODES);
    List<String> cursor = reader.stringList("cursor");
    if (mode.equals("incremental") && cursor.isEmpty()) {
      reader.problem("cursor", "is required for mode = incremental", "write cursor = updated_at, or cursor = [updated_at, id] to break ties");
    }
    if (mode.equals("full") && !cursor.isEmpty()) {
      reader.problem("cursor", "has no effect with mode = full", "remove it, or set mode = incremental");
    }
    cursor.stream().filter(column -> !JdbcSourceSql.isPlainName(column)).forEach(column ->
        reader.problem("cursor", "has '" + column + "', not a plain column name", JdbcSourceSql.PLAIN_NAME_FIX));
    return new JdbcSourceConfig(name, entity, url,
        reader.optionalString("driver"),
        reader.requiredString("user", "write user = \"reader\""),
        reader.optionalSecret("password"),
        table, query, mode, cursor,
        reader.duration("lookback", Duration.ZERO, Duration.ZERO),
        reader.section("partitioning", Partitioning::parse),
        reader.integer("fetch-size", 10_000, 1, 1_000_000));
  }
}
