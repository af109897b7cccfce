package io.strata.jobs.cli;

import io.strata.jobs.metrics.MetricsTable;
import io.strata.jobs.metrics.PrometheusExposition;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.PipelineConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata metrics [--run ID] [--output FILE]}: a run's metrics in the Prometheus text format. */
@Command(name = "metrics", description = "Print the latest run's metrics (or --run's) in the Prometheus text format, from the lake's _runs/metrics.")
final class MetricsCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--run", paramLabel = "RUN_ID", description = "This run instead of the latest.")
  String runId;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write to FILE (replaced atomically, for a node exporter's textfile collector) instead of stdout.")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    Optional<MetricsTable.Run> run = new MetricsTable(SparkSessionFactory.create(config), config.lake().layout())
        .read(config.name(), Optional.ofNullable(runId));
    PrintWriter out = spec.commandLine().getOut();
    if (run.isEmpty()) {
      spec.commandLine().getErr().println(runId == null
          ? "strata: no metrics yet under " + config.lake().layout().runLog(MetricsTable.TABLE) + ": a run writes them when it ends"
          : "strata: no metrics of run " + runId + " under " + config.lake().layout().runLog(MetricsTable.TABLE) + "; `strata runs` lists the run ids");
      return ExitCodes.RUNTIME_FAILURE;
    }
    String text = new PrometheusExposition(config.name(), run.get().samples()).text();
    if (output == null) {
      out.print(text);
      out.flush();
      return 0;
    }
    try {
      Path parent = output.toAbsolutePath().getParent();
      Path temporary = Files.createTempFile(parent, ".strata-metrics", ".prom.tmp");
      Files.writeString(temporary, text);
      Files.move(temporary, output, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + output, e);
    }
    out.println("metrics of run " + run.get().runId() + " written to " + output);
    return 0;
  }
}
