package io.strata.jobs.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.failure.KnownFailure.Kind;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import org.apache.hadoop.fs.s3a.UnknownStoreException;
import org.apache.spark.SparkException;
import org.junit.jupiter.api.Test;

/** Failures a user can fix are recognized however deep Spark, Delta and Hadoop wrap them; everything else stays a bug. */
class KnownFailuresTest {
  private static final String USER = System.getProperty("user.name");

  private static KnownFailure explain(Throwable failure) {
    return KnownFailures.explain(failure).orElseThrow(() -> new AssertionError("not recognized: " + failure));
  }

  /** As Spark and Delta deliver them: a SparkException around a runtime wrapper around the cause. */
  private static Throwable wrapped(Throwable cause) {
    return new SparkException("Job aborted due to stage failure", new RuntimeException("[DELTA_CANNOT_CREATE_LOG_PATH] Cannot create x", cause));
  }

  @Test
  void permissionDeniedIsASetupProblemNamingTheUserAndThePath() {
    assertThat(explain(wrapped(new AccessDeniedException("/data/lake/raw/orders")))).isEqualTo(new KnownFailure(Kind.SETUP,
        "permission denied: /data/lake/raw/orders. Fix: give the user running Strata (" + USER + ") access to that location, or point the "
            + "config (lake.root, or the source's path) at one it may use; on S3 check the credentials (lake.s3.access-key and "
            + "lake.s3.secret-key, or the default chain) and the bucket policy"));
    // java.io says "Permission denied" in a FileNotFoundException: a permission problem, not a missing file
    assertThat(explain(wrapped(new FileNotFoundException("/data/lake/_state/x (Permission denied)"))))
        .satisfies(known -> assertThat(known.kind()).isEqualTo(Kind.SETUP))
        .satisfies(known -> assertThat(known.message()).startsWith("permission denied: /data/lake/_state/x (Permission denied). Fix: "));
    assertThat(explain(new UncheckedIOException(new IOException("mkdir /sys/x: Operation not permitted"))).kind()).isEqualTo(Kind.SETUP);
  }

  @Test
  void deltaFailingToCreateATableLogIsASetupProblem() {
    // what Delta throws, without a cause, when the lake below its root is not writable
    KnownFailure known = explain(new RuntimeException("[DELTA_CANNOT_CREATE_LOG_PATH] Cannot create file:/data/lake/_runs/stage_runs/_delta_log"));

    assertThat(known).isEqualTo(new KnownFailure(Kind.SETUP, "cannot create a table's log: [DELTA_CANNOT_CREATE_LOG_PATH] Cannot create "
        + "file:/data/lake/_runs/stage_runs/_delta_log. Fix: give the user running Strata (" + USER + ") write access to the lake "
        + "(lake.root), or point lake.root at a writable place"));
  }

  @Test
  void aMissingBucketIsASetupProblem() {
    KnownFailure known = explain(wrapped(new UnknownStoreException("s3a://no-such-bucket/lake", "Bucket no-such-bucket does not exist")));

    assertThat(known.kind()).isEqualTo(Kind.SETUP);
    assertThat(known.message()).startsWith("the bucket does not exist: ").contains("no-such-bucket")
        .endsWith("Fix: create the bucket, or correct the s3a:// URI in the config (lake.root, or the source's path)");
  }

  @Test
  void aFullDiskIsARuntimeFailure() {
    assertThat(explain(wrapped(new IOException("No space left on device")))).isEqualTo(new KnownFailure(Kind.RUNTIME,
        "no space left on the device: No space left on device. Fix: free space on the disk that holds this path "
            + "(for Spark's scratch files, spark.local.dir), then run again"));
  }

  @Test
  void anUnknownHostIsASetupProblemAndARefusedConnectionARuntimeFailure() {
    assertThat(explain(wrapped(new UnknownHostException("minio.internal.invalid")))).isEqualTo(new KnownFailure(Kind.SETUP,
        "unknown host 'minio.internal.invalid'. Fix: check the host name in the config (lake.s3.endpoint, the source's url, warehouse.url) "
            + "and that DNS resolves it"));
    assertThat(explain(wrapped(new ConnectException("Connection refused")))).isEqualTo(new KnownFailure(Kind.RUNTIME,
        "cannot connect: Connection refused. Fix: check that the server is up and that the host and port in the config "
            + "(lake.s3.endpoint, the source's url, warehouse.url) are right, then run again"));
  }

  @Test
  void aMissingFileIsARuntimeFailure() {
    KnownFailure known = explain(wrapped(new FileNotFoundException("File file:/lake/raw/_temporary/0 does not exist")));

    assertThat(known.kind()).isEqualTo(Kind.RUNTIME);
    assertThat(known.message()).isEqualTo("a file is missing: File file:/lake/raw/_temporary/0 does not exist. Fix: make sure nothing else "
        + "moves or deletes files under the lake or the source's path while Strata runs (another run of the same pipeline?), then run again");
  }

  @Test
  void aRealBugIsNotExplainedAway() {
    assertThat(KnownFailures.explain(new IllegalStateException("index 3 out of bounds"))).isEmpty();
    assertThat(KnownFailures.explain(new SparkException("Job aborted", new NullPointerException()))).isEmpty();
    assertThat(KnownFailures.explain(new IOException("Stream closed"))).isEmpty();
  }

  @Test
  void aLongMessageIsCutToOneShortLine() {
    String message = explain(new ConnectException("refused " + "x".repeat(1000) + "\nsecond line")).message();

    assertThat(message).doesNotContain("second line").contains("x".repeat(200) + "...");
  }
}
