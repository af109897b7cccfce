package io.strata.jobs.failure;

import io.strata.jobs.failure.KnownFailure.Kind;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recognizes, anywhere in an exception's cause chain, the failures a user can fix: permission
 * denied, a bucket that does not exist, a full disk, an unknown host, a server that refuses or
 * does not answer, a missing file. Spark, Delta, Hadoop and the AWS SDK wrap these several levels
 * deep (a {@code SparkException} around a {@code DeltaIOException} around an
 * {@code AccessDeniedException}), so the whole chain is searched, most telling kind first: a
 * {@code FileNotFoundException} that says "Permission denied" is a permission problem.
 * Exception types of optional libraries (S3A, the AWS SDK, HDFS) are matched by name, so this
 * class needs none of them on the classpath.
 */
public final class KnownFailures {
  private static final int MAX_DETAIL = 300;

  private KnownFailures() {}

  public static Optional<KnownFailure> explain(Throwable failure) {
    List<Throwable> chain = chain(failure);
    for (Throwable cause : chain) {
      if (isPermissionDenied(cause)) {
        return Optional.of(new KnownFailure(Kind.SETUP, "permission denied: " + detail(cause) + ". Fix: give the user running Strata ("
            + System.getProperty("user.name") + ") access to that location, or point the config (lake.root, or the source's path) at one "
            + "it may use; on S3 check the credentials (lake.s3.access-key and lake.s3.secret-key, or the default chain) and the bucket policy"));
      }
    }
    for (Throwable cause : chain) {
      String type = cause.getClass().getSimpleName();
      if (type.equals("UnknownStoreException") || type.equals("NoSuchBucketException")) {
        return Optional.of(new KnownFailure(Kind.SETUP, "the bucket does not exist: " + detail(cause)
            + ". Fix: create the bucket, or correct the s3a:// URI in the config (lake.root, or the source's path)"));
      }
    }
    for (Throwable cause : chain) {
      if (isDiskFull(cause)) {
        return Optional.of(new KnownFailure(Kind.RUNTIME, "no space left on the device: " + detail(cause)
            + ". Fix: free space on the disk that holds this path (for Spark's scratch files, spark.local.dir), then run again"));
      }
    }
    for (Throwable cause : chain) {
      if (cause instanceof UnknownHostException) {
        return Optional.of(new KnownFailure(Kind.SETUP, "unknown host '" + detail(cause) + "'. Fix: check the host name in the config "
            + "(lake.s3.endpoint, the source's url, warehouse.url) and that DNS resolves it"));
      }
    }
    for (Throwable cause : chain) {
      if (isUnreachable(cause)) {
        return Optional.of(new KnownFailure(Kind.RUNTIME, "cannot connect: " + detail(cause) + ". Fix: check that the server is up and "
            + "that the host and port in the config (lake.s3.endpoint, the source's url, warehouse.url) are right, then run again"));
      }
    }
    Optional<String> storage = LakeStorageFailure.explain(failure);
    if (storage.isPresent()) {
      return Optional.of(new KnownFailure(Kind.RUNTIME, storage.get()));
    }
    for (Throwable cause : chain) {
      if (cause instanceof FileNotFoundException || cause instanceof NoSuchFileException) {
        return Optional.of(new KnownFailure(Kind.RUNTIME, "a file is missing: " + detail(cause) + ". Fix: make sure nothing else moves or "
            + "deletes files under the lake or the source's path while Strata runs (another run of the same pipeline?), then run again"));
      }
    }
    for (Throwable cause : chain) {
      // Last, as it names no cause: Delta says only this when Hadoop's mkdirs answered false, as for a directory it may not write
      if (String.valueOf(cause.getMessage()).startsWith("[DELTA_CANNOT_CREATE_LOG_PATH]")) {
        return Optional.of(new KnownFailure(Kind.SETUP, "cannot create a table's log: " + detail(cause) + ". Fix: give the user running "
            + "Strata (" + System.getProperty("user.name") + ") write access to the lake (lake.root), or point lake.root at a writable place"));
      }
    }
    return Optional.empty();
  }

  private static boolean isPermissionDenied(Throwable cause) {
    String type = cause.getClass().getSimpleName();
    if (cause instanceof AccessDeniedException || type.equals("AccessControlException")) {
      return true; // java.nio's, S3A's (a subclass, for HTTP 403) and HDFS's
    }
    if (type.equals("S3Exception") || type.equals("AwsServiceException")) {
      String message = String.valueOf(cause.getMessage());
      return message.contains("Status Code: 403") || message.contains("Access Denied");
    }
    String message = String.valueOf(cause.getMessage());
    return cause instanceof IOException && (message.contains("Permission denied") || message.contains("Operation not permitted"));
  }

  private static boolean isDiskFull(Throwable cause) {
    String message = String.valueOf(cause.getMessage());
    return cause instanceof IOException && (message.contains("No space left on device") || message.contains("Disk quota exceeded"));
  }

  private static boolean isUnreachable(Throwable cause) {
    String type = cause.getClass().getSimpleName();
    return cause instanceof ConnectException || cause instanceof NoRouteToHostException
        || cause instanceof SocketTimeoutException && String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT).contains("connect")
        || type.equals("HttpConnectTimeoutException");
  }

  /** The cause's own words on one line, shortened; the exception's type when it has none. */
  private static String detail(Throwable cause) {
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      return cause.getClass().getSimpleName();
    }
    String line = message.strip().lines().findFirst().orElse(message).strip();
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "...";
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> chain = new ArrayList<>();
    for (Throwable cause = failure; cause != null && !chain.contains(cause); cause = cause.getCause()) {
      chain.add(cause);
      for (Throwable suppressed : cause.getSuppressed()) {
        chain.add(suppressed);
      }
    }
    return chain;
  }
}
