package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.RestSourceConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Puts a source's credentials on a request: {@code bearer} and {@code basic} as the
 * {@code Authorization} header, {@code api-key} in its header or query parameter. Secrets are
 * revealed here, at the last moment, and nowhere else.
 */
final class AuthApplier {
  private final String sourceName;
  private final RestSourceConfig.Auth auth;

  AuthApplier(String sourceName, RestSourceConfig.Auth auth) {
    this.sourceName = requireNonNull(sourceName, "sourceName is null");
    this.auth = requireNonNull(auth, "auth is null");
    switch (auth.type()) {
      case "none" -> { }
      case "bearer" -> require(auth.token(), "token");
      case "basic" -> {
        require(auth.user(), "user");
        require(auth.password(), "password");
      }
      case "api-key" -> {
        require(auth.token(), "key");
        if (auth.header().isPresent() == auth.queryParam().isPresent()) {
          throw new IllegalArgumentException("source " + sourceName + ": api-key auth needs header or query-param, not both or neither");
        }
      }
      default -> throw new IllegalArgumentException("source " + sourceName + ": unknown auth type '" + auth.type() + "'");
    }
  }

  /** The request URL with the api key as a query parameter, when the key goes there. */
  URI url(URI url) {
    if (auth.type().equals("api-key") && auth.queryParam().isPresent()) {
      return QueryParams.with(url, auth.queryParam().get(), auth.token().orElseThrow().reveal());
    }
    return url;
  }

  /** The headers that carry the credentials (none for a key in the query). */
  Map<String, String> headers() {
    Map<String, String> headers = new LinkedHashMap<>();
    switch (auth.type()) {
      case "bearer" -> headers.put("Authorization", "Bearer " + auth.token().orElseThrow().reveal());
      case "basic" -> {
        String pair = auth.user().orElseThrow() + ":" + auth.password().orElseThrow().reveal();
        headers.put("Authorization", "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
      case "api-key" -> auth.header().ifPresent(header -> headers.put(header, auth.token().orElseThrow().reveal()));
      default -> { }
    }
    return headers;
  }

  private void require(Optional<?> value, String key) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException("source " + sourceName + ": " + auth.type() + " auth needs " + key);
    }
  }
}
