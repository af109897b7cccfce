package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * How Spark reaches an S3 lake through Hadoop's S3A connector ({@code lake.s3}). Without keys,
 * S3A's default credential chain (environment, profile, instance role) applies.
 */
public record S3Settings(
    Optional<String> endpoint,
    String region,
    boolean pathStyleAccess,
    boolean sslEnabled,
    Optional<Secret> accessKey,
    Optional<Secret> secretKey,
    Optional<String> credentialsProvider) {

  public S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(accessKey, "accessKey is null");
    requireNonNull(secretKey, "secretKey is null");
    requireNonNull(credentialsProvider, "credentialsProvider is null");
  }

  public static S3Settings defaults() {
    return new S3Settings(Optional.empty(), "us-east-1", false, true, Optional.empty(), Optional.empty(), Optional.empty());
  }

  static S3Settings parse(SectionReader reader) {
    Optional<String> endpoint = reader.optionalString("endpoint");
    endpoint.filter(value -> !value.startsWith("http://") && !value.startsWith("https://"))
        .ifPresent(value -> reader.problem("endpoint", "is '" + value + "', not an http:// or https:// URL",
            "write endpoint = \"https://s3.example.com\""));
    Optional<Secret> accessKey = reader.optionalSecret("access-key");
    Optional<Secret> secretKey = reader.optionalSecret("secret-key");
    if (reader.has("access-key") != reader.has("secret-key")) {
      String missing = reader.has("access-key") ? "secret-key" : "access-key";
      reader.problem(missing, "is needed with " + (missing.equals("secret-key") ? "access-key" : "secret-key"),
          "set both " + reader.keyPath("access-key") + " and " + reader.keyPath("secret-key") + ", or neither to use the default credential chain");
    }
    return new S3Settings(
        endpoint,
        reader.string("region", "us-east-1"),
        reader.bool("path-style-access", false),
        reader.bool("ssl-enabled", true),
        accessKey,
        secretKey,
        reader.optionalString("credentials-provider"));
  }
}
