package io.strata.jobs.cli;

import io.strata.jobs.catalog.CatalogPrinter;
import io.strata.jobs.catalog.CatalogTable;
import io.strata.jobs.catalog.LakeCatalog;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata catalog}: the processed and curated tables as a data dictionary. */
@Command(name = "catalog", description = "List the processed and curated tables: columns and types, PII methods, owners, descriptions, rows and last update.")
final class CatalogCommand implements Callable<Integer> {
  enum Format { text, markdown, json }

  @Mixin ConfigOptions options;

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text, markdown (a data dictionary) or json; default: ${DEFAULT-VALUE}.")
  Format format;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    List<CatalogTable> tables = new LakeCatalog(SparkSessionFactory.create(config), config).tables();
    PrintWriter out = spec.commandLine().getOut();
    out.print(switch (format) {
      case text -> CatalogPrinter.text(tables);
      case markdown -> CatalogPrinter.markdown(config.name(), tables);
      case json -> CatalogPrinter.json(tables);
    });
    out.flush();
    return 0;
  }
}
