package io.strata.jobs.cli;

import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every subcommand shares. */
final class ConfigOptions {
  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The pipeline config (HOCON).")
  Path config;

  @Option(names = {"-v", "--verbose"}, description = "Show Spark's and Hadoop's log on the console and stack traces of errors.")
  boolean verbose;

  @Option(names = "--log-dir", paramLabel = "DIR", description = "Where the log file goes (default: $STRATA_LOG_DIR, else ./logs).")
  Path logDir;

  PipelineConfig load() {
    return PipelineConfigLoader.fromSystemEnvironment().load(config);
  }

  /** The config with its secret references checked for form only: for commands that read no source, lake or warehouse. */
  PipelineConfig loadWithoutSecretValues() {
    return new PipelineConfigLoader(System.getenv(), false).load(config);
  }
}
