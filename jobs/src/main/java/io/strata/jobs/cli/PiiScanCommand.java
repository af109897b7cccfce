package io.strata.jobs.cli;

import io.strata.jobs.process.PiiScan;
import io.strata.jobs.process.pii.PiiFinding;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata pii-scan --entity NAME}: the PII report of an entity's raw data, without failing. */
@Command(name = "pii-scan", description = "Report which columns of an entity's raw data look like personal data, and their rules.")
final class PiiScanCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--entity", required = true, paramLabel = "NAME", description = "The entity to scan.")
  String entity;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    List<PiiFinding> findings = PiiScan.scan(SparkSessionFactory.create(config), config, entity);
    EntityConfig declared = config.entities().get(entity);
    PrintWriter out = spec.commandLine().getOut();
    if (findings.isEmpty()) {
      out.println("entity " + entity + ": no column looks like personal data");
    }
    for (PiiFinding finding : findings) {
      String rule = declared.column(finding.column()).map(ColumnSpec::pii).map(pii -> pii.method().equals("unset")
          ? "NO RULE: process will fail until you set pii = <method> or pii = none" : "pii = " + pii.method())
          .orElse("NOT DECLARED: declare it under entities." + entity + ".columns with a pii rule");
      out.printf("%s: %s (%s)%n    %s%n", finding.column(), finding.kind(), finding.evidence(), rule);
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
