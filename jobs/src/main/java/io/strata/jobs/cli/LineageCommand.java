package io.strata.jobs.cli;

import io.strata.jobs.lineage.LineageGraph;
import io.strata.jobs.lineage.LineagePrinter;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata lineage}: the pipeline's lineage from its config, without Spark and without running anything. */
@Command(name = "lineage", description = "Print the lineage graph the config declares: sources, raw, processed, curated and warehouse tables, with column lineage in JSON.")
final class LineageCommand implements Callable<Integer> {
  enum Format { dot, json }

  @Mixin ConfigOptions options;

  @Option(names = "--table", paramLabel = "T", description = "Only what T is made from and what is made from it (an entity or a table name).")
  String table;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "dot", description = "dot (Graphviz) or json (with column lineage); default: ${DEFAULT-VALUE}.")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.loadWithoutSecretValues();
    LineagePrinter printer = new LineagePrinter(LineageGraph.of(config));
    if (table != null) {
      printer = printer.around(table).orElseThrow(() -> new StrataException("--table " + table
          + " names no source, entity or table of pipeline '" + config.name() + "'; `strata lineage --config FILE` prints them all"));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(format == Format.dot ? printer.dot() : printer.json());
    out.flush();
    return 0;
  }
}
