package io.strata.jobs.cli;

import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** One stage as a subcommand ({@code strata ingest}, {@code strata model}, ...). */
@Command
final class StageCommand implements Callable<Integer> {
  private final Stage stage;

  @Mixin ConfigOptions options;
  @Mixin RunDateOption runDate;
  @Spec CommandSpec spec;

  StageCommand(Stage stage) {
    this.stage = stage;
  }

  @Override
  public Integer call() {
    return new PipelineRunner(spec.commandLine().getOut()).run(options.load(), List.of(stage), runDate.value());
  }
}
