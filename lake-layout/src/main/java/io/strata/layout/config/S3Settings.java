package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How Spark reaches an S3 lake through Hadoop's S3A connector ({@code lake.s3}): the endpoint,
 * the credentials, server-side encryption and retries.
 *
 * @param credentials the credentials mode; empty when the config sets neither it nor keys, and
 *     then S3A's own provider list (or the cluster's {@code core-site.xml}) applies
 * @param assumedRole the role, with {@code credentials = assumed-role} only
 */
public record S3Settings(
    Optional<String> endpoint,
    String region,
    boolean pathStyleAccess,
    boolean sslEnabled,
    Optional<Secret> accessKey,
    Optional<Secret> secretKey,
    Optional<String> credentialsProvider,
    Optional<S3Credentials> credentials,
    Optional<AssumedRole> assumedRole,
    S3Encryption encryption,
    S3Retry retry) {

  public S3Settings {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(region, "region is null");
    requireNonNull(accessKey, "accessKey is null");
    requireNonNull(secretKey, "secretKey is null");
    requireNonNull(credentialsProvider, "credentialsProvider is null");
    requireNonNull(credentials, "credentials is null");
    requireNonNull(assumedRole, "assumedRole is null");
    requireNonNull(encryption, "encryption is null");
    requireNonNull(retry, "retry is null");
    if (assumedRole.isPresent() != credentials.equals(Optional.of(S3Credentials.ASSUMED_ROLE))) {
      throw new IllegalArgumentException("a role goes with credentials = assumed-role, and only with it");
    }
  }

  /** Settings with keys (static credentials) or without (S3A's own providers), no encryption, default retries. */
  public S3Settings(Optional<String> endpoint, String region, boolean pathStyleAccess, boolean sslEnabled,
      Optional<Secret> accessKey, Optional<Secret> secretKey, Optional<String> credentialsProvider) {
    this(endpoint, region, pathStyleAccess, sslEnabled, accessKey, secretKey, credentialsProvider,
        credentialsProvider.isEmpty() && accessKey.isPresent() ? Optional.of(S3Credentials.STATIC) : Optional.empty(),
        Optional.empty(), S3Encryption.none(), S3Retry.defaults());
  }

  public static S3Settings defaults() {
    return new S3Settings(Optional.empty(), "us-east-1", false, true, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** These settings with {@code encryption}. */
  public S3Settings withEncryption(S3Encryption encryption) {
    return new S3Settings(endpoint, region, pathStyleAccess, sslEnabled, accessKey, secretKey, credentialsProvider, credentials,
        assumedRole, encryption, retry);
  }

  /** These settings with {@code retry}. */
  public S3Settings withRetry(S3Retry retry) {
    return new S3Settings(endpoint, region, pathStyleAccess, sslEnabled, accessKey, secretKey, credentialsProvider, credentials,
        assumedRole, encryption, retry);
  }

  /** The credential and encryption settings for the effective-config listing; references only, never a secret. */
  List<String> describeSecurity() {
    List<String> lines = new ArrayList<>();
    credentials.ifPresent(mode -> lines.add("lake.s3.credentials = " + mode.configName()));
    credentialsProvider.ifPresent(provider -> lines.add("lake.s3.credentials-provider = " + provider));
    assumedRole.ifPresent(role -> lines.add("lake.s3.role-arn = " + role.roleArn()));
    if (encryption.algorithm() != S3Encryption.Algorithm.NONE) {
      lines.add("lake.s3.encryption = " + encryption.algorithm().configName());
    }
    encryption.kmsKeyId().ifPresent(key -> lines.add("lake.s3.kms-key-id = " + key.reference()));
    return lines;
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
    Optional<String> provider = reader.optionalString("credentials-provider");
    Optional<S3Credentials> credentials = parseCredentials(reader, provider.isPresent());
    Optional<AssumedRole> role = credentials.filter(S3Credentials.ASSUMED_ROLE::equals).map(mode -> AssumedRole.parse(reader));
    if (role.isEmpty()) {
      String mode = credentials.map(S3Credentials::configName).orElse("not set");
      for (String key : AssumedRole.KEYS) {
        if (reader.has(key)) {
          reader.problem(key, "is only used with credentials = assumed-role (" + reader.keyPath("credentials") + " is " + mode + ")",
              "set " + reader.keyPath("credentials") + " = assumed-role, or remove " + reader.keyPath(key));
        }
      }
    }
    S3Encryption encryption = S3Encryption.parse(reader);
    S3Retry retry = reader.section("retry", S3Retry::parse).orElse(S3Retry.defaults());
    return new S3Settings(
        endpoint,
        reader.string("region", "us-east-1"),
        reader.bool("path-style-access", false),
        reader.bool("ssl-enabled", true),
        accessKey,
        secretKey,
        provider,
        credentials,
        role,
        encryption,
        retry);
  }

  /** The mode the config names, checked against the keys; {@code static} when only keys are set. */
  private static Optional<S3Credentials> parseCredentials(SectionReader reader, boolean hasProvider) {
    boolean hasKeys = reader.has("access-key") || reader.has("secret-key");
    if (!reader.has("credentials")) {
      return hasKeys && !hasProvider ? Optional.of(S3Credentials.STATIC) : Optional.empty();
    }
    String name = reader.choice("credentials", "", S3Credentials.configNames());
    if (name.isEmpty()) {
      return Optional.empty();
    }
    S3Credentials mode = S3Credentials.of(name);
    if (hasProvider) {
      reader.problem("credentials-provider", "cannot be combined with " + reader.keyPath("credentials"),
          "remove one: credentials chooses one of " + String.join(", ", S3Credentials.configNames())
              + ", credentials-provider names an S3A credentials provider class");
    }
    if (mode == S3Credentials.STATIC && !hasKeys) {
      reader.problem("access-key", "is required with credentials = static",
          "set " + reader.keyPath("access-key") + " and " + reader.keyPath("secret-key") + " to secret references (\"env:NAME\"), "
              + "or use credentials = default-chain or assumed-role");
    }
    if (mode == S3Credentials.DEFAULT_CHAIN && hasKeys) {
      reader.problem(reader.has("access-key") ? "access-key" : "secret-key",
          "is set, but credentials = default-chain takes credentials from the environment, profile or instance role",
          "remove " + reader.keyPath("access-key") + " and " + reader.keyPath("secret-key") + ", or set "
              + reader.keyPath("credentials") + " = static");
    }
    return Optional.of(mode);
  }
}
