package io.strata.jobs.cli;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.ingest.state.StateEntry;
import io.strata.jobs.ingest.state.StateHistory;
import io.strata.jobs.spark.S3aOptions;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.hadoop.conf.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code strata state show|reset|set --source NAME}: a source's watermark or file ledger, without Spark. */
@Command(name = "state", description = "Show or change a source's ingest state (watermark, cursor, file ledger).")
final class StateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "ACTION", description = "show, reset or set")
  String action;

  @Mixin ConfigOptions options;

  @Option(names = "--source", required = true, paramLabel = "NAME", description = "The source.")
  String source;

  @Option(names = "--value", paramLabel = "KEY=VALUE", description = "set: a state value, e.g. watermark=2026-03-01T00:00:00Z or, for a Kafka source, orders:0=42 "
      + "(the next offset of partition 0 of topic orders); repeatable, keys not given keep their value.")
  Map<String, String> values = new TreeMap<>();

  @Option(names = "--history", description = "show: every committed state, oldest first.")
  boolean history;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PipelineConfig config = options.load();
    if (!config.sources().containsKey(source)) {
      throw new StrataException("--source " + source + ": no such source in the config; sources: " + String.join(", ", config.sources().keySet()));
    }
    Configuration hadoop = new Configuration();
    S3aOptions.hadoopOptions(config.lake().s3()).forEach(hadoop::set);
    SourceStateStore store = new SourceStateStore(config.lake().layout(), hadoop);
    PrintWriter out = spec.commandLine().getOut();
    switch (action) {
      case "show" -> {
        StateHistory states = store.history(source);
        if (states.entries().isEmpty()) {
          out.println("source " + source + ": no state yet (the next run reads from the beginning)");
        } else if (history) {
          states.entries().forEach(entry -> print(out, entry));
        } else {
          print(out, states.last().orElseThrow());
        }
      }
      case "reset" -> {
        StateEntry entry = store.reset(source);
        out.println("source " + source + ": state reset (entry " + entry.sequence() + "); the next run reads from the beginning");
      }
      case "set" -> {
        if (values.isEmpty()) {
          throw new picocli.CommandLine.ParameterException(spec.commandLine(), "state set needs at least one --value KEY=VALUE");
        }
        // Keys not given keep their value: one partition of a Kafka source can move alone.
        SourceState merged = store.latest(source);
        for (Map.Entry<String, String> value : values.entrySet()) {
          merged = merged.with(value.getKey(), value.getValue());
        }
        StateEntry entry = store.set(source, merged);
        out.println("source " + source + ": state set (entry " + entry.sequence() + "): " + entry.after().values());
      }
      default -> throw new picocli.CommandLine.ParameterException(spec.commandLine(),
          "unknown action '" + action + "'; use show, reset or set");
    }
    out.flush();
    return ExitCodes.SUCCESS;
  }

  private static void print(PrintWriter out, StateEntry entry) {
    out.printf("#%d %s%s by %s at %s%n", entry.sequence(), entry.kind().name().toLowerCase(java.util.Locale.ROOT),
        entry.runDate().map(date -> " of run date " + date).orElse(""), entry.runId(), entry.committedAt());
    entry.after().values().forEach((key, value) -> out.println("  " + key + " = " + value));
  }
}
