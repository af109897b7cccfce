package io.strata.jobs.cli;

import io.strata.jobs.demo.DemoPostgres;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the demo commands find the project and keep their work, and the port of the demo's PostgreSQL. */
final class DemoOptions {
  @Option(names = "--project", paramLabel = "DIR", description = "The folder with conf/demo.conf and demo/data (default: $STRATA_PROJECT_DIR, else .).")
  Path project;

  @Option(names = "--workdir", paramLabel = "DIR", description = "Where the lake, the PostgreSQL data and the report go (default: <project>/target/demo).")
  Path workDir;

  @Option(names = "--port", paramLabel = "PORT", description = "The demo PostgreSQL's port (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DemoPostgres.DEFAULT_PORT)
  int port;

  @Option(names = {"-v", "--verbose"}, description = "Show Spark's and the server's log on the console and stack traces of errors.")
  boolean verbose;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Where the log file goes (default: $STRATA_LOG_DIR, else ./logs).")
  Path logDir;

  Path projectDir() {
    return Optional.ofNullable(project)
        .or(() -> Optional.ofNullable(System.getenv("STRATA_PROJECT_DIR")).map(Path::of))
        .orElse(Path.of("."))
        .toAbsolutePath().normalize();
  }

  Path workDir() {
    return Optional.ofNullable(workDir).orElse(projectDir().resolve("target").resolve("demo")).toAbsolutePath().normalize();
  }
}
