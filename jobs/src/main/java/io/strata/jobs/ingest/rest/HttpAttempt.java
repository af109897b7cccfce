package io.strata.jobs.ingest.rest;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.Duration;
import java.util.Optional;

/** The outcome of one HTTP request: a response of any status, or the I/O error that prevented one. */
record HttpAttempt(Optional<HttpResponse<String>> response, Optional<IOException> error) {
  HttpAttempt {
    if (response.isPresent() == error.isPresent()) {
      throw new IllegalArgumentException("an attempt has either a response or an error");
    }
  }

  static HttpAttempt of(HttpResponse<String> response) {
    return new HttpAttempt(Optional.of(response), Optional.empty());
  }

  static HttpAttempt failed(IOException error) {
    return new HttpAttempt(Optional.empty(), Optional.of(error));
  }

  /** Connection errors and timeouts, 429 and 5xx are worth another try; anything else is final. */
  boolean retryable() {
    return error.isPresent() || isRetryableStatus(status());
  }

  boolean succeeded() {
    return status() >= 200 && status() < 300;
  }

  /** The status, or -1 without a response. */
  int status() {
    return response.map(HttpResponse::statusCode).orElse(-1);
  }

  Optional<Duration> retryAfter(Instant now) {
    return RetryAfter.parse(response.flatMap(r -> r.headers().firstValue("Retry-After")), now);
  }

  static boolean isRetryableStatus(int status) {
    return status == 429 || (status >= 500 && status <= 599);
  }
}
