package io.strata.jobs.cli;

import io.strata.jobs.demo.DemoRun;
import io.strata.jobs.stage.Stage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata demo}: the bundled retail demo end to end on this machine. */
@Command(name = "demo", description = {
    "Run the bundled retail demo: start its PostgreSQL (source and warehouse) and catalog API on loopback,",
    "run conf/demo.conf over two run dates on a fresh lake, write an HTML run report and print where to look.",
    "Needs the embedded PostgreSQL on the classpath: run it with scripts/spark-submit/strata-local."})
final class DemoCommand implements Callable<Integer> {
  @Mixin DemoOptions options;

  @Option(names = "--to", paramLabel = "STAGE", description = "Last stage to run (default: ${DEFAULT-VALUE}).", defaultValue = "export",
      converter = StageConverter.class)
  Stage to;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    new DemoRun(spec.commandLine().getOut(), options.projectDir(), options.workDir(), options.port, System.getenv()).run(to);
    return ExitCodes.SUCCESS;
  }
}
