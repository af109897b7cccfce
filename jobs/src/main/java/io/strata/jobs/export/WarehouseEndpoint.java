package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.WarehouseConfig;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How the driver and the executors reach the warehouse. It travels to executors inside Spark's
 * task closure (so the password does too), but {@link #toString()} and every message built from
 * it show the URL without its parameters and never the password.
 */
final class WarehouseEndpoint implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final int CONNECT_TIMEOUT_SECONDS = 15;
  /** Shorter values are not searched for: they would mangle ordinary words and say what the password is like. */
  private static final int MIN_SCRUBBED_LENGTH = 4;

  private final String url;
  private final String user;
  private final String password;
  private final String sslMode;

  WarehouseEndpoint(String url, String user, String password, String sslMode) {
    this.url = requireNonNull(url, "url is null");
    this.user = requireNonNull(user, "user is null");
    this.password = requireNonNull(password, "password is null");
    this.sslMode = requireNonNull(sslMode, "sslMode is null");
  }

  static WarehouseEndpoint of(WarehouseConfig warehouse) {
    return new WarehouseEndpoint(warehouse.url(), warehouse.user(), warehouse.password().reveal(), warehouse.sslMode());
  }

  WarehouseDialect dialect() {
    return WarehouseDialect.of(url);
  }

  /** A connection with the session the export needs (MySQL: its SQL mode and UTC). */
  Connection open() throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    properties.setProperty("password", password);
    if (dialect() == WarehouseDialect.MYSQL) {
      properties.setProperty("sslMode", mariaDbSslMode(sslMode));
      properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 1000));
      properties.setProperty("allowLocalInfile", "true");
      // MariaDB Connector/J serves both servers; it takes jdbc:mysql: URLs only when told to.
      Connection connection = DriverManager.getConnection("jdbc:mariadb:" + url.substring(url.indexOf(':', 5) + 1), properties);
      try {
        WarehouseDialect.MYSQL.prepareSession(connection);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      return connection;
    }
    properties.setProperty("sslmode", sslMode);
    properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("ApplicationName", "strata-export");
    return DriverManager.getConnection(url, properties);
  }

  /**
   * PostgreSQL's {@code sslmode} in MariaDB Connector/J's terms: {@code prefer} and {@code allow}
   * have no counterpart there (it encrypts or it does not), so they connect unencrypted, as
   * {@code disable} does; {@code require} encrypts without checking the certificate ({@code trust}).
   */
  static String mariaDbSslMode(String sslMode) {
    return switch (sslMode) {
      case "require" -> "trust";
      case "verify-ca", "verify-full" -> sslMode;
      default -> "disable";
    };
  }

  /** The URL without parameters, for messages. */
  String where() {
    int query = url.indexOf('?');
    return (query < 0 ? url : url.substring(0, query)) + " as user " + user;
  }

  /** {@code text} from a driver or server, with the password (should it ever be echoed) replaced by {@code ***}. */
  String scrub(String text) {
    if (text == null) {
      return "";
    }
    return password.length() < MIN_SCRUBBED_LENGTH ? text : text.replace(password, "***");
  }

  @Override
  public String toString() {
    return "WarehouseEndpoint(" + where() + ")";
  }
}
