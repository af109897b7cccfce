package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * How S3A retries failed S3 requests ({@code lake.s3.retry}). S3 answers an overloaded prefix
 * with 503 SlowDown and expects the client to back off; S3A retries throttled requests with an
 * exponential backoff from {@code throttleInterval}, other retryable failures (500, a reset
 * connection) at {@code interval}, and each of its attempts lets the AWS SDK retry
 * {@code sdkAttempts} times first. The defaults are S3A's own (Hadoop 3.4), written out so that
 * they are documented and the same on every cluster.
 *
 * @param limit S3A's retries of a failed request ({@code fs.s3a.retry.limit})
 * @param interval the pause between them ({@code fs.s3a.retry.interval})
 * @param throttleLimit S3A's retries of a throttled request ({@code fs.s3a.retry.throttle.limit})
 * @param throttleInterval the first pause of its exponential backoff ({@code fs.s3a.retry.throttle.interval})
 * @param sdkAttempts the AWS SDK's retries inside each S3A attempt ({@code fs.s3a.attempts.maximum})
 */
public record S3Retry(int limit, Duration interval, int throttleLimit, Duration throttleInterval, int sdkAttempts) {
  public S3Retry {
    requireNonNull(interval, "interval is null");
    requireNonNull(throttleInterval, "throttleInterval is null");
  }

  public static S3Retry defaults() {
    return new S3Retry(7, Duration.ofMillis(500), 20, Duration.ofMillis(500), 5);
  }

  static S3Retry parse(SectionReader reader) {
    S3Retry defaults = defaults();
    Duration min = Duration.ofMillis(1);
    return new S3Retry(
        reader.integer("limit", defaults.limit(), 0, 100),
        reader.duration("interval", defaults.interval(), min),
        reader.integer("throttle-limit", defaults.throttleLimit(), 0, 100),
        reader.duration("throttle-interval", defaults.throttleInterval(), min),
        reader.integer("sdk-attempts", defaults.sdkAttempts(), 0, 50));
  }
}
