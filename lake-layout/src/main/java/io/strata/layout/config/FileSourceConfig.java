package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Files under a Hadoop path or glob ({@code file://}, {@code s3a://}, or a local path relative to
 * the config file). Reader {@code options} go to Spark's reader as they are (header, sep, quote,
 * dateFormat, multiLine ...).
 *
 * @param maxBadRecords malformed records tolerated per run before the stage fails; they are
 *     quarantined either way
 * @param encoding the character set of CSV and JSON files (default UTF-8); records whose bytes do
 *     not decode in it are quarantined, never changed
 * @param encodingErrors what goes to quarantine when bytes do not decode: the record, or every
 *     record of its file
 */
public record FileSourceConfig(
    String name,
    String entity,
    String path,
    String format,
    Map<String, String> options,
    Optional<String> schema,
    long maxBadRecords,
    Charset encoding,
    EncodingErrors encodingErrors) implements SourceConfig {

  public static final List<String> FORMATS = List.of("csv", "json", "parquet");

  /** What the quarantine takes when a file's bytes do not decode in the declared {@code encoding}. */
  public enum EncodingErrors {
    QUARANTINE_ROW, QUARANTINE_FILE;

    public String configName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** A UTF-8 source whose undecodable records are quarantined one by one. */
  public FileSourceConfig(String name, String entity, String path, String format, Map<String, String> options, Optional<String> schema,
      long maxBadRecords) {
    this(name, entity, path, format, options, schema, maxBadRecords, StandardCharsets.UTF_8, EncodingErrors.QUARANTINE_ROW);
  }

  public FileSourceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(path, "path is null");
    requireNonNull(format, "format is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
    requireNonNull(schema, "schema is null");
    requireNonNull(encoding, "encoding is null");
    requireNonNull(encodingErrors, "encodingErrors is null");
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
    Map<String, String> options = new LinkedHashMap<>(reader.stringMap("options"));
    long maxBad = reader.integer("max-bad-records", 0, 0, Integer.MAX_VALUE);
    Charset encoding = encoding(reader, options);
    String errors = reader.choice("encoding-errors", EncodingErrors.QUARANTINE_ROW.configName(),
        List.of(EncodingErrors.QUARANTINE_ROW.configName(), EncodingErrors.QUARANTINE_FILE.configName()));
    if (format.equals("parquet") && (reader.has("encoding") || reader.has("encoding-errors"))) {
      reader.problem(reader.has("encoding") ? "encoding" : "encoding-errors", "does not apply to Parquet, whose text is always UTF-8",
          "remove it, or set format = csv or json");
    }
    return new FileSourceConfig(name, entity, path, format, options, reader.optionalString("schema"), maxBad, encoding,
        EncodingErrors.valueOf(errors.toUpperCase(Locale.ROOT).replace('-', '_')));
  }

  /**
   * {@code encoding}, or Spark's own {@code options.encoding}/{@code options.charset} (taken out of
   * the options, so that the reader gets the one value Strata checks against).
   */
  private static Charset encoding(SectionReader reader, Map<String, String> options) {
    Optional<String> declared = reader.optionalString("encoding");
    for (String sparkName : List.of("encoding", "charset")) {
      String fromOptions = options.remove(sparkName);
      if (fromOptions == null) {
        continue;
      }
      if (declared.isPresent() && !declared.get().equalsIgnoreCase(fromOptions)) {
        reader.problem("encoding", "is '" + declared.get() + "' but options." + sparkName + " is '" + fromOptions + "'",
            "set the encoding once, in " + reader.keyPath("encoding"));
      }
      declared = declared.or(() -> Optional.of(fromOptions));
    }
    if (declared.isEmpty()) {
      return StandardCharsets.UTF_8;
    }
    try {
      if (Charset.isSupported(declared.get())) {
        return Charset.forName(declared.get());
      }
    } catch (IllegalCharsetNameException e) {
      // reported below
    }
    reader.problem("encoding", "is '" + declared.get() + "', which is not a character set this Java knows",
        "use a name such as UTF-8, ISO-8859-1, windows-1252, UTF-16 or Shift_JIS");
    return StandardCharsets.UTF_8;
  }
}
