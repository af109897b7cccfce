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

  /**
   * Creates (or re-creates) a login role that must give its password: the server trusts loopback
   * logins, so a pg_hba.conf line ahead of the trust lines asks this role alone for it. Returns
   * once the reloaded server refuses a wrong password.
   */
  public synchronized String passwordLoginRole(String role, String rolePassword) {
    try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("DROP ROLE IF EXISTS " + role);
      statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + rolePassword + "'");
      java.nio.file.Path hba;
      try (java.sql.ResultSet result = statement.executeQuery("SHOW hba_file")) {
        result.next();
        hba = java.nio.file.Path.of(result.getString(1));
      }
      String rules = java.nio.file.Files.readString(hba);
      if (!rules.contains(" " + role + " ")) {
        java.nio.file.Files.writeString(hba, "host all " + role + " 127.0.0.1/32 scram-sha-256\nhost all " + role
            + " ::1/128 scram-sha-256\n" + rules);
      }
      statement.execute("SELECT pg_reload_conf()");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (System.nanoTime() < deadline) { // the reload is asynchronous
        try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), role, "not-" + rolePassword)) {
          Thread.sleep(50);
        } catch (SQLException refused) {
          return role;
        }
      }
    } catch (SQLException | IOException e) {
      throw new IllegalStateException("cannot create the password-login role " + role, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while creating role " + role, e);
    }
    throw new IllegalStateException("PostgreSQL did not start asking " + role + " for a password");
  }
}
