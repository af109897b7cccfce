package io.strata.jobs.cli;

import java.nio.file.Path;
import java.util.Optional;

/** Where the demo commands find the project and keep their work, unless told otherwise. */
final class DemoPaths {
  private DemoPaths() {}

  static Path project(Path given) {
    return Optional.ofNullable(given)
        .or(() -> Optional.ofNullable(System.getenv("STRATA_PROJECT_DIR")).map(Path::of))
        .orElse(Path.of("."))
        .toAbsolutePath().normalize();
  }

  static Path workDir(Path projectDir, Path given) {
    return Optional.ofNullable(given).orElse(projectDir.resolve("target").resolve("demo")).toAbsolutePath().normalize();
  }
}
