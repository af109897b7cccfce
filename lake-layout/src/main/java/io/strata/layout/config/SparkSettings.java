package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * The {@code spark} section. {@code master} is used only when nothing else set one: under
 * {@code spark-submit} the {@code --master} flag wins.
 */
public record SparkSettings(Optional<String> master, String appName, int shufflePartitions, Map<String, String> conf) {
  public static final int DEFAULT_SHUFFLE_PARTITIONS = 8;

  public SparkSettings {
    requireNonNull(master, "master is null");
    requireNonNull(appName, "appName is null");
    conf = Map.copyOf(requireNonNull(conf, "conf is null"));
  }

  public static SparkSettings defaults() {
    return new SparkSettings(Optional.of("local[*]"), "strata", DEFAULT_SHUFFLE_PARTITIONS, Map.of());
  }

  static SparkSettings parse(SectionReader reader) {
    Map<String, String> conf = reader.stringMap("conf");
    conf.keySet().stream().filter(key -> !key.startsWith("spark.")).forEach(key ->
        reader.problem("conf", "has '" + key + "', which is not a Spark setting", "Spark settings start with 'spark.'"));
    return new SparkSettings(
        Optional.of(reader.string("master", "local[*]")),
        reader.string("app-name", "strata"),
        reader.integer("shuffle-partitions", DEFAULT_SHUFFLE_PARTITIONS, 1, 100_000),
        conf);
  }
}
