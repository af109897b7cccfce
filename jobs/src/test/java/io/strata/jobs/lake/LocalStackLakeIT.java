package io.strata.jobs.lake;

import io.strata.jobs.testing.DockerAvailable;
import io.strata.jobs.testing.TestingSpark;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.containers.localstack.LocalStackContainer.Service;
import org.testcontainers.utility.DockerImageName;

/**
 * The S3 lake contract against LocalStack in Docker. Skipped, with a message, where no Docker
 * engine runs. Its bucket gets per-bucket S3A settings, so the shared session keeps serving the
 * S3Proxy lake at the same time.
 */
@ExtendWith(DockerAvailable.class)
class LocalStackLakeIT extends S3LakeContract {
  private static final String BUCKET = "strata-localstack";
  private static LocalStackContainer localstack;

  @BeforeAll
  static void startLocalStack() throws Exception {
    localstack = new LocalStackContainer(DockerImageName.parse("localstack/localstack:4.0")).withServices(Service.S3);
    localstack.start();
    localstack.execInContainer("awslocal", "s3", "mb", "s3://" + BUCKET);
    Configuration conf = TestingSpark.session().sparkContext().hadoopConfiguration();
    String prefix = "fs.s3a.bucket." + BUCKET + ".";
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

  @Override
  protected SparkSession spark() {
    return TestingSpark.session();
  }

  @Override
  protected String bucketUri() {
    return "s3a://" + BUCKET;
  }
}
