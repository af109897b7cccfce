package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.JdbcSourceSql;

/**
 * How one database family spells identifiers and string literals. Only plain identifiers
 * ({@link JdbcSourceSql#isPlainName}) are accepted, so a configured column name can never carry
 * SQL of its own.
 */
public enum SqlDialect {
  POSTGRESQL('"'),
  /** MySQL and MariaDB: backticks, and backslash is an escape character inside string literals. */
  MYSQL('`');

  private final char quote;

  SqlDialect(char quote) {
    this.quote = quote;
  }

  /** The dialect a JDBC URL implies; the config only admits PostgreSQL and MySQL URLs. */
  public static SqlDialect forUrl(String url) {
    requireNonNull(url, "url is null");
    return url.startsWith("jdbc:mysql:") || url.startsWith("jdbc:mariadb:") ? MYSQL : POSTGRESQL;
  }

  /** The quoted identifier; throws for anything but a plain identifier. */
  public String quote(String identifier) {
    if (!JdbcSourceSql.isPlainName(identifier)) {
      throw new IllegalArgumentException("'" + identifier + "' is not a plain identifier (letters, digits and '_', not starting with a digit)");
    }
    return quote + identifier + quote;
  }

  /** A string literal, escaped for this dialect. */
  public String stringLiteral(String value) {
    requireNonNull(value, "value is null");
    if (value.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("a string literal cannot contain a NUL character");
    }
    String escaped = value.replace("'", "''");
    if (this == MYSQL) {
      // MySQL treats backslash as an escape unless NO_BACKSLASH_ESCAPES is set; doubling it is right in both cases.
      escaped = escaped.replace("\\", "\\\\");
    }
    return "'" + escaped + "'";
  }
}
