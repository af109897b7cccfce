package io.strata.jobs.ingest.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layout.config.RestSourceConfig.Pagination;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestPaginationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final URI BASE = URI.create("https://api.test/v1/items?status=open");

  private static Pagination pagination(String type) {
    return new Pagination(type, "page", 1, "per_page", 50, "offset", "limit", "cursor", "meta.next");
  }

  private static Page page(URI url, String body, int records, String... links) throws Exception {
    return new Page(url, JSON.readTree(body), records, List.of(links));
  }

  @Test
  void noneAsksOnce() throws Exception {
    PaginationStrategy none = PaginationStrategy.of(pagination("none"));

    assertThat(none.firstPage(BASE)).isEqualTo(BASE);
    assertThat(none.nextPage(BASE, page(BASE, "[1]", 1), new PageProgress(1, 1))).isEmpty();
  }

  @Test
  void pageCountsUpFromStartPageWithSize() throws Exception {
    PaginationStrategy paging = PaginationStrategy.of(new Pagination("page", "p", 0, "size", 2, "o", "l", "c", "n"));

    URI first = paging.firstPage(BASE);
    assertThat(first).hasToString("https://api.test/v1/items?status=open&p=0&size=2");
    assertThat(paging.nextPage(BASE, page(first, "[1,2]", 2), new PageProgress(1, 2)))
        .contains(URI.create("https://api.test/v1/items?status=open&p=1&size=2"));
    assertThat(paging.nextPage(BASE, page(first, "[1]", 1), new PageProgress(3, 5)))
        .contains(URI.create("https://api.test/v1/items?status=open&p=3&size=2"));
  }

  @Test
  void offsetAdvancesByRecordsReceivedNotByPageSize() throws Exception {
    PaginationStrategy offset = PaginationStrategy.of(pagination("offset"));

    URI first = offset.firstPage(BASE);
    assertThat(first).hasToString("https://api.test/v1/items?status=open&offset=0&limit=50");
    // The API capped the page at 20 records: the next offset is 20, not 50.
    assertThat(offset.nextPage(BASE, page(first, "[]", 20), new PageProgress(1, 20)))
        .contains(URI.create("https://api.test/v1/items?status=open&offset=20&limit=50"));
  }

  @Test
  void cursorTakesTheBodyValueAtTheDottedPath() throws Exception {
    PaginationStrategy cursor = PaginationStrategy.of(pagination("cursor"));

    assertThat(cursor.firstPage(BASE)).isEqualTo(BASE);
    assertThat(cursor.nextPage(BASE, page(BASE, "{\"meta\":{\"next\":\"abc 1/2\"}}", 1), new PageProgress(1, 1)))
        .contains(URI.create("https://api.test/v1/items?status=open&cursor=abc+1%2F2"));
    assertThat(cursor.nextPage(BASE, page(BASE, "{\"meta\":{\"next\":42}}", 1), new PageProgress(1, 1)))
        .contains(URI.create("https://api.test/v1/items?status=open&cursor=42"));
  }

  @Test
  void cursorStopsWhenMissingNullOrEmpty() throws Exception {
    PaginationStrategy cursor = PaginationStrategy.of(pagination("cursor"));
    PageProgress progress = new PageProgress(1, 1);

    assertThat(cursor.nextPage(BASE, page(BASE, "{\"meta\":{}}", 1), progress)).isEmpty();
    assertThat(cursor.nextPage(BASE, page(BASE, "{\"meta\":{\"next\":null}}", 1), progress)).isEmpty();
    assertThat(cursor.nextPage(BASE, page(BASE, "{\"meta\":{\"next\":\"\"}}", 1), progress)).isEmpty();
    assertThat(cursor.nextPage(BASE, page(BASE, "{}", 1), progress)).isEmpty();
  }

  @Test
  void linkHeaderFollowsNextResolvedAgainstThePage() throws Exception {
    PaginationStrategy links = PaginationStrategy.of(pagination("link-header"));
    URI current = URI.create("https://api.test/v1/items?page=2");

    assertThat(links.firstPage(BASE)).isEqualTo(BASE);
    assertThat(links.nextPage(BASE, page(current, "[1]", 1, "</v1/items?page=3>; rel=\"next\""), new PageProgress(2, 2)))
        .contains(URI.create("https://api.test/v1/items?page=3"));
    assertThat(links.nextPage(BASE, page(current, "[1]", 1, "<https://other.test/x?page=3>; rel=\"next\""),
        new PageProgress(2, 2))).contains(URI.create("https://other.test/x?page=3"));
    assertThat(links.nextPage(BASE, page(current, "[1]", 1, "</v1/items?page=1>; rel=\"prev\""), new PageProgress(2, 2)))
        .isEmpty();
  }

  @Test
  void unknownTypeIsAProgrammingError() {
    assertThatThrownBy(() -> PaginationStrategy.of(pagination("pages")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknown pagination type 'pages', expected one of [none, page, offset, cursor, link-header]");
  }

  @Test
  void queryParamsReplaceOrAppendAndKeepOrder() {
    URI url = URI.create("https://api.test/x?a=1&b=2&a=3");

    assertThat(QueryParams.with(url, "a", "9")).hasToString("https://api.test/x?a=9&b=2");
    assertThat(QueryParams.with(url, "c", "x y&z")).hasToString("https://api.test/x?a=1&b=2&a=3&c=x+y%26z");
    assertThat(QueryParams.withIfAbsent(url, "b", "7")).isEqualTo(url);
    assertThat(QueryParams.value(URI.create("https://api.test/x?since=2024-01-01T00%3A00%3A00Z"), "since"))
        .contains("2024-01-01T00:00:00Z");
    assertThat(QueryParams.with(URI.create("https://api.test/x"), "a", "1")).hasToString("https://api.test/x?a=1");
  }
}
