package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.spark.S3aOptions;
import io.strata.jobs.testing.DockerAvailable;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.S3Encryption;
import io.strata.layout.config.S3Settings;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * The S3 lake contract against LocalStack in Docker, and {@code lake.s3.encryption = sse-s3} as S3
 * sees it (each object's {@code ServerSideEncryption}). Skipped, with a message, where no Docker
 * engine runs. Its bucket gets per-bucket S3A settings, so the shared session keeps serving the
 * S3Proxy lake at the same time.
 */
@ExtendWith(DockerAvailable.class)
class LocalStackLakeIT extends S3LakeContract {
  private static final String BUCKET = "strata-localstack";
  private static final String ENCRYPTED_BUCKET = "strata-localstack-sse";
  private static LocalStackContainer localstack;

  @BeforeAll
  static void startLocalStack() throws Exception {
    localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0")).withServices(Service.S3);
    localstack.start();
    localstack.execInContainer("awslocal", "s3", "mb", "s3://" + BUCKET);
    localstack.execInContainer("awslocal", "s3", "mb", "s3://" + ENCRYPTED_BUCKET);
    Configuration conf = TestingSpark.session().sparkContext().hadoopConfiguration();
    connect(conf, BUCKET);
    connect(conf, ENCRYPTED_BUCKET);
    // What lake.s3.encryption = sse-s3 asks of S3A, for this bucket alone.
    S3aOptions.hadoopOptions(S3Settings.defaults().withEncryption(S3Encryption.sseS3())).forEach((key, value) -> {
      if (key.startsWith("fs.s3a.encryption.")) {
        conf.set("fs.s3a.bucket." + ENCRYPTED_BUCKET + "." + key.substring("fs.s3a.".length()), value);
      }
    });
  }

  private static void connect(Configuration conf, String bucket) {
    String prefix = "fs.s3a.bucket." + bucket + ".";
    conf.set(prefix + "endpoint", localstack.getEndpointOverride(Service.S3).toString());
    conf.set(prefix + "endpoint.region", localstack.getRegion());
    conf.set(prefix + "access.key", localstack.getAccessKey());
    conf.set(prefix + "secret.key", localstack.getSecretKey());
    conf.set(prefix + "path.style.access", "true");
    conf.set(prefix + "connection.ssl.enabled", "false");
  }

  @AfterAll
  static void stopLocalStack() {
    if (localstack != null) {
      localstack.stop();
    }
  }

  @Test
  void sseS3MakesS3EncryptEveryObject() {
    String table = "s3a://" + ENCRYPTED_BUCKET + "/lake-" + java.util.UUID.randomUUID() + "/raw/customers";
    spark().range(3).write().parquet(table);

    try (S3Client s3 = S3Client.builder()
        .endpointOverride(localstack.getEndpointOverride(Service.S3))
        .region(Region.of(localstack.getRegion()))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
        .forcePathStyle(true)
        .build()) {
      String prefix = table.substring(("s3a://" + ENCRYPTED_BUCKET + "/").length());
      List<String> keys = s3.listObjectsV2(request -> request.bucket(ENCRYPTED_BUCKET).prefix(prefix)).contents().stream()
          .map(S3Object::key).toList();
      assertThat(keys).anyMatch(key -> key.endsWith(".parquet"));
      assertThat(keys).allSatisfy(key -> assertThat(s3.headObject(request -> request.bucket(ENCRYPTED_BUCKET).key(key))
          .serverSideEncryption()).as(key).isEqualTo(ServerSideEncryption.AES256));
    }
  }

  @Override
  protected SparkSession spark() {
    return TestingSpark.session();
  }

  @Override
  protected String bucketUri() {
    return "s3a://" + BUCKET;
  }
}
