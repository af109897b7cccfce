package io.strata.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Spark standalone cluster on 127.0.0.1: one master and one worker, each its own JVM on
 * the Spark jars Maven resolved (spark-runtime), behind a SPARK_HOME made of links to those
 * jars, since no Spark distribution can be downloaded here. {@link #close()} kills the master,
 * the worker and every executor it started, also after a failure.
 */
public final class TestingSparkCluster implements AutoCloseable {
  private static final Pattern ALIVE_WORKERS = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");

  private final Path home;
  private final Path logs;
  private final List<Process> daemons = new ArrayList<>();
  private final int masterPort;
  private final int masterUiPort;

  private TestingSparkCluster(Path home, Path logs) throws IOException {
    this.home = home;
    this.logs = logs;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
  }

  /** Starts the master and one worker (2 cores, {@code workerMemory} for executors) and waits until the worker is registered. */
  public static TestingSparkCluster start(Path workDir, String workerMemory) throws IOException, InterruptedException {
    Path home = sparkHome(workDir.resolve("spark-home"));
    TestingSparkCluster cluster = new TestingSparkCluster(home, Files.createDirectories(workDir.resolve("logs")));
    try {
      cluster.daemons.add(cluster.launch("master", List.of("-Xmx512m"), List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", String.valueOf(cluster.masterPort), "--webui-port", String.valueOf(cluster.masterUiPort))));
      cluster.daemons.add(cluster.launch("worker", List.of("-Xmx512m"), List.of("org.apache.spark.deploy.worker.Worker",
          "--host", "127.0.0.1", "--port", String.valueOf(freePort()), "--webui-port", String.valueOf(freePort()),
          "--cores", "2", "--memory", workerMemory, "--work-dir", Files.createDirectories(workDir.resolve("work")).toString(),
          cluster.masterUrl())));
      cluster.awaitAliveWorkers(1, Duration.ofSeconds(90));
      return cluster;
    } catch (IOException | InterruptedException | RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  public Path sparkHome() {
    return home;
  }

  /** The environment Spark needs to find itself in a home without bin/ and a RELEASE file. */
  public Map<String, String> sparkEnvironment() {
    return Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13", "SPARK_LOCAL_IP", "127.0.0.1");
  }

  /** The classpath of a Spark installation: its conf/ folder and every jar. */
  public String classpath() {
    return home.resolve("conf") + ":" + home.resolve("jars") + "/*";
  }

  /** The flags Spark's launcher passes on Java 17, as scripts/spark-submit/java17-flags lists them. */
  public static List<String> java17Flags() {
    try {
      return Files.readAllLines(ScriptRun.projectDir().resolve("scripts/spark-submit/java17-flags")).stream()
          .map(String::strip).filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs Spark's SparkSubmit in its own JVM against this cluster and waits for it. */
  public ScriptRun submit(List<String> submitArguments, Map<String, String> environment, Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx1g"));
    command.addAll(java17Flags());
    command.add("-Dlog4j2.configurationFile=" + ScriptRun.projectDir().resolve("scripts/spark-submit/log4j2.properties"));
    command.addAll(List.of("-cp", classpath(), "org.apache.spark.deploy.SparkSubmit", "--master", masterUrl()));
    command.addAll(submitArguments);
    Path out = Files.createTempFile(logs, "submit", ".out");
    Path err = Files.createTempFile(logs, "submit", ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(ScriptRun.projectDir().toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(sparkEnvironment());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("spark-submit did not finish within " + timeout + "\n" + Files.readString(err));
      }
      return new ScriptRun(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      kill(process);
    }
  }

  /** The last lines of the master's and worker's logs, for a failure message. */
  public String daemonLogs() {
    StringBuilder text = new StringBuilder();
    for (String name : List.of("master", "worker")) {
      try {
        List<String> lines = Files.readAllLines(logs.resolve(name + ".log"));
        text.append("--- ").append(name).append(" log (last 40 lines)\n")
            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()))).append('\n');
      } catch (IOException e) {
        text.append("--- ").append(name).append(" log unreadable: ").append(e.getMessage()).append('\n');
      }
    }
    return text.toString();
  }

  @Override
  public void close() {
    // The worker first: its executors are its children and must not outlive the test.
    for (int i = daemons.size() - 1; i >= 0; i--) {
      kill(daemons.get(i));
    }
  }

  private Process launch(String name, List<String> memory, List<String> mainAndArguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBinary()));
    command.addAll(memory);
    command.addAll(java17Flags());
    command.addAll(List.of("-cp", classpath()));
    command.addAll(mainAndArguments);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(logs.resolve(name + ".log").toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().putAll(sparkEnvironment());
    return builder.start();
  }

  private void awaitAliveWorkers(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Process daemon : daemons) {
        if (!daemon.isAlive()) {
          throw new IllegalStateException("a Spark daemon exited with " + daemon.exitValue() + "\n" + daemonLogs());
        }
      }
      try {
        HttpURLConnection connection = (HttpURLConnection) URI.create("http://127.0.0.1:" + masterUiPort + "/json/").toURL().openConnection();
        connection.setConnectTimeout(1000);
        connection.setReadTimeout(2000);
        try (var in = connection.getInputStream()) {
          last = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Matcher alive = ALIVE_WORKERS.matcher(last);
        if (alive.find() && Integer.parseInt(alive.group(1)) >= count) {
          return;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("the Spark master did not see " + count + " worker(s) within " + timeout + ": " + last + "\n" + daemonLogs());
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A SPARK_HOME whose jars/ links to the runtime jars of spark-sql that spark-runtime resolved. */
  private static Path sparkHome(Path home) throws IOException {
    Path classpathFile = ScriptRun.projectDir().resolve("spark-runtime/target/spark-classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException(classpathFile + " is missing: build it with 'mvn -B -o package -pl spark-runtime' "
          + "(a full 'mvn verify' builds spark-runtime before jobs)");
    }
    Path jars = Files.createDirectories(home.resolve("jars"));
    Path conf = Files.createDirectories(home.resolve("conf"));
    Files.copy(ScriptRun.projectDir().resolve("scripts/spark-submit/log4j2.properties"), conf.resolve("log4j2.properties"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Map<String, Path> byName = new HashMap<>();
    for (String entry : Files.readString(classpathFile).strip().split(":")) {
      Path jar = Path.of(entry);
      byName.put(jar.getFileName().toString(), jar);
    }
    for (Map.Entry<String, Path> jar : byName.entrySet()) {
      Path link = jars.resolve(jar.getKey());
      if (!Files.exists(link, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        Files.createSymbolicLink(link, jar.getValue());
      }
    }
    return home;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
