package io.strata.layout.config;

import com.typesafe.config.ConfigOrigin;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems found while reading a config, so they are all reported at once. */
final class ConfigProblems {
  private final List<ConfigProblem> problems = new ArrayList<>();

  void add(ConfigProblem problem) {
    problems.add(problem);
  }

  boolean isEmpty() {
    return problems.isEmpty();
  }

  /** Throws with every problem, in file and line order, when there is any. */
  void throwIfAny() {
    if (!problems.isEmpty()) {
      List<ConfigProblem> sorted = new ArrayList<>(problems);
      sorted.sort(Comparator.comparing(ConfigProblems::fileOf).thenComparingInt(ConfigProblems::lineOf));
      throw new StrataConfigException(sorted);
    }
  }

  /** {@code local.conf:12}, with the file name as the user gave it. */
  static String location(ConfigOrigin origin) {
    if (origin == null) {
      return "";
    }
    String file = origin.filename() != null ? displayName(origin.filename()) : origin.description();
    return origin.lineNumber() > 0 ? file + ":" + origin.lineNumber() : file;
  }

  private static String displayName(String filename) {
    Path path = Path.of(filename);
    Path cwd = Path.of("").toAbsolutePath();
    return path.isAbsolute() && path.startsWith(cwd) ? cwd.relativize(path).toString() : filename;
  }

  private static String fileOf(ConfigProblem problem) {
    int colon = problem.location().lastIndexOf(':');
    return colon < 0 ? problem.location() : problem.location().substring(0, colon);
  }

  private static int lineOf(ConfigProblem problem) {
    int colon = problem.location().lastIndexOf(':');
    try {
      return colon < 0 ? 0 : Integer.parseInt(problem.location().substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
