package io.strata.jobs.failure;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says in a user's words that the lake's S3 store failed, when that is what ended a command. A
 * throttled, failing or unreachable store (503, 500, a reset connection) has outlasted S3A's
 * retries (see {@code lake.s3.retry}), and a re-run is safe since every stage is idempotent; a
 * store that refused a request (400, 501) will refuse it again until a setting changes. (Denied
 * access, a missing bucket and an unreachable endpoint are {@link KnownFailures}' own cases.)
 */
public final class LakeStorageFailure {
  private static final int MAX_DETAIL = 400;
  private static final Pattern STATUS = Pattern.compile("Status Code: (\\d{3})");
  private static final Set<Integer> TRANSIENT = Set.of(429, 500, 502, 503, 504);

  private LakeStorageFailure() {}

  /** The message for a failure caused by S3, or empty when S3 is not in its causes. */
  public static Optional<String> explain(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      String type = cause.getClass().getName();
      if (type.startsWith("org.apache.hadoop.fs.s3a.AWS") || type.startsWith("software.amazon.awssdk.")) {
        // The status code comes last in S3A's message, which a long path can push past the shortened detail.
        Matcher status = STATUS.matcher(String.valueOf(cause.getMessage()));
        Optional<Integer> code = status.find() ? Optional.of(Integer.parseInt(status.group(1))) : Optional.empty();
        String http = code.map(value -> " (HTTP " + value + ")").orElse("");
        if (code.isPresent() && !TRANSIENT.contains(code.get())) {
          return Optional.of("the lake's S3 store refused a request" + http + ": " + detail(cause)
              + ". Fix: check that the store supports the lake.s3 settings (encryption, credentials) and lake.s3.endpoint");
        }
        return Optional.of("the lake's S3 store failed and S3A's retries ran out" + http + ": " + detail(cause)
            + ". Fix: run the same command again (a re-run of a stage is safe); if the store keeps answering 503 SlowDown, "
            + "raise lake.s3.retry.throttle-limit or lake.s3.retry.throttle-interval");
      }
    }
    return Optional.empty();
  }

  private static String detail(Throwable cause) {
    String message = String.valueOf(cause.getMessage()).strip();
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + " ...";
  }
}
