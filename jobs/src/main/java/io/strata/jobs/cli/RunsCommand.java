package io.strata.jobs.cli;

import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.TextTable;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code strata runs [--last N]}: the run log, newest run first. */
@Command(name = "runs", description = "Print the latest runs from the run log: stage, target, status, rows, time, error.")
final class RunsCommand implements Callable<Integer> {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  @Mixin ConfigOptions options;

  @Option(names = "--last", paramLabel = "N", defaultValue = "10", description = "How many runs (default: ${DEFAULT-VALUE}).")
  int last;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    List<RunRecord> records = new RunLog(SparkSessionFactory.create(config), config.lake().layout()).recent(last);
    PrintWriter out = spec.commandLine().getOut();
    if (records.isEmpty()) {
      out.println("no runs logged yet under " + config.lake().layout().runLog(RunLog.TABLE));
    } else {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"run id", "run date", "stage", "target", "status", "rows read", "written", "quarantined", "started (UTC)",
          "time", "error"});
      for (RunRecord record : records) {
        rows.add(new String[] {record.runId(), record.runDate().toString(), record.stage(), record.target(), record.status().name(),
            String.format("%,d", record.rowsRead()), String.format("%,d", record.rowsWritten()), String.format("%,d", record.rowsQuarantined()),
            TIME.format(record.startedAt()), record.endedAt().isPresent() ? ResultTable.format(Duration.ofMillis(record.durationMillis())) : "",
            record.error().map(error -> error.lines().findFirst().orElse("")).orElse("")});
      }
      out.print(TextTable.render(rows, Set.of(5, 6, 7, 9)));
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }
}
