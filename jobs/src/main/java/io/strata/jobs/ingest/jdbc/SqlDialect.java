package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.JdbcSourceSql;

/**
 * How one database family spells identifiers and string literals, and puts a session in read-only
 * mode. Only plain identifiers ({@link JdbcSourceSql#isPlainName}) are accepted, so a configured
 * column name can never carry SQL of its own.
 */
public enum SqlDialect {
  /**
   * The second statement covers a transaction already open when the first runs: Spark's
   * PostgreSQL dialect turns autocommit off (to stream with a cursor) before its session init
   * statement, and a session default applies only from the next transaction on. In autocommit
   * mode it is a no-op with a warning.
   */
  POSTGRESQL('"', "SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY; SET TRANSACTION READ ONLY"),
  /** MySQL and MariaDB: backticks, and backslash is an escape character inside string literals. */
  MYSQL('`', "SET SESSION TRANSACTION READ ONLY");

  private final char quote;
  private final String readOnlySession;

  SqlDialect(char quote, String readOnlySession) {
    this.quote = quote;
    this.readOnlySession = readOnlySession;
  }

  /**
   * The SQL that makes the current and every later transaction of a session read-only, so that
   * even a function with side effects called from a source query cannot write.
   */
  public String readOnlySession() {
    return readOnlySession;
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
