package io.strata.jobs.cli;

import io.strata.jobs.demo.DemoPostgres;
import io.strata.jobs.demo.DemoRun;
import io.strata.jobs.stage.Stage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata demo}: the bundled retail demo end to end on this machine. */
@Command(name = "demo", description = {
    "Run the bundled retail demo: start its PostgreSQL (source and warehouse) and catalog API on loopback,",
    "run conf/demo.conf over two run dates on a fresh lake, write an HTML run report and print where to look.",
    "Needs the embedded PostgreSQL on the classpath: run it with scripts/spark-submit/strata-local."})
final class DemoCommand implements Callable<Integer> {
  @Option(names = "--project", paramLabel = "DIR", description = "The folder with conf/demo.conf and demo/data (default: $STRATA_PROJECT_DIR, else .).")
  Path project;

  @Option(names = "--workdir", paramLabel = "DIR", description = "Where the lake, the PostgreSQL data and the report go (default: <project>/target/demo).")
  Path workDir;

  @Option(names = "--port", paramLabel = "PORT", description = "The demo PostgreSQL's port (default: ${DEFAULT-VALUE}).",
      defaultValue = "" + DemoPostgres.DEFAULT_PORT)
  int port;

  @Option(names = "--to", paramLabel = "STAGE", description = "Last stage to run (default: ${DEFAULT-VALUE}).", defaultValue = "export",
      converter = StageConverter.class)
  Stage to;

  @Option(names = {"-v", "--verbose"}, description = "Show Spark's log on the console and stack traces of errors.")
  boolean verbose;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Where the log file goes (default: $STRATA_LOG_DIR, else ./logs).")
  Path logDir;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    Path projectDir = DemoPaths.project(project);
    new DemoRun(spec.commandLine().getOut(), projectDir, DemoPaths.workDir(projectDir, workDir), port, System.getenv()).run(to);
    return ExitCodes.SUCCESS;
  }
}
