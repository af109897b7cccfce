package io.strata.jobs.spark;

import io.strata.layout.config.S3Settings;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hadoop S3A settings (without the {@code spark.hadoop.} prefix) for the lake's {@code lake.s3} section. */
public final class S3aOptions {
  static final String SIMPLE_CREDENTIALS = "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider";

  private S3aOptions() {}

  public static Map<String, String> hadoopOptions(S3Settings s3) {
    Map<String, String> options = new LinkedHashMap<>();
    s3.endpoint().ifPresent(endpoint -> options.put("fs.s3a.endpoint", endpoint));
    options.put("fs.s3a.endpoint.region", s3.region());
    options.put("fs.s3a.path.style.access", String.valueOf(s3.pathStyleAccess()));
    options.put("fs.s3a.connection.ssl.enabled", String.valueOf(s3.sslEnabled()));
    s3.accessKey().ifPresent(key -> options.put("fs.s3a.access.key", key.reveal()));
    s3.secretKey().ifPresent(key -> options.put("fs.s3a.secret.key", key.reveal()));
    if (s3.credentialsProvider().isPresent()) {
      options.put("fs.s3a.aws.credentials.provider", s3.credentialsProvider().get());
    } else if (s3.accessKey().isPresent()) {
      options.put("fs.s3a.aws.credentials.provider", SIMPLE_CREDENTIALS);
    }
    return options;
  }
}
