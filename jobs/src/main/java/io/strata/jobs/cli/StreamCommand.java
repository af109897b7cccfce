package io.strata.jobs.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.strata.jobs.stream.StreamRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.util.ShutdownHookManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code strata stream}: Kafka sources into the lake continuously, until stopped. */
@Command(name = "stream", description = {
    "Read Kafka sources continuously into the raw layer (and, for entities with stream-process = true, through the process rules "
        + "into the processed layer), exactly once across restarts through a checkpoint in the lake (_state/streams/<source>).",
    "Stops on SIGTERM after the running micro-batch, after --until-idle without messages, or on a failure."})
final class StreamCommand implements Callable<Integer> {
  /** Above Spark's hooks (Hadoop priority 40), so the executor and the SparkContext outlive the running micro-batch. */
  private static final int STOP_PRIORITY = 50;
  /** How long a SIGTERM waits for the running micro-batches. */
  private static final Duration GRACE = Duration.ofMinutes(5);

  @Mixin ConfigOptions options;

  @Option(names = "--source", paramLabel = "NAME", description = "A Kafka source to stream (repeatable; default: every Kafka source).")
  List<String> sources = new ArrayList<>();

  @Option(names = "--trigger", paramLabel = "DURATION", defaultValue = "30s",
      description = "How often a micro-batch starts, e.g. 10s, 1m (default: ${DEFAULT-VALUE}).")
  String trigger;

  @Option(names = "--until-idle", paramLabel = "DURATION", description = "Stop once no source read a message for this long, e.g. 5m.")
  String untilIdle;

  @Option(names = "--log-every", paramLabel = "DURATION", defaultValue = "5m",
      description = "How often the run log gets a line per source with the rows of that interval (default: ${DEFAULT-VALUE}).")
  String logEvery;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    StreamRunner.Options settings = new StreamRunner.Options(sources, duration("--trigger", trigger),
        Optional.ofNullable(untilIdle).map(text -> duration("--until-idle", text)), duration("--log-every", logEvery));
    StreamRunner runner = new StreamRunner(spec.commandLine().getOut());
    Runnable stop = () -> {
      try {
        runner.requestStop(GRACE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    // Hadoop runs its shutdown hooks one after the other, highest priority first, each with its own
    // timeout. Spark's hooks (the local executor's, the SparkContext's) all run inside one of
    // priority 40 with Hadoop's default 30 s: this one runs before them, with the whole grace period.
    ShutdownHookManager.get().addShutdownHook(stop, STOP_PRIORITY, GRACE.toSeconds(), TimeUnit.SECONDS);
    try {
      return runner.run(options.load(), settings);
    } finally {
      if (!ShutdownHookManager.get().isShutdownInProgress()) {
        ShutdownHookManager.get().removeShutdownHook(stop);
      }
    }
  }

  /** {@code 30s}, {@code 5m}, {@code 500ms}, {@code 1h}: HOCON's duration syntax, as in the config. */
  private Duration duration(String option, String text) {
    try {
      Duration value = ConfigFactory.parseString("d = \"" + text.replace("\"", "") + "\"").getDuration("d");
      if (value.isNegative() || value.isZero()) {
        throw new ParameterException(spec.commandLine(), option + ": '" + text + "' must be longer than zero");
      }
      return value;
    } catch (ConfigException e) {
      throw new ParameterException(spec.commandLine(), option + ": '" + text + "' is not a duration; write e.g. 30s, 5m or 500ms");
    }
  }
}
