package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens plain JDBC connections for the small queries around a Spark read (probe, watermark,
 * bounds), with the same driver, user and password Spark gets, in a read-only session (see
 * {@link SqlDialect#readOnlySession()}; Spark's own connections get the same statement). The driver class is instantiated
 * directly so that another driver on the classpath cannot claim the URL.
 */
public final class JdbcConnector {
  private final JdbcSourceConfig source;

  public JdbcConnector(JdbcSourceConfig source) {
    this.source = requireNonNull(source, "source is null");
  }

  public Connection open() throws SQLException {
    Driver driver = driver();
    Connection connection = driver.connect(source.url(), credentials());
    if (connection == null) {
      throw new StrataException("source '" + source.name() + "': driver " + source.driverClass() + " does not accept the URL "
          + JdbcUrls.withoutCredentials(source.url()) + ". Fix: check sources." + source.name() + ".url and .driver");
    }
    try {
      connection.setReadOnly(true);
      // setReadOnly alone is only a hint for some drivers (PostgreSQL's applies it to explicit
      // transactions only): the session statement makes the server refuse every write.
      try (Statement statement = connection.createStatement()) {
        statement.execute(SqlDialect.forUrl(source.url()).readOnlySession());
      }
    } catch (SQLException | RuntimeException e) {
      connection.close();
      throw e;
    }
    return connection;
  }

  /** The options Spark's JDBC source needs to log in; the caller must not print them. */
  public Properties credentials() {
    Properties properties = new Properties();
    properties.setProperty("user", source.user());
    source.password().ifPresent(password -> properties.setProperty("password", password.reveal()));
    return properties;
  }

  private Driver driver() {
    try {
      return (Driver) Class.forName(source.driverClass()).getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new StrataException("source '" + source.name() + "': cannot load the JDBC driver " + source.driverClass()
          + ". Fix: check sources." + source.name() + ".driver, or remove it to use the driver the URL implies", e);
    }
  }
}
