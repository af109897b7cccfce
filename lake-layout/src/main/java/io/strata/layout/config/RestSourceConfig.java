package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A JSON API over HTTP(S). Records are found at {@code records-path} in each response body
 * (empty: the body is the array) and kept as received.
 */
public record RestSourceConfig(
    String name,
    String entity,
    URI url,
    String recordsPath,
    Pagination pagination,
    Auth auth,
    Map<String, String> headers,
    Map<String, String> params,
    Optional<Incremental> incremental,
    Retry retry,
    double requestsPerSecond,
    Duration connectTimeout,
    Duration readTimeout,
    int maxPages) implements SourceConfig {

  public RestSourceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(url, "url is null");
    requireNonNull(recordsPath, "recordsPath is null");
    requireNonNull(pagination, "pagination is null");
    requireNonNull(auth, "auth is null");
    headers = Map.copyOf(requireNonNull(headers, "headers is null"));
    params = Map.copyOf(requireNonNull(params, "params is null"));
    requireNonNull(incremental, "incremental is null");
    requireNonNull(retry, "retry is null");
    requireNonNull(connectTimeout, "connectTimeout is null");
    requireNonNull(readTimeout, "readTimeout is null");
  }

  @Override
  public String type() {
    return "rest";
  }

  /**
   * How to ask for the next page. {@code none}: one request. {@code page}: {@code pageParam}
   * from {@code startPage} up. {@code offset}: {@code offsetParam} advanced by the records
   * received, {@code limitParam} = {@code pageSize}. {@code cursor}: {@code cursorParam} set
   * from the body at {@code cursorPath}. {@code link-header}: the RFC 5988 {@code rel="next"}
   * link. Every style stops on an empty page; cursor and link stop when there is no next.
   */
  public record Pagination(
      String type, String pageParam, int startPage, String sizeParam, int pageSize,
      String offsetParam, String limitParam, String cursorParam, String cursorPath) {
    public static final List<String> TYPES = List.of("none", "page", "offset", "cursor", "link-header");

    public Pagination {
      requireNonNull(type, "type is null");
      requireNonNull(pageParam, "pageParam is null");
      requireNonNull(sizeParam, "sizeParam is null");
      requireNonNull(offsetParam, "offsetParam is null");
      requireNonNull(limitParam, "limitParam is null");
      requireNonNull(cursorParam, "cursorParam is null");
      requireNonNull(cursorPath, "cursorPath is null");
    }

    public static Pagination none() {
      return new Pagination("none", "page", 1, "per_page", 100, "offset", "limit", "cursor", "next_cursor");
    }

    static Pagination parse(SectionReader reader) {
      return new Pagination(
          reader.choice("type", "none", TYPES),
          reader.string("page-param", "page"),
          reader.integer("start-page", 1, 0, Integer.MAX_VALUE),
          reader.string("size-param", "per_page"),
          reader.integer("page-size", 100, 1, 100_000),
          reader.string("offset-param", "offset"),
          reader.string("limit-param", "limit"),
          reader.string("cursor-param", "cursor"),
          reader.string("cursor-path", "next_cursor"));
    }
  }

  /**
   * {@code none}, {@code bearer} (token), {@code basic} (user, password), or {@code api-key}
   * (key, sent in {@code header} or in the query parameter {@code query-param}).
   */
  public record Auth(String type, Optional<Secret> token, Optional<String> user, Optional<Secret> password,
      Optional<String> header, Optional<String> queryParam) {
    public static final List<String> TYPES = List.of("none", "bearer", "basic", "api-key");

    public Auth {
      requireNonNull(type, "type is null");
      requireNonNull(token, "token is null");
      requireNonNull(user, "user is null");
      requireNonNull(password, "password is null");
      requireNonNull(header, "header is null");
      requireNonNull(queryParam, "queryParam is null");
    }

    public static Auth none() {
      return new Auth("none", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    static Auth parse(SectionReader reader) {
      String type = reader.choice("type", "none", TYPES);
      Optional<Secret> token = switch (type) {
        case "bearer" -> Optional.of(reader.requiredSecret("token", "write token = \"env:API_TOKEN\""));
        case "api-key" -> Optional.of(reader.requiredSecret("key", "write key = \"env:API_KEY\""));
        default -> Optional.empty();
      };
      Optional<String> user = type.equals("basic")
          ? Optional.of(reader.requiredString("user", "write user = \"name\"")) : Optional.empty();
      Optional<Secret> password = type.equals("basic")
          ? Optional.of(reader.requiredSecret("password", "write password = \"env:API_PASSWORD\"")) : Optional.empty();
      Optional<String> header = reader.optionalString("header");
      Optional<String> queryParam = reader.optionalString("query-param");
      if (type.equals("api-key") && header.isPresent() == queryParam.isPresent()) {
        reader.problem("header", "or query-param must be set, not both or neither",
            "write header = \"X-API-Key\" or query-param = \"api_key\"");
      }
      return new Auth(type, token, user, password, header, queryParam);
    }
  }

  /**
   * Incremental requests: {@code param} is set to the stored watermark, which after a run
   * becomes the greatest value of the record field {@code field}; {@code initial} is used before
   * the first run.
   */
  public record Incremental(String param, String field, Optional<String> initial) {
    public Incremental {
      requireNonNull(param, "param is null");
      requireNonNull(field, "field is null");
      requireNonNull(initial, "initial is null");
    }

    static Incremental parse(SectionReader reader) {
      return new Incremental(
          reader.requiredString("param", "write param = \"updated_since\" (the query parameter the API filters on)"),
          reader.requiredString("field", "write field = \"updated_at\" (the record field that holds the change time)"),
          reader.optionalString("initial"));
    }
  }

  /** Retries on connection errors, 429 and 5xx: exponential backoff with jitter, honouring Retry-After. */
  public record Retry(int maxAttempts, Duration initialBackoff, Duration maxBackoff) {
    public Retry {
      requireNonNull(initialBackoff, "initialBackoff is null");
      requireNonNull(maxBackoff, "maxBackoff is null");
    }

    public static Retry defaults() {
      return new Retry(5, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    static Retry parse(SectionReader reader) {
      return new Retry(
          reader.integer("max-attempts", 5, 1, 100),
          reader.duration("initial-backoff", Duration.ofMillis(500), Duration.ZERO),
          reader.duration("max-backoff", Duration.ofSeconds(30), Duration.ZERO));
    }
  }

  static RestSourceConfig parse(String name, String entity, SectionReader reader) {
    String url = reader.requiredString("url", "write url = \"https://api.example.com/v1/orders\"");
    URI uri = URI.create("http://invalid");
    if (!url.isEmpty()) {
      try {
        uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
          reader.problem("url", "is not an http:// or https:// URL", "write url = \"https://api.example.com/v1/orders\"");
        }
      } catch (IllegalArgumentException e) {
        reader.problem("url", "is not a valid URL", "write url = \"https://api.example.com/v1/orders\"");
      }
    }
    return new RestSourceConfig(name, entity, uri,
        reader.string("records-path", ""),
        reader.section("pagination", Pagination::parse).orElse(Pagination.none()),
        reader.section("auth", Auth::parse).orElse(Auth.none()),
        reader.stringMap("headers"),
        reader.stringMap("params"),
        reader.section("incremental", Incremental::parse),
        reader.section("retry", Retry::parse).orElse(Retry.defaults()),
        reader.integer("requests-per-second", 10, 1, 10_000),
        reader.duration("connect-timeout", Duration.ofSeconds(10), Duration.ofMillis(1)),
        reader.duration("read-timeout", Duration.ofSeconds(30), Duration.ofMillis(1)),
        reader.integer("max-pages", 100_000, 1, Integer.MAX_VALUE));
  }
}
