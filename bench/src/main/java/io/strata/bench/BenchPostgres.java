package io.strata.bench;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The benchmarks' PostgreSQL 17: Maven Central's binaries, started on a free loopback port with a
 * throw-away data directory. Its defaults ({@code fsync=off}, {@code synchronous_commit=off}) make
 * loads faster than a durable server's; figures measured against it say so. The server trusts
 * loopback connections, so any password is accepted.
 */
public final class BenchPostgres implements AutoCloseable {
  public static final String USER = "postgres";

  private final EmbeddedPostgres server;

  private BenchPostgres(EmbeddedPostgres server) {
    this.server = server;
  }

  public static BenchPostgres start() throws IOException {
    return new BenchPostgres(EmbeddedPostgres.builder().start());
  }

  public int port() {
    return server.getPort();
  }

  public String jdbcUrl(String database) {
    return "jdbc:postgresql://127.0.0.1:" + server.getPort() + "/" + database;
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, "");
  }

  /** The server's version, e.g. {@code 17.5}. */
  public String version() throws SQLException {
    try (Connection connection = connect("postgres")) {
      return connection.getMetaData().getDatabaseProductVersion();
    }
  }

  /** Creates an empty database; {@code name} is a plain lower-case identifier. */
  public void createDatabase(String name) throws SQLException {
    if (!name.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE \"" + name + "\"");
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
