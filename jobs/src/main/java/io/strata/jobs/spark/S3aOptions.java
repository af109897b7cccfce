package io.strata.jobs.spark;

import io.strata.layout.config.AssumedRole;
import io.strata.layout.config.S3Credentials;
import io.strata.layout.config.S3Encryption;
import io.strata.layout.config.S3Retry;
import io.strata.layout.config.S3Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hadoop S3A settings (without the {@code spark.hadoop.} prefix) for the lake's {@code lake.s3} section. */
public final class S3aOptions {
  static final String SIMPLE_CREDENTIALS = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";
  static final String ASSUMED_ROLE_CREDENTIALS = "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider";
  /** The AWS SDK v2's own default chain (S3A builds it through its static {@code create()}). */
  static final String DEFAULT_CHAIN_CREDENTIALS = "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider";

  private S3aOptions() {}

  public static Map<String, String> hadoopOptions(S3Settings s3) {
    Map<String, String> options = new LinkedHashMap<>();
    s3.endpoint().ifPresent(endpoint -> options.put("fs.s3a.endpoint", endpoint));
    options.put("fs.s3a.endpoint.region", s3.region());
    options.put("fs.s3a.path.style.access", String.valueOf(s3.pathStyleAccess()));
    options.put("fs.s3a.connection.ssl.enabled", String.valueOf(s3.sslEnabled()));
    s3.accessKey().ifPresent(key -> options.put("fs.s3a.access.key", key.reveal()));
    s3.secretKey().ifPresent(key -> options.put("fs.s3a.secret.key", key.reveal()));
    credentials(s3, options);
    encryption(s3.encryption(), options);
    retry(s3.retry(), options);
    return options;
  }

  private static void credentials(S3Settings s3, Map<String, String> options) {
    if (s3.credentialsProvider().isPresent()) {
      options.put("fs.s3a.aws.credentials.provider", s3.credentialsProvider().get());
      return;
    }
    if (s3.credentials().isEmpty()) {
      return; // S3A's own provider list, or what the cluster's core-site.xml says
    }
    S3Credentials mode = s3.credentials().get();
    switch (mode) {
      case STATIC -> options.put("fs.s3a.aws.credentials.provider", SIMPLE_CREDENTIALS);
      case DEFAULT_CHAIN -> options.put("fs.s3a.aws.credentials.provider", DEFAULT_CHAIN_CREDENTIALS);
      case ASSUMED_ROLE -> assumedRole(s3, s3.assumedRole().orElseThrow(), options);
    }
  }

  private static void assumedRole(S3Settings s3, AssumedRole role, Map<String, String> options) {
    options.put("fs.s3a.aws.credentials.provider", ASSUMED_ROLE_CREDENTIALS);
    options.put("fs.s3a.assumed.role.arn", role.roleArn());
    role.sessionName().ifPresent(name -> options.put("fs.s3a.assumed.role.session.name", name));
    role.externalId().ifPresent(id -> options.put("fs.s3a.assumed.role.external.id", id));
    role.stsEndpoint().ifPresent(endpoint -> {
      options.put("fs.s3a.assumed.role.sts.endpoint", endpoint);
      options.put("fs.s3a.assumed.role.sts.endpoint.region", s3.region());
    });
    // The credentials that call STS: the lake's keys when set, else the default chain (an instance or pod role).
    options.put("fs.s3a.assumed.role.credentials.provider", s3.accessKey().isPresent() ? SIMPLE_CREDENTIALS : DEFAULT_CHAIN_CREDENTIALS);
  }

  private static void encryption(S3Encryption encryption, Map<String, String> options) {
    if (encryption.algorithm() == S3Encryption.Algorithm.NONE) {
      return; // no header: the bucket's default encryption applies
    }
    options.put("fs.s3a.encryption.algorithm", encryption.algorithm().s3aName());
    encryption.kmsKeyId().ifPresent(key -> options.put("fs.s3a.encryption.key", key.reveal()));
  }

  private static void retry(S3Retry retry, Map<String, String> options) {
    options.put("fs.s3a.retry.limit", String.valueOf(retry.limit()));
    options.put("fs.s3a.retry.interval", retry.interval().toMillis() + "ms");
    options.put("fs.s3a.retry.throttle.limit", String.valueOf(retry.throttleLimit()));
    options.put("fs.s3a.retry.throttle.interval", retry.throttleInterval().toMillis() + "ms");
    options.put("fs.s3a.attempts.maximum", String.valueOf(retry.sdkAttempts()));
  }
}
