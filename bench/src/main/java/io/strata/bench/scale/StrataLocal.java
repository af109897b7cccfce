package io.strata.bench.scale;

import static java.util.Objects.requireNonNull;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs Strata as a user does on this machine: {@code scripts/spark-submit/strata-local}, i.e.
 * Spark's own {@code SparkSubmit} in a child JVM, on master {@code local[2]}, running the shaded
 * application jar. Its console goes to ours (indented) and to a transcript file.
 */
public final class StrataLocal {
  public static final String MASTER = "local[2]";
  private static final int TAIL_LINES = 30;

  private final Path projectDir;
  private final Map<String, String> environment;

  /** @param environment added to this process's environment for the child (secrets, the log folder) */
  public StrataLocal(Path projectDir, Map<String, String> environment) {
    this.projectDir = requireNonNull(projectDir, "projectDir is null");
    this.environment = Map.copyOf(environment);
  }

  /** Fails early, with what to build, when the jars strata-local runs are missing; strata-local would otherwise build them itself. */
  public void checkBuilt() {
    List<String> missing = new ArrayList<>();
    for (Path file : List.of(applicationJar(), projectDir.resolve("spark-runtime/target/spark-classpath.txt"),
        projectDir.resolve("jobs/target/demo-classpath.txt"))) {
      if (!Files.isRegularFile(file)) {
        missing.add(file.toString());
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("not built: " + String.join(", ", missing)
          + ". Fix: mvn -B -DskipTests package -pl bench,spark-runtime -am (scripts/bench/scale does)");
    }
  }

  /**
   * Has strata-local record its class archive before the timed runs, with an untimed {@code strata
   * demo} in {@code workDir}: strata-local records the archive on the first pipeline run after a
   * build, and that run is slower (the JVM keeps what it will dump) and ends with the dump (about
   * 30 s each on the demo). A user's later runs start from the archive; so do the benchmark's timed
   * runs. Returns the warm-up's wall time, or empty when {@code STRATA_CDS=off} turns archives off.
   */
  public Optional<Duration> recordClassArchive(Path workDir, Path transcript)
      throws IOException, InterruptedException {
    if ("off".equals(environment.getOrDefault("STRATA_CDS", System.getenv("STRATA_CDS")))) {
      return Optional.empty();
    }
    Duration wall = run(List.of("demo", "--workdir", workDir.toString()), transcript, line -> {});
    return Optional.of(wall);
  }

  /** Runs {@code strata ARGUMENTS}, returns its wall time (JVM and Spark start included); a non-zero exit throws. */
  public Duration run(List<String> arguments, Path transcript, PrintStream out) throws IOException, InterruptedException {
    return run(arguments, transcript, line -> out.println("  | " + line));
  }

  private Duration run(List<String> arguments, Path transcript, Consumer<String> console)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(projectDir.resolve("scripts/spark-submit/strata-local").toString());
    command.addAll(arguments);
    ProcessBuilder builder = new ProcessBuilder(command).directory(projectDir.toFile()).redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Map<String, String> childEnvironment = new HashMap<>(environment);
    childEnvironment.put("STRATA_MASTER", MASTER);
    // With the jar named, strata-local runs what was built instead of rebuilding it.
    childEnvironment.put("STRATA_APP_JAR", applicationJar().toString());
    childEnvironment.putIfAbsent("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().putAll(childEnvironment);
    Files.createDirectories(transcript.getParent());
    long start = System.nanoTime();
    Process process = builder.start();
    Deque<String> tail = new ArrayDeque<>();
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer file = Files.newBufferedWriter(transcript)) {
      String line;
      while ((line = lines.readLine()) != null) {
        console.accept(line);
        file.write(line);
        file.write('\n');
        tail.addLast(line);
        if (tail.size() > TAIL_LINES) {
          tail.removeFirst();
        }
      }
    } finally {
      if (process.isAlive()) {
        process.destroy();
      }
    }
    int exit = process.waitFor();
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (exit != 0) {
      throw new IllegalStateException("strata " + String.join(" ", arguments) + " exited with " + exit + " (transcript: " + transcript
          + "); last lines:\n" + String.join("\n", tail));
    }
    return wall;
  }

  private Path applicationJar() {
    return projectDir.resolve("jobs/target/strata-app.jar");
  }
}
