package io.strata.jobs.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server from Maven Central binaries, one per test JVM, on loopback. Each test
 * class asks for its own database so tests do not see each other's tables.
 */
public final class TestingPostgres {
  public static final String USER = "postgres";
  private static TestingPostgres shared;

  private final EmbeddedPostgres server;

  private TestingPostgres() throws IOException {
    server = EmbeddedPostgres.builder().start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (IOException e) {
        // the JVM is going away
      }
    }, "postgres-stop"));
  }

  public static synchronized TestingPostgres shared() {
    if (shared == null) {
      try {
        shared = new TestingPostgres();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the embedded PostgreSQL server", e);
      }
    }
    return shared;
  }

  /** A fresh, empty database; returns its JDBC URL. */
  public String createDatabase(String name) {
    try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
  }

  /** The embedded server trusts local connections; the password is only what drivers require. */
  public String password() {
    return "postgres";
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password());
  }
}
