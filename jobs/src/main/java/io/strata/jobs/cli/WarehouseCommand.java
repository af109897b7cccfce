package io.strata.jobs.cli;

import io.strata.jobs.demo.DemoPostgres;
import io.strata.jobs.demo.DemoRun;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code strata warehouse start}: serves the demo's warehouse again from its data directory. */
@Command(name = "warehouse", description = "The demo's PostgreSQL warehouse.", subcommands = WarehouseCommand.Start.class)
final class WarehouseCommand {
  @Command(name = "start", description = {
      "Start the demo's PostgreSQL on loopback with the data the last `strata demo` left, and keep it running",
      "until Ctrl-C. Prints the JDBC URL and a psql command."})
  static final class Start implements Callable<Integer> {
    @Mixin DemoOptions options;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
      Path dataDir = options.workDir().resolve("postgres");
      PrintWriter out = spec.commandLine().getOut();
      if (!Files.isDirectory(dataDir)) {
        spec.commandLine().getErr().println("strata: no demo warehouse in " + dataDir + "; run `strata demo` first (or pass --workdir)");
        return ExitCodes.BAD_USAGE_OR_CONFIG;
      }
      CountDownLatch stopped = new CountDownLatch(1);
      DemoPostgres postgres = DemoPostgres.start(dataDir, options.port);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        postgres.close();
        stopped.countDown();
      }, "warehouse-stop"));
      out.printf("warehouse: %s%n", postgres.jdbcUrl(DemoRun.WAREHOUSE_DATABASE));
      out.printf("  %s%n", postgres.psqlCommand(DemoRun.WAREHOUSE_DATABASE));
      out.println("strata: serving the demo warehouse; Ctrl-C stops it");
      out.flush();
      stopped.await();
      return ExitCodes.SUCCESS;
    }
  }
}
