package io.strata.jobs.ingest.rest;

import io.strata.layout.config.RestSourceConfig;
import io.strata.layout.config.RestSourceConfig.Auth;
import io.strata.layout.config.RestSourceConfig.Incremental;
import io.strata.layout.config.RestSourceConfig.Pagination;
import io.strata.layout.config.RestSourceConfig.Retry;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Test configs with fast retries; change only what a test is about. */
final class RestConfigBuilder {
  private final URI url;
  private String recordsPath = "";
  private Pagination pagination = Pagination.none();
  private Auth auth = Auth.none();
  private Map<String, String> headers = Map.of();
  private Map<String, String> params = Map.of();
  private Optional<Incremental> incremental = Optional.empty();
  private Retry retry = new Retry(3, Duration.ofMillis(10), Duration.ofMillis(50));
  private double requestsPerSecond = 1000;
  private int maxPages = 100;
  private Duration readTimeout = Duration.ofSeconds(5);

  private RestConfigBuilder(URI url) {
    this.url = url;
  }

  static RestConfigBuilder at(URI url) {
    return new RestConfigBuilder(url);
  }

  RestConfigBuilder recordsPath(String value) {
    recordsPath = value;
    return this;
  }

  RestConfigBuilder pagination(Pagination value) {
    pagination = value;
    return this;
  }

  RestConfigBuilder auth(Auth value) {
    auth = value;
    return this;
  }

  RestConfigBuilder headers(Map<String, String> value) {
    headers = value;
    return this;
  }

  RestConfigBuilder params(Map<String, String> value) {
    params = value;
    return this;
  }

  RestConfigBuilder incremental(Incremental value) {
    incremental = Optional.of(value);
    return this;
  }

  RestConfigBuilder retry(Retry value) {
    retry = value;
    return this;
  }

  RestConfigBuilder requestsPerSecond(double value) {
    requestsPerSecond = value;
    return this;
  }

  RestConfigBuilder readTimeout(Duration value) {
    readTimeout = value;
    return this;
  }

  RestConfigBuilder maxPages(int value) {
    maxPages = value;
    return this;
  }

  RestSourceConfig build() {
    return new RestSourceConfig("orders_api", "orders", url, recordsPath, pagination, auth, headers, params, incremental, retry,
        requestsPerSecond, Duration.ofSeconds(2), readTimeout, maxPages);
  }

  static Pagination pagination(String type, int pageSize) {
    return new Pagination(type, "page", 1, "per_page", pageSize, "offset", "limit", "cursor", "meta.next_cursor");
  }
}
