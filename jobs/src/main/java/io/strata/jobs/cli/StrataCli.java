package io.strata.jobs.cli;

import io.strata.jobs.failure.KnownFailure;
import io.strata.jobs.failure.KnownFailures;
import io.strata.jobs.failure.LakeStorageFailure;
import io.strata.jobs.lock.PipelineLockedException;
import io.strata.jobs.quality.QualityGateFailedException;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.StrataException;
import io.strata.layout.config.StrataConfigException;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The {@code strata} command line: subcommands, help, and the mapping of failures to exit codes. */
@Command(
    name = "strata",
    mixinStandardHelpOptions = true,
    versionProvider = StrataCli.Version.class,
    description = "Configuration-driven Spark data-lake engine: sources -> raw -> processed -> curated -> warehouse.",
    subcommands = {ValidateCommand.class, RunCommand.class, StreamCommand.class, StateCommand.class, PiiScanCommand.class, RunsCommand.class, MetricsCommand.class, ReportCommand.class, LineageCommand.class, CatalogCommand.class, DemoCommand.class,
        WarehouseCommand.class, CommandLine.HelpCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
        "0:success",
        "1:runtime failure (a source, the lake or the warehouse failed)",
        "2:bad usage or bad config",
        "3:a data-quality gate failed",
        "4:another run of the pipeline holds its lock; try again later"})
public final class StrataCli {
  private StrataCli() {}

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new StrataCli());
    for (Stage stage : Stage.values()) {
      CommandLine sub = new CommandLine(new StageCommand(stage));
      sub.getCommandSpec().usageMessage().description(stage.description() + " (one stage).");
      cli.addSubcommand(stage.cliName(), sub);
    }
    addHelpOption(cli);
    cli.setExecutionExceptionHandler(new FailureHandler());
    cli.setCaseInsensitiveEnumValuesAllowed(true);
    return cli;
  }

  /**
   * {@code -h}/{@code --help} on every subcommand, at any depth, so that {@code strata <command>
   * --help} prints the help and exits 0 (scripts probe commands that way).
   */
  private static void addHelpOption(CommandLine command) {
    CommandSpec spec = command.getCommandSpec();
    if (spec.findOption("--help") == null) {
      spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true).description("Show this help message and exit.").build());
    }
    command.getSubcommands().values().forEach(StrataCli::addHelpOption);
  }

  /** Prints a user-facing failure as one message; a stack trace only with --verbose. */
  static final class FailureHandler implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parsed) {
      PrintWriter err = command.getErr();
      boolean verbose = parsed.subcommands().stream().anyMatch(sub -> sub.hasMatchedOption("--verbose"))
          || parsed.hasMatchedOption("--verbose");
      int code;
      if (e instanceof PipelineLockedException) {
        err.println("strata: " + e.getMessage());
        code = ExitCodes.PIPELINE_LOCKED;
      } else if (e instanceof StrataConfigException) {
        err.println("strata: " + e.getMessage());
        code = ExitCodes.BAD_USAGE_OR_CONFIG;
      } else if (e instanceof QualityGateFailedException) {
        err.println("strata: " + e.getMessage());
        code = ExitCodes.QUALITY_GATE_FAILED;
      } else if (e instanceof StrataException) {
        err.println("strata: " + withStoreFirst((StrataException) e));
        code = ExitCodes.RUNTIME_FAILURE;
      } else if (KnownFailures.explain(e).isPresent()) {
        KnownFailure known = KnownFailures.explain(e).get();
        err.println("strata: " + known.message());
        code = known.kind() == KnownFailure.Kind.SETUP ? ExitCodes.BAD_USAGE_OR_CONFIG : ExitCodes.RUNTIME_FAILURE;
      } else {
        err.println("strata: unexpected " + e.getClass().getName() + ": " + e.getMessage());
        err.println("strata: this is a bug in Strata or its environment; the log file and --verbose have the details");
        code = ExitCodes.RUNTIME_FAILURE;
      }
      LogSetup.logFailure(e);
      if (verbose) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        err.print(trace);
      }
      err.flush();
      return code;
    }
  }

  /**
   * A failure the lake's S3 store caused leads with that and its fix, as a stage's failed targets do
   * ({@link TargetsFailedException} decides that for itself: only when the store ended every target).
   */
  static String withStoreFirst(StrataException e) {
    if (e instanceof TargetsFailedException) {
      return e.getMessage();
    }
    return LakeStorageFailure.explain(e).map(store -> store + System.lineSeparator() + e.getMessage()).orElse(e.getMessage());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = StrataCli.class.getPackage().getImplementationVersion();
      return new String[] {"strata " + (version == null ? "(development build)" : version)};
    }
  }
}
