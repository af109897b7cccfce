package io.strata.jobs.export;

import io.strata.layout.config.WarehouseConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.spark.sql.types.DataType;

/**
 * What differs between the warehouses Strata exports to: column types, how a table is created and
 * keyed, how a row is upserted and compared, how a session is set up, and how rows are streamed in
 * ({@code COPY} or {@code LOAD DATA}). Names are double-quoted for both: a MySQL session runs with
 * {@code ANSI_QUOTES}, so {@link PgNames} serves every dialect.
 */
enum WarehouseDialect {
  POSTGRESQL {
    @Override
    Optional<String> columnType(DataType type, boolean keyed) {
      return PgTypes.of(type);
    }

    @Override
    String createTable(String qualified, List<String> definitions, Optional<String> primaryKey, boolean scratch, boolean ifNotExists) {
      return "CREATE " + (scratch ? "UNLOGGED " : "") + "TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + qualified + " ("
          + String.join(", ", definitions) + primaryKey.map(key -> ", PRIMARY KEY (" + PgNames.quote(key) + ")").orElse("") + ")";
    }

    @Override
    boolean keyBeforeLoad() {
      return false;
    }

    @Override
    String analyze(String qualified) {
      return "ANALYZE " + qualified;
    }

    @Override
    String nullSafeEquals(String left, String right) {
      return left + " IS NOT DISTINCT FROM " + right;
    }

    @Override
    String upsertClause(String key, List<String> others) {
      return others.isEmpty() ? " ON CONFLICT (" + PgNames.quote(key) + ") DO NOTHING" : " ON CONFLICT (" + PgNames.quote(key)
          + ") DO UPDATE SET " + String.join(", ", others.stream().map(c -> PgNames.quote(c) + " = EXCLUDED." + PgNames.quote(c)).toList());
    }

    @Override
    void prepareSession(Connection connection) {
      // PostgreSQL's defaults are what the export expects.
    }
  },

  /** MySQL 8 and MariaDB, through MariaDB Connector/J. */
  MYSQL {
    @Override
    Optional<String> columnType(DataType type, boolean keyed) {
      return MySqlTypes.of(type, keyed);
    }

    @Override
    String createTable(String qualified, List<String> definitions, Optional<String> primaryKey, boolean scratch, boolean ifNotExists) {
      return "CREATE TABLE " + (ifNotExists ? "IF NOT EXISTS " : "") + qualified + " (" + String.join(", ", definitions)
          + primaryKey.map(key -> ", PRIMARY KEY (" + PgNames.quote(key) + ")").orElse("")
          + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4";
    }

    @Override
    boolean keyBeforeLoad() {
      // InnoDB stores a table in its primary key: adding the key afterwards copies the whole table again.
      return true;
    }

    @Override
    String analyze(String qualified) {
      return "ANALYZE TABLE " + qualified;
    }

    @Override
    String nullSafeEquals(String left, String right) {
      return left + " <=> " + right;
    }

    @Override
    String upsertClause(String key, List<String> others) {
      List<String> columns = others.isEmpty() ? List.of(key) : others;
      return " ON DUPLICATE KEY UPDATE " + String.join(", ", columns.stream().map(c -> PgNames.quote(c) + " = VALUES(" + PgNames.quote(c)
          + ")").toList());
    }

    @Override
    void prepareSession(Connection connection) throws SQLException {
      WarehouseCatalog.execute(connection, "SET SESSION sql_mode = '" + MYSQL_SQL_MODE + "', time_zone = '+00:00'");
    }
  };

  /** Every statement of a MySQL session runs in this mode: quoted names, and a value that does not fit is an error, not a warning. */
  static final String MYSQL_SQL_MODE = "ANSI_QUOTES,STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,ERROR_FOR_DIVISION_BY_ZERO,"
      + "NO_ENGINE_SUBSTITUTION";

  /** The dialect of a {@code warehouse.url}; PostgreSQL unless it names MySQL or MariaDB. */
  static WarehouseDialect of(String url) {
    return WarehouseConfig.isMySql(url) ? MYSQL : POSTGRESQL;
  }

  /** The dialect of an open connection, from the server's product name. */
  static WarehouseDialect of(Connection connection) throws SQLException {
    String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
    return product.contains("mysql") || product.contains("mariadb") ? MYSQL : POSTGRESQL;
  }

  /** The column type for a Spark type; {@code keyed}: the column is part of a key or an index. Empty for types not carried. */
  abstract Optional<String> columnType(DataType type, boolean keyed);

  /**
   * {@code CREATE TABLE}; {@code scratch}: rows only pass through it (PostgreSQL skips the write-ahead log for it);
   * {@code primaryKey}: declared in the statement.
   */
  abstract String createTable(String qualified, List<String> definitions, Optional<String> primaryKey, boolean scratch,
      boolean ifNotExists);

  /** Whether a staging table is created with its primary key, rather than given it after its rows are in. */
  abstract boolean keyBeforeLoad();

  abstract String analyze(String qualified);

  /** An SQL condition: {@code left} equals {@code right}, two nulls being equal. */
  abstract String nullSafeEquals(String left, String right);

  /** What follows an {@code INSERT ... SELECT} so that a row whose {@code key} exists updates {@code others} instead. */
  abstract String upsertClause(String key, List<String> others);

  /** Sets what every connection of the export needs (MySQL: its SQL mode and UTC). */
  abstract void prepareSession(Connection connection) throws SQLException;
}
