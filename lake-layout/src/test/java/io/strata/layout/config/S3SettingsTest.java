package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lake.s3}: credentials, encryption and retries, three ways: defaults, mapping, mistakes. */
class S3SettingsTest {
  private static final String ROLE = "arn:aws:iam::123456789012:role/strata-lake";

  @TempDir Path dir;

  private S3Settings s3(String body, Map<String, String> env) throws IOException {
    return new PipelineConfigLoader(env, true).load(write(body)).lake().s3();
  }

  /** Each problem as printed, one {@code s3} setting per line from line 3 on. */
  private List<String> problems(String... settings) throws IOException {
    Path file = write(String.join("\n", settings));
    Throwable thrown = catchThrowable(() -> new PipelineConfigLoader(Map.of("LAKE_KEY", "k", "LAKE_SECRET", "s"), true).load(file));
    assertThat(thrown).isInstanceOf(StrataConfigException.class);
    return ((StrataConfigException) thrown).problems().stream().map(problem -> problem.render().replace(dir + "/", "")).toList();
  }

  private Path write(String s3Body) throws IOException {
    return Files.writeString(dir.resolve("pipeline.conf"), "lake.root = \"s3a://lake/p\"\nlake.s3 {\n" + s3Body + "\n}\n");
  }

  @Test
  void defaultsLeaveCredentialsAndEncryptionToS3aAndTheBucket() throws IOException {
    S3Settings s3 = s3("region = us-east-1", Map.of());

    assertThat(s3).isEqualTo(S3Settings.defaults());
    assertThat(s3.credentials()).isEmpty();
    assertThat(s3.encryption()).isEqualTo(S3Encryption.none());
    assertThat(s3.retry()).isEqualTo(new S3Retry(7, Duration.ofMillis(500), 20, Duration.ofMillis(500), 5));
  }

  @Test
  void keysAloneMeanStaticCredentials() throws IOException {
    assertThat(s3("access-key = \"env:LAKE_KEY\", secret-key = \"env:LAKE_SECRET\"", Map.of("LAKE_KEY", "k", "LAKE_SECRET", "s"))
        .credentials()).contains(S3Credentials.STATIC);
  }

  @Test
  void mapsAnAssumedRoleWithSseKmsAndRetries() throws IOException {
    S3Settings s3 = s3("""
        credentials = assumed-role
        role-arn = "arn:aws:iam::123456789012:role/strata-lake"
        role-session-name = strata-nightly
        external-id = "shop-7f3a"
        sts-endpoint = "https://sts.eu-west-1.amazonaws.com"
        encryption = sse-kms
        kms-key-id = "alias/strata-lake"
        retry { limit = 3, interval = 20ms, throttle-limit = 30, throttle-interval = 2s, sdk-attempts = 1 }
        """, Map.of());

    assertThat(s3.credentials()).contains(S3Credentials.ASSUMED_ROLE);
    assertThat(s3.assumedRole()).contains(new AssumedRole(ROLE, Optional.of("strata-nightly"), Optional.of("shop-7f3a"),
        Optional.of("https://sts.eu-west-1.amazonaws.com")));
    assertThat(s3.encryption().algorithm()).isEqualTo(S3Encryption.Algorithm.SSE_KMS);
    assertThat(s3.encryption().kmsKeyId().orElseThrow().reveal()).isEqualTo("alias/strata-lake");
    assertThat(s3.retry()).isEqualTo(new S3Retry(3, Duration.ofMillis(20), 30, Duration.ofSeconds(2), 1));
  }

  @Test
  void aKmsKeyFromASecretIsDescribedByItsReferenceOnly() throws IOException {
    Path file = Files.writeString(dir.resolve("pipeline.conf"),
        "lake { root = \"s3a://lake/p\", s3 { encryption = sse-kms, kms-key-id = \"env:LAKE_KMS\" } }\n");
    PipelineConfig config = new PipelineConfigLoader(Map.of("LAKE_KMS", "alias/hidden-name"), true).load(file);

    assertThat(config.lake().s3().encryption().kmsKeyId().orElseThrow().reveal()).isEqualTo("alias/hidden-name");
    assertThat(config.describe()).contains("lake.s3.encryption = sse-kms", "lake.s3.kms-key-id = env:LAKE_KMS");
    assertThat(String.join("\n", config.describe()) + config).doesNotContain("hidden-name");
  }

  @Test
  void sseKmsWithoutAKeyNamesTheKeyToSet() throws IOException {
    assertThat(problems("encryption = sse-kms")).containsExactly(
        "pipeline.conf:2: lake.s3.kms-key-id: is required with encryption = sse-kms. Fix: set lake.s3.kms-key-id to the KMS key's id, "
            + "ARN or alias (e.g. \"alias/strata-lake\"), or a secret reference such as \"env:LAKE_KMS_KEY_ID\"; or use encryption = sse-s3");
  }

  @Test
  void aKmsKeyWithoutSseKmsOrNotAKeyIsRefused() throws IOException {
    assertThat(problems("encryption = sse-s3", "kms-key-id = \"alias/strata-lake\"")).containsExactly(
        "pipeline.conf:4: lake.s3.kms-key-id: is set, but lake.s3.encryption is sse-s3; only sse-kms uses a key. "
            + "Fix: set lake.s3.encryption = sse-kms, or remove lake.s3.kms-key-id");
    assertThat(problems("encryption = sse-kms", "kms-key-id = \"my key\"")).containsExactly(
        "pipeline.conf:4: lake.s3.kms-key-id: is 'my key', not a KMS key id, key ARN or alias. Fix: write the key's id "
            + "(1234abcd-12ab-34cd-56ef-1234567890ab), ARN (arn:aws:kms:REGION:ACCOUNT:key/ID) or alias (alias/NAME), "
            + "or a secret reference such as \"env:LAKE_KMS_KEY_ID\"");
    assertThat(problems("encryption = sse-c")).containsExactly(
        "pipeline.conf:3: lake.s3.encryption: is 'sse-c', which is not one of none, sse-s3, sse-kms. Fix: did you mean 'sse-s3'?");
  }

  @Test
  void anAssumedRoleNeedsAWellFormedRoleArn() throws IOException {
    assertThat(problems("credentials = assumed-role")).containsExactly(
        "pipeline.conf:2: lake.s3.role-arn: is required with credentials = assumed-role. "
            + "Fix: set lake.s3.role-arn = \"arn:aws:iam::123456789012:role/NAME\", the ARN of the role to assume");
    assertThat(problems("credentials = assumed-role", "role-arn = \"arn:aws:iam::1234:user/alice\"")).containsExactly(
        "pipeline.conf:4: lake.s3.role-arn: is 'arn:aws:iam::1234:user/alice', not an IAM role ARN "
            + "(arn:aws:iam::<12-digit account id>:role/<name>). Fix: copy the role's ARN from IAM, e.g. \"arn:aws:iam::123456789012:role/strata-lake\"");
    assertThat(problems("credentials = assumed-role", "role-arn = \"" + ROLE + "\"", "role-session-name = \"night run\"")).containsExactly(
        "pipeline.conf:5: lake.s3.role-session-name: is 'night run'; a session name has 2 to 64 letters, digits or +=,.@_-. "
            + "Fix: write e.g. role-session-name = strata-nightly");
  }

  @Test
  void roleSettingsWithoutAnAssumedRoleAreRefused() throws IOException {
    assertThat(problems("role-arn = \"" + ROLE + "\"")).containsExactly(
        "pipeline.conf:3: lake.s3.role-arn: is only used with credentials = assumed-role (lake.s3.credentials is not set). "
            + "Fix: set lake.s3.credentials = assumed-role, or remove lake.s3.role-arn");
    assertThat(problems("credentials = default-chain", "external-id = abc")).containsExactly(
        "pipeline.conf:4: lake.s3.external-id: is only used with credentials = assumed-role (lake.s3.credentials is default-chain). "
            + "Fix: set lake.s3.credentials = assumed-role, or remove lake.s3.external-id");
  }

  @Test
  void credentialModesAndKeysMustAgree() throws IOException {
    assertThat(problems("credentials = static")).containsExactly(
        "pipeline.conf:2: lake.s3.access-key: is required with credentials = static. Fix: set lake.s3.access-key and "
            + "lake.s3.secret-key to secret references (\"env:NAME\"), or use credentials = default-chain or assumed-role");
    assertThat(problems("credentials = default-chain", "access-key = \"env:LAKE_KEY\"", "secret-key = \"env:LAKE_SECRET\"")).containsExactly(
        "pipeline.conf:4: lake.s3.access-key: is set, but credentials = default-chain takes credentials from the environment, profile "
            + "or instance role. Fix: remove lake.s3.access-key and lake.s3.secret-key, or set lake.s3.credentials = static");
    assertThat(problems("credentials = default-chain", "credentials-provider = com.example.Provider")).containsExactly(
        "pipeline.conf:4: lake.s3.credentials-provider: cannot be combined with lake.s3.credentials. Fix: remove one: credentials "
            + "chooses one of default-chain, static, assumed-role, credentials-provider names an S3A credentials provider class");
    assertThat(problems("credentials = role")).containsExactly(
        "pipeline.conf:3: lake.s3.credentials: is 'role', which is not one of default-chain, static, assumed-role. "
            + "Fix: use one of default-chain, static, assumed-role");
  }

  @Test
  void retriesAreBounded() throws IOException {
    assertThat(problems("retry { throttle-limit = 1000, interval = soon }")).containsExactly(
        "pipeline.conf:3: lake.s3.retry.interval: is not a duration. Fix: write e.g. interval = 30s, 500ms or \"10 minutes\"",
        "pipeline.conf:3: lake.s3.retry.throttle-limit: is 1000, outside 0..100. Fix: choose a value from 0 to 100");
  }
}
