package io.strata.jobs.demo;

import io.strata.layout.StrataException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The demo's PostgreSQL: a real server from Maven's binaries on loopback, holding the demo's
 * source database ({@code shop}) and its warehouse. Its data directory survives the process, so
 * {@code strata warehouse start} serves the last demo's warehouse again.
 */
public final class DemoPostgres implements AutoCloseable {
  public static final int DEFAULT_PORT = 54329;
  public static final String USER = "postgres";

  private final EmbeddedPostgres server;
  private final int port;

  private DemoPostgres(EmbeddedPostgres server, int port) {
    this.server = server;
    this.port = port;
  }

  /** Starts PostgreSQL on 127.0.0.1:{@code port} with its data in {@code dataDir} (created on first use). */
  public static DemoPostgres start(Path dataDir, int port) {
    try {
      Files.createDirectories(dataDir);
      EmbeddedPostgres server = EmbeddedPostgres.builder()
          .setDataDirectory(dataDir)
          .setCleanDataDirectory(false)
          .setPort(port)
          .start();
      return new DemoPostgres(server, port);
    } catch (IOException | RuntimeException e) {
      throw new StrataException("cannot start the demo PostgreSQL on 127.0.0.1:" + port + " with data in " + dataDir + ": "
          + e.getMessage() + ". Fix: stop what holds the port (another `strata warehouse start`?) or pass --port", e);
    } catch (NoClassDefFoundError e) {
      throw new StrataException("the embedded PostgreSQL is not on the classpath (" + e.getMessage() + " is missing); run the demo with "
          + "scripts/spark-submit/strata-local, which adds jobs/target/demo-classpath.txt", e);
    }
  }

  public int port() {
    return port;
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  /** A psql command line that opens {@code database}. */
  public String psqlCommand(String database) {
    return "psql -h 127.0.0.1 -p " + port + " -U " + USER + " " + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  /** Drops {@code database} if it exists and creates it empty: each demo run starts from the same state. */
  public void recreateDatabase(String database) {
    String name = quoted(database);
    try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new StrataException("cannot create the demo database '" + database + "': " + e.getMessage(), e);
    }
  }

  /** Creates {@code database} unless it exists. */
  public void ensureDatabase(String database) {
    try (Connection connection = connect("postgres");
        var check = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      check.setString(1, database);
      if (!check.executeQuery().next()) {
        try (Statement statement = connection.createStatement()) {
          statement.execute("CREATE DATABASE " + quoted(database));
        }
      }
    } catch (SQLException e) {
      throw new StrataException("cannot create the demo database '" + database + "': " + e.getMessage(), e);
    }
  }

  private static String quoted(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    return '"' + database + '"';
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      throw new StrataException("cannot stop the demo PostgreSQL: " + e.getMessage(), e);
    }
  }
}
