package io.strata.jobs.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of a JVM of its own on this JVM's class path, as spark-submit would start one:
 * Java 17's flags for Spark ({@code scripts/spark-submit/java17-flags}), UTC, and extra class path
 * entries after this JVM's own, so they add classes and never shadow the ones tests run with.
 */
public final class ChildJvm {
  private ChildJvm() {}

  public static List<String> command(String heap, String extraClasspath, String mainClass, List<String> arguments) throws IOException {
    return command(heap, extraClasspath, List.of(), mainClass, arguments);
  }

  /** @param jvmOptions more options for the JVM, e.g. {@code -Dkey=value} */
  public static List<String> command(String heap, String extraClasspath, List<String> jvmOptions, String mainClass, List<String> arguments)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Files.readAllLines(ScriptRun.projectDir().resolve("scripts/spark-submit/java17-flags")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
    String classpath = System.getProperty("java.class.path") + (extraClasspath.isEmpty() ? "" : java.io.File.pathSeparator + extraClasspath);
    command.addAll(List.of("-Xmx" + heap, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Duser.timezone=UTC"));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", classpath, mainClass));
    command.addAll(arguments);
    return command;
  }
}
