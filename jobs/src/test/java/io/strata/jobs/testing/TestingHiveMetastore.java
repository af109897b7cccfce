package io.strata.jobs.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real Hive metastore: Hive's own Thrift server ({@code HiveMetaStore}, Hive 2.3 as Spark
 * ships it) backed by an embedded Derby database, in a child JVM. Its classes come from the
 * hive-metastore module ({@code hive-metastore/target/hive-classpath.txt}); the test JVM never
 * carries Hive.
 */
public final class TestingHiveMetastore implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final int port;

  private TestingHiveMetastore(Process process, Path log, int port) {
    this.process = process;
    this.log = log;
    this.port = port;
  }

  /** What a child JVM that talks to the metastore (Spark with catalog type hive) adds to its class path. */
  public static String hiveClasspath() throws IOException {
    Path file = ScriptRun.projectDir().resolve("hive-metastore/target/hive-classpath.txt");
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("missing " + file + ": build the hive-metastore module first (mvn -pl hive-metastore package)");
    }
    return Files.readString(file).trim();
  }

  /** Starts the metastore with its Derby database and warehouse under {@code directory}, and waits until it listens. */
  public static TestingHiveMetastore start(Path directory) throws IOException, InterruptedException {
    Files.createDirectories(directory);
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    // Hive's log4j setup would switch to asynchronous loggers, whose library Spark does not ship.
    List<String> command = ChildJvm.command("512m", hiveClasspath(), List.of("-Dhive.async.log.enabled=false"),
        "org.apache.hadoop.hive.metastore.HiveMetaStore", List.of(
        "-p", String.valueOf(port),
        "--hiveconf", "javax.jdo.option.ConnectionURL=jdbc:derby:;databaseName=" + directory.resolve("metastore_db") + ";create=true",
        "--hiveconf", "datanucleus.schema.autoCreateAll=true",
        "--hiveconf", "hive.metastore.schema.verification=false",
        "--hiveconf", "hive.metastore.warehouse.dir=" + directory.resolve("warehouse").toUri()));
    Path log = directory.resolve("metastore.log");
    // Derby writes its derby.log to the working directory.
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "hive-metastore-stop"));
    TestingHiveMetastore metastore = new TestingHiveMetastore(process, log, port);
    metastore.awaitListening(Duration.ofSeconds(120));
    return metastore;
  }

  public String uri() {
    return "thrift://127.0.0.1:" + port;
  }

  private void awaitListening(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Hive metastore exited with " + process.exitValue() + ":\n" + tail());
      }
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        return;
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          process.destroyForcibly();
          throw new IllegalStateException("the Hive metastore did not listen within " + timeout.toSeconds() + " s:\n" + tail());
        }
        Thread.sleep(500);
      }
    }
  }

  public String tail() throws IOException {
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
    }
  }
}
