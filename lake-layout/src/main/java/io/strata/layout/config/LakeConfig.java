package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The {@code lake} section: where the lake lives, how to reach it, how long each layer keeps data,
 * how {@code maintain} tidies it, who may read the files Strata writes there, and how runs lock
 * their stages ({@code lake.lock}).
 *
 * @param umask the Hadoop umask (octal, e.g. {@code 077}) for what Strata writes on a local or
 *     HDFS lake; empty ({@code lake.umask = inherit}) keeps the cluster's own setting
 */
public record LakeConfig(URI root, S3Settings s3, Map<Layer, OptionalInt> retentionDays, MaintenanceConfig maintenance,
    Optional<String> umask, LockConfig lock) {
  /** Owner-only: the raw layer and the quarantine hold unmasked PII. */
  public static final String DEFAULT_UMASK = "077";

  public LakeConfig {
    requireNonNull(root, "root is null");
    requireNonNull(s3, "s3 is null");
    retentionDays = Map.copyOf(requireNonNull(retentionDays, "retentionDays is null"));
    requireNonNull(maintenance, "maintenance is null");
    requireNonNull(umask, "umask is null");
    requireNonNull(lock, "lock is null");
  }

  /** A lake whose files only their owner may read, with the default lock settings. */
  public LakeConfig(URI root, S3Settings s3, Map<Layer, OptionalInt> retentionDays, MaintenanceConfig maintenance) {
    this(root, s3, retentionDays, maintenance, Optional.of(DEFAULT_UMASK), LockConfig.defaults());
  }

  /** With this umask and the default lock settings. */
  public LakeConfig(URI root, S3Settings s3, Map<Layer, OptionalInt> retentionDays, MaintenanceConfig maintenance, Optional<String> umask) {
    this(root, s3, retentionDays, maintenance, umask, LockConfig.defaults());
  }

  /** Owner-only files, with these lock settings. */
  public LakeConfig(URI root, S3Settings s3, Map<Layer, OptionalInt> retentionDays, MaintenanceConfig maintenance, LockConfig lock) {
    this(root, s3, retentionDays, maintenance, Optional.of(DEFAULT_UMASK), lock);
  }

  /** A lake with the default maintenance settings. */
  public LakeConfig(URI root, S3Settings s3, Map<Layer, OptionalInt> retentionDays) {
    this(root, s3, retentionDays, MaintenanceConfig.defaults());
  }

  /** Days {@code layer} keeps data; empty when it is kept as long as the pipeline lives. */
  public OptionalInt retentionDays(Layer layer) {
    return retentionDays.getOrDefault(layer, layer.defaultRetentionDays());
  }

  public LakeLayout layout() {
    return new LakeLayout(root);
  }

  static LakeConfig parse(SectionReader reader) {
    URI root = parseRoot(reader);
    S3Settings s3 = reader.section("s3", S3Settings::parse).orElse(S3Settings.defaults());
    Map<Layer, OptionalInt> retention = new EnumMap<>(Layer.class);
    Optional<SectionReader> retentionSection = reader.subsection("retention-days");
    for (Layer layer : Layer.values()) {
      if (layer == Layer.STATE) {
        retentionSection.filter(section -> section.has(layer.configName())).ifPresent(section -> section.problem(layer.configName(),
            "cannot be set: watermarks and file ledgers are kept as long as the pipeline lives",
            "remove lake.retention-days.state"));
        retention.put(layer, OptionalInt.empty());
        continue;
      }
      OptionalInt days = retentionSection.filter(section -> section.has(layer.configName()))
          .map(section -> OptionalInt.of(section.integer(layer.configName(), 1, 1, 36_500)))
          .orElse(layer.defaultRetentionDays());
      retention.put(layer, days);
    }
    retentionSection.ifPresent(SectionReader::finish);
    MaintenanceConfig maintenance = reader.section("maintenance", MaintenanceConfig::parse).orElse(MaintenanceConfig.defaults());
    Optional<String> umask = parseUmask(reader);
    LockConfig lock = reader.section("lock", LockConfig::parse).orElse(LockConfig.defaults());
    return new LakeConfig(root, s3, retention, maintenance, umask, lock);
  }

  /** Octal digits; HOCON reads an unquoted {@code 077} as the number 77, so missing leading zeros are put back. */
  private static Optional<String> parseUmask(SectionReader reader) {
    String text = reader.string("umask", DEFAULT_UMASK);
    if (text.equalsIgnoreCase("inherit")) {
      return Optional.empty();
    }
    if (!text.matches("[0-7]{1,4}")) {
      reader.problem("umask", "is '" + text + "', which is neither an octal umask nor inherit",
          "write lake.umask = \"077\" (owner only, the default), \"027\" (group may read) or inherit (the cluster's fs.permissions.umask-mode)");
      return Optional.of(DEFAULT_UMASK);
    }
    return Optional.of("0".repeat(Math.max(0, 3 - text.length())) + text);
  }

  private static URI parseRoot(SectionReader reader) {
    String text = reader.requiredString("root",
        "set lake.root to a local path, file:///path or s3a://bucket/prefix");
    URI placeholder = URI.create("file:///lake-root-not-set");
    if (text.isEmpty()) {
      return placeholder;
    }
    if (text.startsWith("s3://") || text.startsWith("s3n://")) {
      reader.problem("root", "uses " + text.substring(0, text.indexOf(':')) + "://, which Spark's Hadoop does not serve",
          "write s3a://" + text.substring(text.indexOf("//") + 2));
      return placeholder;
    }
    if (text.startsWith("s3a://") || text.startsWith("file:")) {
      try {
        URI uri = new URI(text);
        if (uri.getScheme().equals("s3a") && (uri.getHost() == null || uri.getHost().isEmpty())) {
          reader.problem("root", "names no bucket", "write s3a://bucket/prefix");
          return placeholder;
        }
        return uri;
      } catch (URISyntaxException e) {
        reader.problem("root", "is not a valid URI (" + e.getReason() + ")", "write s3a://bucket/prefix or file:///path");
        return placeholder;
      }
    }
    if (text.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
      reader.problem("root", "uses an unsupported scheme", "use a local path, file:///path or s3a://bucket/prefix");
      return placeholder;
    }
    // A plain path: relative to the config file that set it, so the config works from any directory.
    Path path = Path.of(text);
    if (!path.isAbsolute()) {
      path = reader.directoryOf("root").orElse(Path.of("").toAbsolutePath()).resolve(path);
    }
    return path.normalize().toUri();
  }
}
