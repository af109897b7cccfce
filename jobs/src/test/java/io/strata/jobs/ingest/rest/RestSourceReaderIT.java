package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.rest.RestTestServer.Request;
import io.strata.jobs.ingest.rest.RestTestServer.Response;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.RestSourceConfig;
import io.strata.layout.config.RestSourceConfig.Auth;
import io.strata.layout.config.RestSourceConfig.Incremental;
import io.strata.layout.config.RestSourceConfig.Retry;
import io.strata.layout.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The REST reader against a real HTTP server on loopback, with the shared Spark session. */
class RestSourceReaderIT {
  private static final int ITEMS = 5;

  private static String item(int id) {
    return "{\"id\":" + id + ",\"name\":\"item-" + id + "\"}";
  }

  /** Items {@code from..to} (1-based, inclusive, clipped to the 5 items) as a JSON array. */
  private static String items(long from, long to) {
    return IntStream.rangeClosed((int) Math.max(from, 1), (int) Math.min(to, ITEMS))
        .mapToObj(RestSourceReaderIT::item).collect(Collectors.joining(",", "[", "]"));
  }

  private static SourceRead read(RestSourceConfig config) {
    return read(config, SourceState.empty());
  }

  private static SourceRead read(RestSourceConfig config, SourceState previous) {
    return new RestSourceReader().read(new IngestRequest<>(TestingSpark.session(), config, LocalDate.of(2026, 3, 1),
        previous, previous));
  }

  private static List<String> rows(SourceRead read) {
    return read.records().toJSON().collectAsList();
  }

  private static String row(String origin, int id) {
    return "{\"_origin\":\"" + origin + "\",\"id\":" + id + ",\"name\":\"item-" + id + "\"}";
  }

  private static RestTestServer server(Function<Request, Response> handler) {
    return RestTestServer.start(handler);
  }

  @Test
  void pageNumbersWithParamsAndHeadersOnEveryRequest() {
    try (RestTestServer server = server(request -> {
      int page = Integer.parseInt(request.param("page").orElseThrow());
      int size = Integer.parseInt(request.param("per_page").orElseThrow());
      return Response.json("{\"data\":" + items((page - 1L) * size + 1, (long) page * size) + ",\"page\":" + page + "}");
    })) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items"))
          .recordsPath("data")
          .pagination(RestConfigBuilder.pagination("page", 2))
          .params(Map.of("status", "open"))
          .headers(Map.of("X-Trace", "t-1"))
          .build());

      String page = server.base() + "/items?status=open&page=%d&per_page=2";
      assertThat(rows(read)).containsExactly(
          row(page.formatted(1), 1), row(page.formatted(1), 2),
          row(page.formatted(2), 3), row(page.formatted(2), 4),
          row(page.formatted(3), 5));
      assertThat(server.requests()).extracting(r -> r.uri().toString()).containsExactly(
          "/items?status=open&page=1&per_page=2", "/items?status=open&page=2&per_page=2",
          "/items?status=open&page=3&per_page=2", "/items?status=open&page=4&per_page=2");
      assertThat(server.requests()).allSatisfy(r -> {
        assertThat(r.header("X-Trace")).contains("t-1");
        assertThat(r.header("Accept")).contains("application/json");
      });
      assertThat(read.metrics()).containsEntry("pages", 4L).containsEntry("requests", 4L).containsEntry("retries", 0L)
          .containsEntry("records", 5L);
      assertThat(read.quarantined()).isEmpty();
      assertThat(read.next()).isEqualTo(SourceState.empty());
    }
  }

  @Test
  void offsetAdvancesByRecordsReceived() {
    try (RestTestServer server = server(request -> {
      long offset = Long.parseLong(request.param("offset").orElseThrow());
      long limit = Long.parseLong(request.param("limit").orElseThrow());
      return Response.json(items(offset + 1, offset + limit));
    })) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).pagination(RestConfigBuilder.pagination("offset", 2))
          .build());

      String page = server.base() + "/items?offset=%d&limit=2";
      assertThat(rows(read)).containsExactly(
          row(page.formatted(0), 1), row(page.formatted(0), 2),
          row(page.formatted(2), 3), row(page.formatted(2), 4),
          row(page.formatted(4), 5));
      assertThat(server.requests()).extracting(r -> r.uri().getQuery())
          .containsExactly("offset=0&limit=2", "offset=2&limit=2", "offset=4&limit=2", "offset=5&limit=2");
      assertThat(read.metrics()).containsEntry("pages", 4L).containsEntry("records", 5L);
    }
  }

  @Test
  void cursorFromTheBodyUntilItIsNull() {
    Map<String, String> pages = Map.of(
        "", "{\"items\":" + items(1, 2) + ",\"meta\":{\"next_cursor\":\"c2\"}}",
        "c2", "{\"items\":" + items(3, 4) + ",\"meta\":{\"next_cursor\":\"c3\"}}",
        "c3", "{\"items\":" + items(5, 5) + ",\"meta\":{\"next_cursor\":null}}");
    try (RestTestServer server = server(request -> Response.json(pages.get(request.param("cursor").orElse(""))))) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/v1/items"))
          .recordsPath("items")
          .pagination(RestConfigBuilder.pagination("cursor", 100))
          .build());

      String first = server.base() + "/v1/items";
      String cursor = server.base() + "/v1/items?cursor=%s";
      assertThat(rows(read)).containsExactly(
          row(first, 1), row(first, 2),
          row(cursor.formatted("c2"), 3), row(cursor.formatted("c2"), 4),
          row(cursor.formatted("c3"), 5));
      assertThat(read.metrics()).containsEntry("pages", 3L).containsEntry("requests", 3L)
          .containsEntry("bytes", pages.values().stream().mapToLong(body -> body.getBytes(StandardCharsets.UTF_8).length).sum());
    }
  }

  @Test
  void linkHeaderFollowsAbsoluteAndRelativeNextLinks() {
    AtomicInteger port = new AtomicInteger();
    try (RestTestServer server = server(request -> switch (request.param("page").orElse("1")) {
      case "1" -> Response.json(items(1, 2))
          .withHeader("Link", "<http://127.0.0.1:" + port.get() + "/items?page=2>; rel=\"next\", </items?page=3>; rel=\"last\"");
      case "2" -> Response.json(items(3, 4)).withHeader("Link", "</items?page=1>; rel=\"prev\", </items?page=3>; rel=\"next\"");
      default -> Response.json(items(5, 5)).withHeader("Link", "</items?page=2>; rel=\"prev\"");
    })) {
      port.set(server.url("/").getPort());
      SourceRead read = read(RestConfigBuilder.at(server.url("/items"))
          .pagination(RestConfigBuilder.pagination("link-header", 100))
          .build());

      String first = server.base() + "/items";
      String page = server.base() + "/items?page=%d";
      assertThat(rows(read)).containsExactly(
          row(first, 1), row(first, 2),
          row(page.formatted(2), 3), row(page.formatted(2), 4),
          row(page.formatted(3), 5));
      assertThat(read.metrics()).containsEntry("pages", 3L).containsEntry("records", 5L);
    }
  }

  @Test
  void retriesAfter429And503HonouringRetryAfter() {
    AtomicInteger calls = new AtomicInteger();
    try (RestTestServer server = server(request -> switch (calls.incrementAndGet()) {
      case 1 -> Response.status(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1");
      case 2 -> Response.status(503, "");
      default -> Response.json(items(1, 1));
    })) {
      long start = System.nanoTime();
      SourceRead read = read(RestConfigBuilder.at(server.url("/items"))
          .retry(new Retry(5, Duration.ofMillis(10), Duration.ofMillis(50)))
          .build());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(rows(read)).containsExactly(row(server.base() + "/items", 1));
      assertThat(read.metrics()).containsEntry("requests", 3L).containsEntry("retries", 2L).containsEntry("pages", 1L);
      assertThat(server.requests()).hasSize(3);
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
  }

  @Test
  void retriesExhaustedNameUrlStatusAndAttempts() {
    try (RestTestServer server = server(request -> Response.status(503, "busy"))) {
      RestSourceConfig config = RestConfigBuilder.at(server.url("/items?region=eu"))
          .retry(new Retry(3, Duration.ofMillis(5), Duration.ofMillis(20)))
          .build();

      assertThatThrownBy(() -> read(config))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': GET " + server.base() + "/items?region=eu failed after 3 attempts"
              + " (retry.max-attempts = 3); last status 503 Service Unavailable. The API kept failing: try again later,"
              + " or raise sources.orders_api.retry.max-attempts");
      assertThat(server.requests()).hasSize(3);
    }
  }

  @Test
  void unreachableHostFailsAfterRetriesWithAHint() {
    RestTestServer gone = server(request -> Response.json("[]"));
    java.net.URI url = gone.url("/items");
    gone.close();
    RestSourceConfig config = RestConfigBuilder.at(url).retry(new Retry(2, Duration.ofMillis(5), Duration.ofMillis(10))).build();

    assertThatThrownBy(() -> read(config))
        .isInstanceOf(StrataException.class)
        .hasMessageStartingWith("REST source 'orders_api': GET " + url + " failed after 2 attempts (retry.max-attempts = 2);"
            + " last error ConnectException")
        .hasMessageEndingWith("Check sources.orders_api.url and that the API is reachable from this machine"
            + " (connect-timeout, read-timeout)");
  }

  @Test
  void bearerTokenIsSentAndAWrongOneFailsAtOnceWithoutShowingIt() {
    Function<Request, Response> api = request -> request.header("Authorization").equals(Optional.of("Bearer s3cr3t-token"))
        ? Response.json(items(1, 1))
        : Response.status(401, "{\"error\":\"invalid token " + request.header("Authorization").orElse("") + "\"}");
    try (RestTestServer server = server(api)) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).auth(bearer("s3cr3t-token")).build());
      assertThat(rows(read)).containsExactly(row(server.base() + "/items", 1));

      RestSourceConfig wrong = RestConfigBuilder.at(server.url("/items")).auth(bearer("wr0ng-t0ken")).build();
      assertThatThrownBy(() -> read(wrong))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': GET " + server.base() + "/items answered 401 Unauthorized:"
              + " {\"error\":\"invalid token Bearer ***\"}. Check the auth settings of the source (sources.orders_api.auth:"
              + " type, and that the secret it references is current and allowed to read this URL)")
          .hasMessageNotContaining("wr0ng-t0ken");
      assertThat(server.requests()).hasSize(2); // no retry of a 401
    }
  }

  @Test
  void apiKeyInTheQueryIsMaskedInOriginAndErrors() {
    try (RestTestServer server = server(request -> request.param("api_key").equals(Optional.of("k3y-123"))
        ? Response.json(items(1, 2))
        : Response.status(403, "key " + request.param("api_key").orElse("") + " may not read"))) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).auth(apiKeyInQuery("k3y-123")).build());

      String origin = server.base() + "/items?api_key=***";
      assertThat(rows(read)).containsExactly(row(origin, 1), row(origin, 2));
      assertThat(server.requests().get(0).uri().getQuery()).isEqualTo("api_key=k3y-123");

      RestSourceConfig wrong = RestConfigBuilder.at(server.url("/items")).auth(apiKeyInQuery("bad-k3y")).build();
      assertThatThrownBy(() -> read(wrong))
          .isInstanceOf(StrataException.class)
          .hasMessageStartingWith("REST source 'orders_api': GET " + origin + " answered 403 Forbidden: key *** may not read."
              + " Check the auth settings")
          .hasMessageNotContaining("bad-k3y");
    }
  }

  @Test
  void incrementalSendsInitialThenTheStoredWatermark() {
    List<String> updates = List.of("2026-02-27T08:00:00Z", "2026-03-01T10:30:00Z", "2026-02-28T23:00:00Z");
    Function<Request, Response> api = request -> {
      String since = request.param("updated_since").orElse("");
      String records = IntStream.range(0, updates.size())
          .filter(i -> updates.get(i).compareTo(since) > 0)
          .mapToObj(i -> "{\"id\":" + (i + 1) + ",\"updated_at\":\"" + updates.get(i) + "\"}")
          .collect(Collectors.joining(",", "[", "]"));
      return Response.json(records);
    };
    try (RestTestServer server = server(api)) {
      RestSourceConfig config = RestConfigBuilder.at(server.url("/changes"))
          .incremental(new Incremental("updated_since", "updated_at", Optional.of("2026-01-01T00:00:00Z")))
          .build();

      SourceRead first = read(config);
      assertThat(server.requests().get(0).param("updated_since")).contains("2026-01-01T00:00:00Z");
      assertThat(first.records().count()).isEqualTo(3);
      assertThat(first.next()).isEqualTo(SourceState.empty().with("watermark", "2026-03-01T10:30:00Z"));

      SourceRead second = read(config, first.next());
      assertThat(server.requests().get(1).param("updated_since")).contains("2026-03-01T10:30:00Z");
      assertThat(second.records().columns()).containsExactly(SourceRead.ORIGIN);
      assertThat(second.records().count()).isZero();
      assertThat(second.next()).isEqualTo(first.next());
      assertThat(second.metrics()).containsEntry("records", 0L).containsEntry("pages", 1L);
    }
  }

  @Test
  void incrementalWithoutStateOrInitialSendsNoFilter() {
    try (RestTestServer server = server(request -> Response.json("[{\"id\":1,\"version\":7},{\"id\":2,\"version\":12}]"))) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/changes"))
          .incremental(new Incremental("min_version", "version", Optional.empty()))
          .build());

      assertThat(server.requests().get(0).uri().getQuery()).isNull();
      assertThat(read.next().get("watermark")).contains("12"); // numerically, not "7" > "12"
    }
  }

  @Test
  void elementsThatAreNotObjectsAreQuarantined() {
    try (RestTestServer server = server(request -> Response.json("[{\"id\":1,\"name\":\"item-1\"},7,\"x\",{\"id\":2,\"name\":\"item-2\"}]"))) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).build());

      String origin = server.base() + "/items";
      assertThat(rows(read)).containsExactly(row(origin, 1), row(origin, 2));
      assertThat(read.quarantined()).isPresent();
      assertThat(read.quarantined().get().columns()).containsExactly(SourceRead.QUARANTINE_COLUMNS);
      assertThat(read.quarantined().get().collectAsList()).extracting(Row::toString).containsExactly(
          "[" + origin + ",2,7,not a JSON object but number]", "[" + origin + ",3,\"x\",not a JSON object but string]");
      assertThat(read.metrics()).containsEntry("records", 2L).containsEntry("quarantined", 2L);
    }
  }

  @Test
  void aCursorThatNeverEndsHitsMaxPages() {
    try (RestTestServer server = server(request -> Response.json("{\"items\":[{\"id\":1}],\"meta\":{\"next_cursor\":\"same\"}}"))) {
      RestSourceConfig config = RestConfigBuilder.at(server.url("/items")).recordsPath("items")
          .pagination(RestConfigBuilder.pagination("cursor", 10)).maxPages(3).build();

      assertThatThrownBy(() -> read(config))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': read 3 pages (max-pages = 3) and the API still names a next page, after "
              + server.base() + "/items?cursor=same. This is probably a pagination loop (the same page or cursor again):"
              + " check sources.orders_api.pagination; if the API really has more pages, raise sources.orders_api.max-pages");
      assertThat(server.requests()).hasSize(3);
    }
  }

  @Test
  void aBodyThatIsNotJsonOrLacksTheArrayFailsClearly() {
    try (RestTestServer server = server(request -> request.uri().getPath().equals("/html")
        ? Response.json("<html>maintenance</html>")
        : Response.json("{\"results\":[]}"))) {
      assertThatThrownBy(() -> read(RestConfigBuilder.at(server.url("/html")).build()))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': the response of GET " + server.base() + "/html is not JSON (at line 1,"
              + " column 1; it begins with '<html>maintenance</html>'). Check sources.orders_api.url: it must answer with JSON");
      assertThatThrownBy(() -> read(RestConfigBuilder.at(server.url("/json")).recordsPath("data").build()))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': the response of GET " + server.base() + "/json has no array at"
              + " records-path 'data' (found nothing). Fix sources.orders_api.records-path: the dotted path of the records"
              + " array in the body");
    }
  }

  @Test
  void requestsPerSecondSpacesRequests() {
    try (RestTestServer server = server(request -> {
      int page = Integer.parseInt(request.param("page").orElseThrow());
      return Response.json(page <= 3 ? items(page, page) : "[]");
    })) {
      long start = System.nanoTime();
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).pagination(RestConfigBuilder.pagination("page", 1))
          .requestsPerSecond(5).build());
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

      assertThat(read.metrics()).containsEntry("requests", 4L);
      assertThat(elapsed).isGreaterThanOrEqualTo(Duration.ofMillis(550)); // 4 requests, 200 ms apart
    }
  }

  @Test
  void aRecordFieldNamedOriginIsRefused() {
    try (RestTestServer server = server(request -> Response.json("[{\"id\":1,\"_origin\":\"crm\"}]"))) {
      assertThatThrownBy(() -> read(RestConfigBuilder.at(server.url("/items")).build()))
          .isInstanceOf(StrataException.class)
          .hasMessage("REST source 'orders_api': records have a field '_origin', which clashes with the column _origin"
              + " Strata adds for the page URL");
    }
  }

  @Test
  void aSlowAnswerTimesOutAndIsRetried() {
    AtomicInteger calls = new AtomicInteger();
    try (RestTestServer server = server(request -> {
      if (calls.incrementAndGet() == 1) {
        try {
          Thread.sleep(800);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return Response.json(items(1, 1));
    })) {
      SourceRead read = read(RestConfigBuilder.at(server.url("/items")).readTimeout(Duration.ofMillis(200)).build());

      assertThat(rows(read)).containsExactly(row(server.base() + "/items", 1));
      assertThat(read.metrics()).containsEntry("requests", 2L).containsEntry("retries", 1L);
    }
  }

  @Test
  void basicAuthAndApiKeyHeaderAreSent() {
    try (RestTestServer server = server(request -> {
      boolean basic = request.header("Authorization").equals(Optional.of("Basic YW5uOnB3LTE=")); // ann:pw-1
      boolean key = request.header("X-API-Key").equals(Optional.of("hk-9"));
      return basic || key ? Response.json(items(1, 1)) : Response.status(401, "");
    })) {
      Auth basic = new Auth("basic", Optional.empty(), Optional.of("ann"), Optional.of(Secret.of("env:PW", "pw-1")),
          Optional.empty(), Optional.empty());
      Auth keyHeader = new Auth("api-key", Optional.of(Secret.of("env:KEY", "hk-9")), Optional.empty(), Optional.empty(),
          Optional.of("X-API-Key"), Optional.empty());

      assertThat(rows(read(RestConfigBuilder.at(server.url("/items")).auth(basic).build())))
          .containsExactly(row(server.base() + "/items", 1));
      assertThat(rows(read(RestConfigBuilder.at(server.url("/items")).auth(keyHeader).build())))
          .containsExactly(row(server.base() + "/items", 1));
    }
  }

  private static Auth bearer(String token) {
    return new Auth("bearer", Optional.of(Secret.of("env:API_TOKEN", token)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.empty());
  }

  private static Auth apiKeyInQuery(String key) {
    return new Auth("api-key", Optional.of(Secret.of("env:API_KEY", key)), Optional.empty(), Optional.empty(),
        Optional.empty(), Optional.of("api_key"));
  }
}
