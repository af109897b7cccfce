package io.strata.jobs.cli;

import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJobs;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run the stages in order: ingest, process, model, quality, export, maintain.")
final class RunCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;
  @Mixin RunDateOption runDate;

  @Option(names = "--from", paramLabel = "STAGE", description = "First stage to run (default: ${DEFAULT-VALUE}).", defaultValue = "ingest",
      converter = StageConverter.class)
  Stage from;

  @Option(names = "--to", paramLabel = "STAGE", description = "Last stage to run (default: ${DEFAULT-VALUE}).", defaultValue = "maintain",
      converter = StageConverter.class)
  Stage to;

  @Option(names = "--source", paramLabel = "NAME", description = "Ingest just this source.")
  String source;

  @Option(names = "--entity", paramLabel = "NAME", description = "process only: just this entity.")
  String entity;

  @Mixin FullRefreshOption fullRefresh;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (from.ordinal() > to.ordinal()) {
      throw new ParameterException(spec.commandLine(),
          "--from " + from.cliName() + " comes after --to " + to.cliName() + "; stages run in the order ingest, process, model, quality, export, maintain");
    }
    return new PipelineRunner(spec.commandLine().getOut(), StageJobs.standard(Optional.ofNullable(source), Optional.ofNullable(entity), fullRefresh.value())).run(options.load(), Stage.slice(from, to), runDate.value());
  }
}
