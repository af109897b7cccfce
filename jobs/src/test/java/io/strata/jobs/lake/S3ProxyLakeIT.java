package io.strata.jobs.lake;

import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import org.apache.spark.sql.SparkSession;

/** The S3 lake contract against S3Proxy, in-process on loopback: runs everywhere. */
class S3ProxyLakeIT extends S3LakeContract {
  @Override
  protected SparkSession spark() {
    return TestingSpark.session();
  }

  @Override
  protected String bucketUri() {
    return "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET);
  }
}
