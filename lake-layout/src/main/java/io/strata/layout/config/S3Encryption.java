package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Server-side encryption of what Strata writes to an S3 lake ({@code lake.s3.encryption}).
 * {@code none} sends no encryption header, so the bucket's default encryption applies.
 *
 * @param kmsKeyId the KMS key for {@code sse-kms}: a key id, key ARN or alias, or a secret reference
 */
public record S3Encryption(Algorithm algorithm, Optional<Secret> kmsKeyId) {
  /** A KMS key id (UUID or multi-Region {@code mrk-}), an alias, or a key or alias ARN. */
  private static final Pattern KMS_KEY = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
          + "|mrk-[0-9a-fA-F]{32}"
          + "|alias/[A-Za-z0-9/_-]{1,250}"
          + "|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]+|alias/[A-Za-z0-9/_-]{1,250})");

  public enum Algorithm {
    NONE("none", ""),
    SSE_S3("sse-s3", "AES256"),
    SSE_KMS("sse-kms", "SSE-KMS");

    private final String configName;
    private final String s3aName;

    Algorithm(String configName, String s3aName) {
      this.configName = configName;
      this.s3aName = s3aName;
    }

    public String configName() {
      return configName;
    }

    /** The value of S3A's {@code fs.s3a.encryption.algorithm} (S3A names SSE-S3 by its header value, AES256). */
    public String s3aName() {
      return s3aName;
    }

    static Algorithm of(String configName) {
      for (Algorithm algorithm : values()) {
        if (algorithm.configName.equals(configName)) {
          return algorithm;
        }
      }
      throw new IllegalArgumentException("unknown encryption " + configName);
    }
  }

  public S3Encryption {
    requireNonNull(algorithm, "algorithm is null");
    requireNonNull(kmsKeyId, "kmsKeyId is null");
    if (kmsKeyId.isPresent() != (algorithm == Algorithm.SSE_KMS)) {
      throw new IllegalArgumentException("a KMS key goes with sse-kms, and only with it");
    }
  }

  public static S3Encryption none() {
    return new S3Encryption(Algorithm.NONE, Optional.empty());
  }

  public static S3Encryption sseS3() {
    return new S3Encryption(Algorithm.SSE_S3, Optional.empty());
  }

  public static S3Encryption sseKms(Secret keyId) {
    return new S3Encryption(Algorithm.SSE_KMS, Optional.of(keyId));
  }

  static S3Encryption parse(SectionReader reader) {
    List<String> names = java.util.Arrays.stream(Algorithm.values()).map(Algorithm::configName).toList();
    Algorithm algorithm = Algorithm.of(reader.choice("encryption", "none", names));
    Optional<Secret> key = kmsKeyId(reader);
    if (algorithm == Algorithm.SSE_KMS && key.isEmpty()) {
      if (!reader.has("kms-key-id")) {
        reader.problem("kms-key-id", "is required with encryption = sse-kms",
            "set " + reader.keyPath("kms-key-id") + " to the KMS key's id, ARN or alias (e.g. \"alias/strata-lake\"), "
                + "or a secret reference such as \"env:LAKE_KMS_KEY_ID\"; or use encryption = sse-s3");
      }
      return new S3Encryption(algorithm, Optional.of(Secret.of("invalid", "")));
    }
    if (algorithm != Algorithm.SSE_KMS && reader.has("kms-key-id")) {
      reader.problem("kms-key-id", "is set, but " + reader.keyPath("encryption") + " is " + algorithm.configName()
          + "; only sse-kms uses a key", "set " + reader.keyPath("encryption") + " = sse-kms, or remove "
          + reader.keyPath("kms-key-id"));
      return new S3Encryption(algorithm, Optional.empty());
    }
    return new S3Encryption(algorithm, key);
  }

  /** A literal key id (not a secret: it names a key, it is not one), or a secret reference. */
  private static Optional<Secret> kmsKeyId(SectionReader reader) {
    Optional<String> text = reader.optionalString("kms-key-id");
    if (text.isEmpty()) {
      return Optional.empty();
    }
    String value = text.get();
    if (value.startsWith("env:") || value.startsWith("secret:") || value.startsWith("file:")) {
      return reader.optionalSecret("kms-key-id");
    }
    if (!KMS_KEY.matcher(value).matches()) {
      reader.problem("kms-key-id", "is '" + value + "', not a KMS key id, key ARN or alias",
          "write the key's id (1234abcd-12ab-34cd-56ef-1234567890ab), ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) "
              + "or alias (alias/NAME), or a secret reference such as \"env:LAKE_KMS_KEY_ID\"");
      return Optional.empty();
    }
    return Optional.of(Secret.of(value, value));
  }
}
