package io.strata.layout.config;

import java.util.Arrays;
import java.util.List;

/** Where S3A gets the lake's AWS credentials ({@code lake.s3.credentials}). */
public enum S3Credentials {
  /** The AWS SDK's default chain: environment, system properties, web identity (EKS), profile, container, instance role. */
  DEFAULT_CHAIN("default-chain"),
  /** {@code lake.s3.access-key} and {@code lake.s3.secret-key}. */
  STATIC("static"),
  /** An IAM role assumed through STS ({@code lake.s3.role-arn}). */
  ASSUMED_ROLE("assumed-role");

  private final String configName;

  S3Credentials(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  static List<String> configNames() {
    return Arrays.stream(values()).map(S3Credentials::configName).toList();
  }

  static S3Credentials of(String configName) {
    return Arrays.stream(values()).filter(value -> value.configName.equals(configName)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown credentials " + configName));
  }
}
