package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.config.PipelineConfigLoader;
import io.strata.layout.config.S3Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** From {@code lake.s3} as a user writes it to the S3A settings Spark gets. */
class S3aOptionsTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/strata-lake";
  private static final String KMS_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @TempDir Path dir;

  private Map<String, String> options(String s3, Map<String, String> env) throws IOException {
    Path file = Files.writeString(dir.resolve("pipeline.conf"), "lake { root = \"s3a://lake/p\", s3 { " + s3 + " } }\n");
    S3Settings settings = new PipelineConfigLoader(env, true).load(file).lake().s3();
    return S3aOptions.hadoopOptions(settings);
  }

  @Test
  void sseS3AsksS3ToEncryptWithItsOwnKeys() throws IOException {
    assertThat(options("encryption = sse-s3", Map.of()))
        .containsEntry("fs.s3a.encryption.algorithm", "AES256")
        .doesNotContainKey("fs.s3a.encryption.key");
  }

  @Test
  void sseKmsNamesTheKeyLiterallyOrThroughASecretReference() throws IOException {
    assertThat(options("encryption = sse-kms, kms-key-id = \"" + KMS_KEY + "\"", Map.of()))
        .containsEntry("fs.s3a.encryption.algorithm", "SSE-KMS")
        .containsEntry("fs.s3a.encryption.key", KMS_KEY);
    assertThat(options("encryption = sse-kms, kms-key-id = \"env:LAKE_KMS_KEY_ID\"", Map.of("LAKE_KMS_KEY_ID", "alias/strata-lake")))
        .containsEntry("fs.s3a.encryption.algorithm", "SSE-KMS")
        .containsEntry("fs.s3a.encryption.key", "alias/strata-lake");
  }

  @Test
  void withoutEncryptionNoHeaderIsAskedFor() throws IOException {
    assertThat(options("encryption = none", Map.of())).doesNotContainKeys("fs.s3a.encryption.algorithm", "fs.s3a.encryption.key");
  }

  @Test
  void anAssumedRoleCallsStsWithTheDefaultChain() throws IOException {
    Map<String, String> options = options("credentials = assumed-role, role-arn = \"" + ROLE + "\", role-session-name = strata-nightly,"
        + " external-id = \"shop-7f3a\", sts-endpoint = \"https://sts.eu-west-1.amazonaws.com\", region = eu-west-1", Map.of());

    assertThat(options)
        .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider")
        .containsEntry("fs.s3a.assumed.role.arn", ROLE)
        .containsEntry("fs.s3a.assumed.role.session.name", "strata-nightly")
        .containsEntry("fs.s3a.assumed.role.external.id", "shop-7f3a")
        .containsEntry("fs.s3a.assumed.role.sts.endpoint", "https://sts.eu-west-1.amazonaws.com")
        .containsEntry("fs.s3a.assumed.role.sts.endpoint.region", "eu-west-1")
        .containsEntry("fs.s3a.assumed.role.credentials.provider", "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider")
        .doesNotContainKeys("fs.s3a.access.key", "fs.s3a.secret.key");
  }

  @Test
  void anAssumedRoleCallsStsWithTheLakesKeysWhenSet() throws IOException {
    Map<String, String> options = options("credentials = assumed-role, role-arn = \"" + ROLE + "\", access-key = \"env:K\", secret-key = \"env:S\"",
        Map.of("K", "AKIA-base", "S", "base-secret"));

    assertThat(options)
        .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.auth.AssumedRoleCredentialProvider")
        .containsEntry("fs.s3a.assumed.role.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
        .containsEntry("fs.s3a.access.key", "AKIA-base")
        .doesNotContainKeys("fs.s3a.assumed.role.session.name", "fs.s3a.assumed.role.external.id", "fs.s3a.assumed.role.sts.endpoint");
  }

  @Test
  void theDefaultChainIsTheAwsSdksWhenAskedFor() throws IOException {
    assertThat(options("credentials = default-chain", Map.of()))
        .containsEntry("fs.s3a.aws.credentials.provider", "software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider");
    assertThat(options("region = us-east-1", Map.of())).doesNotContainKey("fs.s3a.aws.credentials.provider");
  }

  @Test
  void staticKeysUseTheSimpleProvider() throws IOException {
    assertThat(options("credentials = static, access-key = \"env:K\", secret-key = \"env:S\"", Map.of("K", "AKIA-x", "S", "s")))
        .containsEntry("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider")
        .containsEntry("fs.s3a.access.key", "AKIA-x")
        .containsEntry("fs.s3a.secret.key", "s");
  }

  @Test
  void retriesHaveS3asDefaultsAndCanBeTuned() throws IOException {
    assertThat(options("region = us-east-1", Map.of()))
        .containsEntry("fs.s3a.retry.limit", "7")
        .containsEntry("fs.s3a.retry.interval", "500ms")
        .containsEntry("fs.s3a.retry.throttle.limit", "20")
        .containsEntry("fs.s3a.retry.throttle.interval", "500ms")
        .containsEntry("fs.s3a.attempts.maximum", "5");
    assertThat(options("retry { limit = 3, interval = 20ms, throttle-limit = 30, throttle-interval = 2s, sdk-attempts = 1 }", Map.of()))
        .containsEntry("fs.s3a.retry.limit", "3")
        .containsEntry("fs.s3a.retry.interval", "20ms")
        .containsEntry("fs.s3a.retry.throttle.limit", "30")
        .containsEntry("fs.s3a.retry.throttle.interval", "2000ms")
        .containsEntry("fs.s3a.attempts.maximum", "1");
  }
}
