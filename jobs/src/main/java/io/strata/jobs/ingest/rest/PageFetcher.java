package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.Policy;
import dev.failsafe.RateLimiter;
import dev.failsafe.RetryPolicy;
import io.strata.layout.StrataException;
import io.strata.layout.config.RestSourceConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs one page: adds the configured headers and credentials, keeps to the rate limit, retries
 * connection errors, timeouts, 429 and 5xx with backoff, and turns what cannot succeed into a
 * {@link StrataException} that names the source, the (masked) URL, the status and the attempts.
 */
final class PageFetcher {
  private static final Logger LOG = LoggerFactory.getLogger(PageFetcher.class);
  private static final int BODY_SNIPPET = 200;
  /** Far above any wait a smooth limiter of at least one request a minute imposes on one thread. */
  private static final Duration MAX_RATE_WAIT = Duration.ofHours(1);

  private final String sourceName;
  private final HttpClient client;
  private final Map<String, String> headers;
  private final Duration requestTimeout;
  private final int maxAttempts;
  private final SecretMasker masker;
  private final FailsafeExecutor<HttpAttempt> executor;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong retries = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  PageFetcher(RestSourceConfig source, AuthApplier auth, SecretMasker masker, BackoffSchedule backoff, Clock clock) {
    requireNonNull(source, "source is null");
    requireNonNull(auth, "auth is null");
    requireNonNull(backoff, "backoff is null");
    requireNonNull(clock, "clock is null");
    if (!(source.requestsPerSecond() > 0)) {
      throw new IllegalArgumentException("requestsPerSecond must be positive, was " + source.requestsPerSecond());
    }
    if (source.retry().maxAttempts() < 1) {
      throw new IllegalArgumentException("retry.maxAttempts must be at least 1, was " + source.retry().maxAttempts());
    }
    this.sourceName = source.name();
    this.masker = requireNonNull(masker, "masker is null");
    this.requestTimeout = source.readTimeout();
    this.maxAttempts = source.retry().maxAttempts();
    Map<String, String> all = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    all.put("Accept", "application/json");
    all.putAll(source.headers());
    all.putAll(auth.headers()); // credentials win over a configured header of the same name
    this.headers = Map.copyOf(all);
    // HTTP/1.1: every REST API speaks it, and the h2c upgrade the JDK tries on http:// confuses some proxies.
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(source.connectTimeout())
        .followRedirects(HttpClient.Redirect.NORMAL)
        .build();

    RetryPolicy<HttpAttempt> retry = RetryPolicy.<HttpAttempt>builder()
        .handleResultIf(HttpAttempt::retryable)
        .abortOn(RuntimeException.class) // programming errors and interruption: never retried
        .withMaxAttempts(maxAttempts)
        .withDelayFn(context -> backoff.delayAfter(context.getAttemptCount(),
            context.getLastResult().retryAfter(clock.instant())))
        .onRetryScheduled(event -> LOG.warn("REST source '{}': {}; attempt {} of {} in {} ms", sourceName,
            describe(event.getLastResult()), event.getAttemptCount() + 1, maxAttempts, event.getDelay().toMillis()))
        .onRetry(event -> retries.incrementAndGet())
        .build();
    RateLimiter<HttpAttempt> rateLimit = RateLimiter.<HttpAttempt>smoothBuilder(
            Duration.ofNanos(Math.max(1L, (long) (1_000_000_000d / source.requestsPerSecond()))))
        .withMaxWaitTime(MAX_RATE_WAIT)
        .build();
    // Retry outside, rate limit inside: every attempt, retries included, waits for its permit.
    this.executor = Failsafe.with(List.<Policy<HttpAttempt>>of(retry, rateLimit));
  }

  /** The successful (2xx) response for {@code url}, which already carries any query credentials. */
  HttpResponse<String> get(URI url) {
    requireNonNull(url, "url is null");
    HttpRequest request = request(url);
    AtomicInteger attempts = new AtomicInteger();
    HttpAttempt last;
    try {
      last = executor.get(context -> {
        attempts.incrementAndGet();
        requests.incrementAndGet();
        return send(request);
      });
    } catch (FailsafeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new StrataException(prefix(url) + " was interrupted after " + attempts.get() + " attempt(s)", e.getCause());
    }
    if (last.succeeded()) {
      HttpResponse<String> response = last.response().orElseThrow();
      bytes.addAndGet(response.body().getBytes(StandardCharsets.UTF_8).length);
      return response;
    }
    if (last.retryable()) {
      throw exhausted(url, last, attempts.get());
    }
    throw refused(url, last);
  }

  long requests() {
    return requests.get();
  }

  long retries() {
    return retries.get();
  }

  /** Bytes of the successful responses' bodies, as UTF-8 (what JSON APIs send). */
  long bytes() {
    return bytes.get();
  }

  private HttpRequest request(URI url) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(url).GET().timeout(requestTimeout);
    headers.forEach((name, value) -> {
      try {
        builder.header(name, value);
      } catch (IllegalArgumentException e) {
        throw new StrataException("REST source '" + sourceName + "': header '" + name + "' cannot be sent ("
            + masker.text(e.getMessage()) + "). Fix sources." + sourceName + ".headers");
      }
    });
    return builder.build();
  }

  private HttpAttempt send(HttpRequest request) {
    try {
      return HttpAttempt.of(client.send(request, HttpResponse.BodyHandlers.ofString()));
    } catch (IOException e) {
      return HttpAttempt.failed(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StrataException(prefix(request.uri()) + " was interrupted", e);
    }
  }

  private StrataException exhausted(URI url, HttpAttempt last, int attempts) {
    String hint;
    if (last.error().isPresent()) {
      hint = "Check sources." + sourceName + ".url and that the API is reachable from this machine"
          + " (connect-timeout, read-timeout)";
    } else if (last.status() == 429) {
      hint = "The API kept asking to slow down: lower sources." + sourceName + ".requests-per-second, or raise sources."
          + sourceName + ".retry.max-attempts";
    } else {
      hint = "The API kept failing: try again later, or raise sources." + sourceName + ".retry.max-attempts";
    }
    return new StrataException(prefix(url) + " failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
        + " (retry.max-attempts = " + maxAttempts + "); last " + describe(last) + ". " + hint, last.error().orElse(null));
  }

  private StrataException refused(URI url, HttpAttempt last) {
    int status = last.status();
    String hint = switch (status) {
      case 401, 403 -> "Check the auth settings of the source (sources." + sourceName
          + ".auth: type, and that the secret it references is current and allowed to read this URL)";
      case 404, 410 -> "Check sources." + sourceName + ".url";
      default -> status >= 400 && status < 500
          ? "Check sources." + sourceName + ".url, .params, .headers and .pagination"
          : "Strata expects a 2xx answer; check sources." + sourceName + ".url";
    };
    String body = last.response().map(HttpResponse::body).orElse("").strip();
    String snippet = body.isEmpty() ? "" : ": " + masker.text(body.length() > BODY_SNIPPET
        ? body.substring(0, BODY_SNIPPET) + "..." : body).replaceAll("\\s+", " ");
    return new StrataException(prefix(url) + " answered " + HttpStatusText.of(status) + snippet + ". " + hint);
  }

  private String describe(HttpAttempt attempt) {
    if (attempt == null) {
      return "no answer";
    }
    return attempt.error()
        .map(e -> "error " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + masker.text(e.getMessage())))
        .orElseGet(() -> "status " + HttpStatusText.of(attempt.status()));
  }

  private String prefix(URI url) {
    return "REST source '" + sourceName + "': GET " + masker.url(url);
  }
}
