package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code lineage} section: where OpenLineage run events go (an HTTP endpoint such as
 * Marquez's, or a file of one event per line) and the namespace of Strata's jobs.
 */
public record LineageConfig(Optional<URI> url, String endpoint, Optional<Secret> apiKey, Optional<Path> file, String namespace, Duration timeout) {
  public LineageConfig {
    requireNonNull(url, "url is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(apiKey, "apiKey is null");
    requireNonNull(file, "file is null");
    requireNonNull(namespace, "namespace is null");
    requireNonNull(timeout, "timeout is null");
  }

  public static LineageConfig none() {
    return new LineageConfig(Optional.empty(), "api/v1/lineage", Optional.empty(), Optional.empty(), "strata", Duration.ofSeconds(5));
  }

  public boolean isActive() {
    return url.isPresent() || file.isPresent();
  }

  static LineageConfig parse(SectionReader reader, String pipeline) {
    // enabled = false keeps the section and sends nothing (e.g. enabled = ${?LINEAGE_ON} per environment).
    boolean enabled = reader.bool("enabled", true);
    Optional<URI> url = reader.optionalString("url").flatMap(text -> {
      try {
        URI uri = URI.create(text);
        if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null && uri.getUserInfo() == null) {
          return Optional.of(uri);
        }
      } catch (IllegalArgumentException e) {
        // reported below
      }
      reader.problem("url", "is not an http:// or https:// URL with a host and without credentials",
          "write url = \"http://marquez:5000\" and give a key as api-key = \"env:OPENLINEAGE_API_KEY\"");
      return Optional.empty();
    });
    String endpoint = reader.string("endpoint", "api/v1/lineage");
    Optional<Secret> apiKey = reader.has("api-key")
        ? Optional.of(reader.requiredDeferredSecret("api-key", "write api-key = \"env:OPENLINEAGE_API_KEY\"")) : Optional.empty();
    Optional<Path> file = reader.optionalString("file").map(text -> reader.directoryOf("file").map(dir -> dir.resolve(text)).orElse(Path.of(text)));
    if (enabled && !reader.has("url") && !reader.has("file")) {
      reader.problem("url", "is not set, and neither is file: the events would go nowhere",
          "write url = \"http://marquez:5000\" (an OpenLineage HTTP endpoint) or file = \"lineage/events.jsonl\"");
    }
    String namespace = reader.string("namespace", pipeline);
    Duration timeout = reader.duration("timeout", Duration.ofSeconds(5), Duration.ofMillis(100));
    return enabled ? new LineageConfig(url, endpoint, apiKey, file, namespace, timeout)
        : new LineageConfig(Optional.empty(), endpoint, Optional.empty(), Optional.empty(), namespace, timeout);
  }
}
