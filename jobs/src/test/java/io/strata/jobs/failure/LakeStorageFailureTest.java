package io.strata.jobs.failure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** S3 failures as S3A reports them (its own translation of the SDK's exceptions), inside a Spark job failure. */
class LakeStorageFailureTest {
  private static final String PATH = "s3a://lake/shop/raw/orders/part-0.parquet";

  private static Throwable failedJob(int status, String code, String message) {
    S3Exception s3 = (S3Exception) S3Exception.builder().statusCode(status).message(message).requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").errorCode(code).errorMessage(message).build()).build();
    return inSparkJob(S3AUtils.translateException("PUT", PATH, s3));
  }

  private static Throwable inSparkJob(IOException cause) {
    return new SparkException("Job aborted due to stage failure: Task 0 in stage 3.0 failed 1 times", cause);
  }

  @Test
  void throttlingThatOutlastsTheRetriesAsksForARerun() {
    assertThat(LakeStorageFailure.explain(failedJob(503, "SlowDown", "Please reduce your request rate."))).hasValueSatisfying(message ->
        assertThat(message).startsWith("the lake's S3 store failed and S3A's retries ran out (HTTP 503): PUT on " + PATH)
            .contains("Status Code: 503", "SlowDown")
            .endsWith(". Fix: run the same command again (a re-run of a stage is safe); if the store keeps answering 503 SlowDown, "
                + "raise lake.s3.retry.throttle-limit or lake.s3.retry.throttle-interval"));
    assertThat(LakeStorageFailure.explain(failedJob(500, "InternalError", "We encountered an internal error.")))
        .hasValueSatisfying(message -> assertThat(message).startsWith("the lake's S3 store failed and S3A's retries ran out (HTTP 500): "));
  }

  @Test
  void aResetConnectionAsksForARerun() {
    IOException reset = S3AUtils.translateException("GET", PATH,
        SdkClientException.create("Unable to execute HTTP request: Connection reset", new SocketException("Connection reset")));

    assertThat(LakeStorageFailure.explain(inSparkJob(reset))).hasValueSatisfying(message ->
        assertThat(message).startsWith("the lake's S3 store failed and S3A's retries ran out: ").contains("Connection reset"));
  }

  @Test
  void aRefusedRequestPointsAtTheSettings() {
    assertThat(LakeStorageFailure.explain(failedJob(501, "NotImplemented", "A header you provided implies functionality that is not implemented")))
        .hasValueSatisfying(message -> assertThat(message).startsWith("the lake's S3 store refused a request (HTTP 501): PUT on " + PATH)
            .contains("Status Code: 501")
            .endsWith(". Fix: check that the store supports the lake.s3 settings (encryption, credentials) and lake.s3.endpoint"));
  }

  @Test
  void theCliTellsThemApartFromDeniedAccessAndExitsOneForThem() {
    assertThat(KnownFailures.explain(failedJob(503, "SlowDown", "Please reduce your request rate."))).hasValueSatisfying(known -> {
      assertThat(known.kind()).isEqualTo(KnownFailure.Kind.RUNTIME);
      assertThat(known.message()).startsWith("the lake's S3 store failed and S3A's retries ran out (HTTP 503): ");
    });
    assertThat(KnownFailures.explain(failedJob(403, "AccessDenied", "Access Denied")))
        .hasValueSatisfying(known -> assertThat(known.message()).startsWith("permission denied: "));
  }

  @Test
  void otherFailuresAreNotS3s() {
    assertThat(LakeStorageFailure.explain(new SparkException("Job aborted", new IllegalStateException("boom")))).isEmpty();
    assertThat(LakeStorageFailure.explain(new java.io.FileNotFoundException("/tmp/lake/raw"))).isEmpty();
  }
}
