package io.strata.jobs.cli;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.strata.jobs.stream.StreamRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.spark.util.ShutdownHookManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import scala.runtime.AbstractFunction0;
import scala.runtime.BoxedUnit;

/** {@code strata stream}: Kafka sources into the lake continuously, until stopped. */
@Command(name = "stream", description = {
    "Read Kafka sources continuously into the raw layer (and, for entities with stream-process = true, through the process rules "
        + "into the processed layer), exactly once across restarts through a checkpoint in the lake (_state/streams/<source>).",
    "Stops on SIGTERM after the running micro-batch, after --until-idle without messages, or on a failure."})
final class StreamCommand implements Callable<Integer> {
  /** Before Spark's own hook stops the SparkContext (priority 50), so the running micro-batch can finish. */
  private static final int STOP_PRIORITY = 60;

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
    Object hook = ShutdownHookManager.addShutdownHook(STOP_PRIORITY, new AbstractFunction0<BoxedUnit>() {
      @Override
      public BoxedUnit apply() {
        try {
          runner.requestStop(Duration.ofMinutes(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return BoxedUnit.UNIT;
      }
    });
    try {
      return runner.run(options.load(), settings);
    } finally {
      ShutdownHookManager.removeShutdownHook(hook);
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
