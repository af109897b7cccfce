package io.strata.jobs.cli;

import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Check the pipeline config without starting Spark; print the effective settings.")
final class ValidateCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--no-secrets", description = "Check only the form of secret references, not that their values are set.")
  boolean noSecrets;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = new PipelineConfigLoader(System.getenv(), !noSecrets).load(options.config);
    PrintWriter out = spec.commandLine().getOut();
    out.println("config " + options.config + " is valid: pipeline '" + config.name() + "'");
    config.describe().forEach(line -> out.println("  " + line));
    if (!noSecrets) {
      // Not an error: stages before export run without it, e.g. on a machine that only ingests.
      config.warehouse().flatMap(warehouse -> warehouse.passwordProblem()).ifPresent(problem ->
          out.println("warning: " + problem + " (the export stage needs it; without it the run log stays in the lake)"));
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
