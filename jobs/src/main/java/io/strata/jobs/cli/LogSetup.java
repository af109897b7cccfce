package io.strata.jobs.cli;

import io.strata.jobs.stage.Stage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;

/**
 * Sends Spark's and Hadoop's log to a file so the console shows Strata's own words; with
 * {@code --verbose} the log stays on the console. Uses the log4j2 that Spark brings.
 */
final class LogSetup {
  private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level %c{1.}: %msg%n%throwable";

  private static volatile boolean toFile;

  private LogSetup() {}

  /**
   * Configures logging for a command line before picocli parses it (Spark may log first), and
   * returns the log file when one is used. Commands that do not start Spark keep the default.
   */
  static Optional<Path> fromArguments(String[] args) {
    List<String> arguments = Arrays.asList(args);
    boolean startsSpark = arguments.contains("run") || arguments.contains("runs") || arguments.contains("pii-scan")
        || arguments.contains("demo") || arguments.contains("warehouse")
        || Arrays.stream(Stage.values()).anyMatch(stage -> arguments.contains(stage.cliName()));
    if (!startsSpark || arguments.contains("--verbose") || arguments.contains("-v")
        || arguments.contains("--help") || arguments.contains("-h")) {
      return Optional.empty();
    }
    Path directory = optionValue(arguments, "--log-dir").map(Path::of)
        .or(() -> Optional.ofNullable(System.getenv("STRATA_LOG_DIR")).map(Path::of))
        .orElse(Path.of("logs"));
    Path file = directory.toAbsolutePath().normalize().resolve(
        "strata-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now(ZoneOffset.UTC)) + ".log");
    try {
      Files.createDirectories(directory);
    } catch (java.io.IOException e) {
      System.err.println("strata: cannot create log directory " + directory + " (" + e.getMessage() + "); logging to the console");
      return Optional.empty();
    }
    Configurator.reconfigure(fileConfiguration(file));
    toFile = true;
    return Optional.of(file);
  }

  /** Keeps the stack trace of a failure in the log file; the console already has the message. */
  static void logFailure(Exception e) {
    if (toFile) {
      LogManager.getLogger("io.strata").error("command failed", e);
    }
  }

  private static BuiltConfiguration fileConfiguration(Path file) {
    ConfigurationBuilder<BuiltConfiguration> builder = ConfigurationBuilderFactory.newConfigurationBuilder();
    builder.setStatusLevel(Level.ERROR);
    builder.setConfigurationName("strata-file");
    builder.add(builder.newAppender("file", "File")
        .addAttribute("fileName", file.toString())
        .add(builder.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
    builder.add(builder.newRootLogger(Level.INFO).add(builder.newAppenderRef("file")));
    // The noisiest of Spark's dependencies, even for a log file.
    builder.add(builder.newLogger("org.sparkproject.jetty", Level.WARN));
    builder.add(builder.newLogger("org.apache.parquet", Level.WARN));
    return builder.build();
  }

  private static Optional<String> optionValue(List<String> arguments, String name) {
    for (int i = 0; i < arguments.size(); i++) {
      String argument = arguments.get(i);
      if (argument.equals(name) && i + 1 < arguments.size()) {
        return Optional.of(arguments.get(i + 1));
      }
      if (argument.startsWith(name + "=")) {
        return Optional.of(argument.substring(name.length() + 1));
      }
    }
    return Optional.empty();
  }
}
