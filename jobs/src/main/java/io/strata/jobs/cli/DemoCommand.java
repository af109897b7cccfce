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

  @Option(names = "--warehouse", paramLabel = "mariadb|JDBC_URL", description = {"Export to another warehouse than the demo's PostgreSQL:"
      + " 'mariadb' starts an embedded MariaDB for it; a URL such as jdbc:mysql://127.0.0.1:3306/warehouse names a MySQL 8 or"
      + " MariaDB server, with the user and password in STRATA_DEMO_WAREHOUSE_USER and STRATA_DEMO_WAREHOUSE_PASSWORD.",
      "Row policies are PostgreSQL's and are left out there."})
  String warehouse;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    new DemoRun(spec.commandLine().getOut(), options.projectDir(), options.workDir(), options.port, System.getenv(),
        java.util.Optional.ofNullable(warehouse)).run(to);
    return ExitCodes.SUCCESS;
  }
}
