package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.StrataException;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.s3a.S3AUtils;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** A stage whose targets failed: its message leads with the lake's store when the store ended every one of them. */
class TargetsFailedExceptionTest {
  private static final String SUMMARY = "process failed for entities customers, orders\n  - customers: ...\n  - orders: ...";

  private static StrataException throttled(String entity) {
    S3Exception s3 = (S3Exception) S3Exception.builder().statusCode(503).message("Slow Down").requestId("req-1")
        .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").errorCode("SlowDown").errorMessage("Slow Down").build()).build();
    return new StrataException("cannot read the state of entity '" + entity + "'",
        S3AUtils.translateException("getFileStatus", "s3a://lake/_state/entities/" + entity, s3));
  }

  @Test
  void everyTargetEndedByTheStoreLeadsWithTheStoreAndItsFixThenListsTheTargets() {
    TargetsFailedException failed = new TargetsFailedException(SUMMARY, List.of(), Map.of("customers", "...", "orders", "..."),
        List.of(throttled("customers"), throttled("orders")));

    assertThat(failed.getMessage()).startsWith("the lake's S3 store failed and S3A's retries ran out (HTTP 503): getFileStatus on "
        + "s3a://lake/_state/entities/customers").contains("Fix: run the same command again").endsWith(SUMMARY);
  }

  @Test
  void aTargetThatFailedForAnotherReasonKeepsTheListFirst() {
    TargetsFailedException failed = new TargetsFailedException(SUMMARY, List.of(), Map.of("customers", "...", "orders", "..."),
        List.of(throttled("customers"), new StrataException("entities.orders: column 'x' is not in the source")));

    assertThat(failed.getMessage()).isEqualTo(SUMMARY);
    assertThat(new TargetsFailedException(SUMMARY, List.of(), Map.of()).getMessage()).isEqualTo(SUMMARY);
  }
}
