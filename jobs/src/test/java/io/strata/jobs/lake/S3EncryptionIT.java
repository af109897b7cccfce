package io.strata.jobs.lake;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingS3FaultProxy.Request;
import io.strata.jobs.testing.TestingSpark;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lake.s3.encryption} reaches S3: every object Strata writes (raw Parquet, file ledgers, the
 * run log's Delta files) is PUT with the server-side-encryption headers, as a recording proxy in front
 * of the S3 server sees them. (S3Proxy accepts the headers without encrypting; on AWS or LocalStack
 * they make S3 encrypt.)
 */
class S3EncryptionIT {
  private static final String PIPELINE = """
      name = encrypted
      sources { customer_files { type = file, entity = customers, path = "in/*.csv" } }
      entities {
        customers {
          source = customer_files, key = [customer_id]
          columns { customer_id { type = bigint, nullable = false }, name = string }
        }
      }
      """;
  private static final String KMS_KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";

  @TempDir static Path dir;

  @BeforeAll
  static void input() throws IOException {
    TestingSpark.session();
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/customers.csv"), "customer_id,name\n1,Ada\n2,Grace\n");
  }

  /** The PUT requests of {@code strata ingest} on a lake with these S3 settings, in a bucket of its own. */
  private static List<Request> putsOfARun(String bucket, String s3Settings) throws IOException {
    try (ProxiedS3Lake lake = new ProxiedS3Lake(bucket, dir)) {
      Path config = Files.writeString(dir.resolve(bucket + ".conf"), lake.lakeConfig("lake", s3Settings) + PIPELINE);
      ProxiedS3Lake.Outcome outcome = ProxiedS3Lake.run(config, LocalDate.of(2026, 3, 1), "ingest");
      assertThat(outcome.exitCode()).as(outcome.out() + outcome.err()).isZero();
      assertThat(TestingSpark.session().read().parquet(lake.root("lake") + "/raw/customer_files/customers").count()).isEqualTo(2);
      return lake.proxy.requests().stream().filter(request -> request.method().equals("PUT")).toList();
    }
  }

  @Test
  void sseS3PutsEveryObjectWithTheAes256Header() throws IOException {
    List<Request> puts = putsOfARun("strata-sse-s3", "encryption = sse-s3");

    assertThat(puts).extracting(Request::target)
        .anyMatch(target -> target.contains("/raw/customer_files/customers/") && target.endsWith(".parquet"))
        .anyMatch(target -> target.contains("/_runs/pipeline_executions/_delta_log/") && target.endsWith(".json"));
    assertThat(puts).allSatisfy(put -> assertThat(put.header("x-amz-server-side-encryption")).as(put.target()).isEqualTo("AES256"));
  }

  @Test
  void sseKmsPutsEveryObjectWithTheKmsHeaderAndKey() throws IOException {
    List<Request> puts = putsOfARun("strata-sse-kms", "encryption = sse-kms, kms-key-id = \"" + KMS_KEY + "\"");

    assertThat(puts).isNotEmpty().allSatisfy(put -> {
      assertThat(put.header("x-amz-server-side-encryption")).as(put.target()).isEqualTo("aws:kms");
      assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).as(put.target()).isEqualTo(KMS_KEY);
    });
  }

  @Test
  void withoutEncryptionNoHeaderIsSent() throws IOException {
    List<Request> puts = putsOfARun("strata-sse-none", "region = us-east-1");

    assertThat(puts).isNotEmpty().allSatisfy(put -> assertThat(put.header("x-amz-server-side-encryption")).isNull());
  }
}
