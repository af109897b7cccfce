package io.strata.jobs.cli;

import io.strata.jobs.maintain.MaintainJob;
import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJobs;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** One stage as a subcommand ({@code strata ingest}, {@code strata model}, ...). */
@Command
final class StageCommand implements Callable<Integer> {
  private final Stage stage;

  @Mixin ConfigOptions options;
  @Mixin RunDateOption runDate;

  @Option(names = "--source", paramLabel = "NAME", description = "ingest only: read just this source.")
  String source;

  @Option(names = "--entity", paramLabel = "NAME", description = "process only: just this entity.")
  String entity;

  @Option(names = "--dry-run", description = "maintain only: list what would be deleted, vacuumed and compacted; change nothing.")
  boolean dryRun;

  @Mixin FullRefreshOption fullRefresh;

  @Spec CommandSpec spec;

  StageCommand(Stage stage) {
    this.stage = stage;
  }

  @Override
  public Integer call() {
    if (source != null && stage != Stage.INGEST) {
      throw new ParameterException(spec.commandLine(), "--source applies to ingest only");
    }
    if (entity != null && stage != Stage.PROCESS) {
      throw new ParameterException(spec.commandLine(), "--entity applies to process only");
    }
    if (dryRun && stage != Stage.MAINTAIN) {
      throw new ParameterException(spec.commandLine(), "--dry-run applies to maintain only");
    }
    if (fullRefresh.isSet() && stage != Stage.MODEL) {
      throw new ParameterException(spec.commandLine(), "--full-refresh applies to model (and run) only");
    }
    StageJobs jobs = StageJobs.standard(Optional.ofNullable(source), Optional.ofNullable(entity), fullRefresh.value());
    if (dryRun) {
      jobs = jobs.with(Stage.MAINTAIN, new MaintainJob(true));
    }
    return new PipelineRunner(spec.commandLine().getOut(), jobs).run(options.load(), List.of(stage), runDate.value());
  }
}
