package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Files under a Hadoop path or glob ({@code file://}, {@code s3a://}, or a local path relative to
 * the config file). Reader {@code options} go to Spark's reader as they are (header, sep, quote,
 * encoding, dateFormat, multiLine ...).
 *
 * @param maxBadRecords malformed records tolerated per run before the stage fails; they are
 *     quarantined either way
 */
public record FileSourceConfig(
    String name,
    String entity,
    String path,
    String format,
    Map<String, String> options,
    Optional<String> schema,
    long maxBadRecords) implements SourceConfig {

  public static final List<String> FORMATS = List.of("csv", "json", "parquet");

  public FileSourceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(path, "path is null");
    requireNonNull(format, "format is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    requireNonNull(schema, "schema is null");
  }

  @Override
  public String type() {
    return "file";
  }

  static FileSourceConfig parse(String name, String entity, SectionReader reader) {
    String path = reader.requiredString("path", "write path = \"data/orders/*.csv\" (a local path, file:// or s3a:// URI; globs allowed)");
    if (!path.isEmpty() && !path.matches("[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
      Path local = Path.of(path);
      if (!local.isAbsolute()) {
        local = reader.directoryOf("path").orElse(Path.of("").toAbsolutePath()).resolve(local);
      }
      path = "file://" + local.normalize();
    } else if (path.startsWith("s3://")) {
      reader.problem("path", "uses s3://, which Spark's Hadoop does not serve", "write s3a://" + path.substring(5));
    }
    String format = reader.choice("format", "csv", FORMATS);
    Map<String, String> options = reader.stringMap("options");
    long maxBad = reader.integer("max-bad-records", 0, 0, Integer.MAX_VALUE);
    return new FileSourceConfig(name, entity, path, format, options, reader.optionalString("schema"), maxBad);
  }
}
