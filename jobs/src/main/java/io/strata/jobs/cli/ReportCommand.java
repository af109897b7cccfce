package io.strata.jobs.cli;

import io.strata.jobs.report.RunReport;
import io.strata.jobs.report.RunReportCollector;
import io.strata.jobs.report.RunReportHtml;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.config.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata report}: the HTML run report of the latest runs, with the trends of the recent ones. */
@Command(name = "report", description = "Write the HTML run report: trends over the recent runs, then the latest runs' stages, rows, checks and SCD2 versions.")
final class ReportCommand implements Callable<Integer> {
  @Mixin ConfigOptions options;

  @Option(names = "--runs", paramLabel = "N", defaultValue = "1", description = "Show the details of the last N runs (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--output", paramLabel = "FILE", defaultValue = "strata-report.html", description = "Where to write it (default: ${DEFAULT-VALUE}).")
  Path output;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    SparkSession spark = SparkSessionFactory.create(config);
    Set<String> runIds = new LinkedHashSet<>();
    new RunLog(spark, config.lake().layout()).recent(Math.max(1, runs)).stream().map(RunRecord::runId).forEach(runIds::add);
    RunReport report = new RunReportCollector(spark, config).collect(runIds);
    try {
      Files.writeString(output, RunReportHtml.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run report " + output, e);
    }
    spec.commandLine().getOut().printf("report: %s (%d run(s) in detail, trends over %d)%n", output.toAbsolutePath(), runIds.size(),
        report.trends().size());
    return 0;
  }
}
