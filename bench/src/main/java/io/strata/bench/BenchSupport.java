package io.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the benchmarks share: their work folder, their throw-away secrets, their options and their tables. */
public final class BenchSupport {
  private BenchSupport() {}

  /** Parses a benchmark's command line; a mistake is an {@link IllegalArgumentException} naming the option. */
  public interface Parser<O> {
    O parse(String[] args, Path projectDir);
  }

  /** Runs a benchmark with its options and prints to {@code out}. */
  public interface Runner<O> {
    void run(O options, Path projectDir, java.io.PrintStream out) throws Exception;
  }

  /**
   * A benchmark's {@code main}: parses the options (a mistake prints the usage and exits 2), runs it
   * (a failure prints why and exits 1), and exits 0. The project checkout is {@code -Dstrata.project.dir},
   * else the working directory.
   */
  public static <O> void main(String name, String usage, String[] args, Parser<O> parser, Runner<O> runner) {
    Path projectDir = projectDir();
    O options;
    try {
      options = parser.parse(args, projectDir);
    } catch (IllegalArgumentException e) {
      System.err.println("bench " + name + ": " + e.getMessage());
      System.err.println(usage);
      System.exit(2);
      return;
    }
    int exit = 0;
    try {
      runner.run(options, projectDir, System.out);
    } catch (Exception e) {
      System.err.println("bench " + name + ": failed: " + e.getMessage());
      exit = 1;
    }
    System.out.flush();
    System.exit(exit);
  }

  /** The project checkout holding {@code scripts/spark-submit/strata-local}: {@code -Dstrata.project.dir}, else the working directory. */
  public static Path projectDir() {
    return Path.of(System.getProperty("strata.project.dir", ".")).toAbsolutePath().normalize();
  }

  /** Removes the entries {@code names} an earlier run left in {@code work}, never the folder's other contents. */
  public static void clean(Path work, List<String> names) throws IOException {
    for (String name : names) {
      Path path = work.resolve(name);
      if (Files.exists(path)) {
        try (Stream<Path> tree = Files.walk(path)) {
          for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        }
      }
    }
    Files.createDirectories(work);
  }

  /** Copies the folder {@code from} to {@code to}, replacing what {@code to} held. */
  public static void copyTree(Path from, Path to) throws IOException {
    clean(to.getParent(), List.of(to.getFileName().toString()));
    try (Stream<Path> tree = Files.walk(from)) {
      for (Path source : tree.toList()) {
        Files.copy(source, to.resolve(from.relativize(source).toString()), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
      }
    }
  }

  /**
   * Writes every file under {@code root} through to the disk and returns the seconds it took.
   * Freshly generated input is otherwise written back by the kernel some thirty seconds later,
   * during whichever timed run reads it first (and not during the runs after it).
   */
  public static double flushToDisk(Path root) throws IOException {
    long start = System.nanoTime();
    try (Stream<Path> tree = Files.walk(root)) {
      for (Path file : tree.filter(Files::isRegularFile).toList()) {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
          channel.force(true);
        }
      }
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * Records strata-local's class archive with an untimed demo before a benchmark's timed runs (see
   * {@link io.strata.bench.scale.StrataLocal#recordClassArchive}), saying so and what it took.
   */
  public static void recordClassArchive(String bench, io.strata.bench.scale.StrataLocal strata, Path workDir, Path transcript,
      java.io.PrintStream out) throws IOException, InterruptedException {
    out.printf("bench %s: recording strata-local's class archive with an untimed `strata demo` (the first pipeline run after a build"
        + " records it; a user's later runs start from it, as the timed runs here do) ...%n", bench);
    java.util.Optional<java.time.Duration> wall = strata.recordClassArchive(workDir, transcript);
    if (wall.isPresent()) {
      out.printf(Locale.ROOT, "bench %s: class archive recorded in %.1f s (transcript %s)%n", bench, wall.get().toMillis() / 1000.0, transcript);
    } else {
      out.printf("bench %s: STRATA_CDS=off: no class archive; every run starts without one%n", bench);
    }
  }

  /** A random secret of {@code bytes} bytes as hex: a run's PII key or password, never written down. */
  public static String randomHex(int bytes) {
    byte[] value = new byte[bytes];
    new SecureRandom().nextBytes(value);
    return HexFormat.of().formatHex(value);
  }

  /** A whole number as an option gives it; {@code _} and {@code ,} may group digits. */
  public static long number(String flag, String value) {
    try {
      return Long.parseLong(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(flag + " takes a whole number, not '" + value + "'");
    }
  }

  /** Rows of four cells as aligned text lines: the first column left-aligned, the others right-aligned. */
  public static List<String> table(List<String[]> rows) {
    int[] widths = new int[4];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        widths[i] = Math.max(widths[i], row[i].length());
      }
    }
    List<String> lines = new ArrayList<>();
    for (String[] row : rows) {
      lines.add(String.format(Locale.ROOT, "%-" + widths[0] + "s  %" + widths[1] + "s  %" + widths[2] + "s  %" + widths[3] + "s",
          (Object[]) row));
    }
    return lines;
  }
}
