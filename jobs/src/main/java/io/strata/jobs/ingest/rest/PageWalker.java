package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.strata.layout.StrataException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a source's pages from the first to the last: fetches each, extracts its records, hands
 * them on with the page's masked URL, and asks the pagination strategy for the next page. Stops
 * on an empty page or when there is no next page; fails past {@code max-pages}.
 */
final class PageWalker {
  private static final Logger LOG = LoggerFactory.getLogger(PageWalker.class);

  /** Receives each page's records with the page's masked URL. */
  interface PageConsumer {
    void accept(String origin, List<JsonNode> records);
  }

  private final String sourceName;
  private final int maxPages;
  private final PaginationStrategy pagination;
  private final PageFetcher fetcher;
  private final RecordsExtractor extractor;
  private final AuthApplier auth;
  private final SecretMasker masker;

  PageWalker(String sourceName, int maxPages, PaginationStrategy pagination, PageFetcher fetcher, RecordsExtractor extractor,
      AuthApplier auth, SecretMasker masker) {
    this.sourceName = requireNonNull(sourceName, "sourceName is null");
    this.maxPages = maxPages;
    this.pagination = requireNonNull(pagination, "pagination is null");
    this.fetcher = requireNonNull(fetcher, "fetcher is null");
    this.extractor = requireNonNull(extractor, "extractor is null");
    this.auth = requireNonNull(auth, "auth is null");
    this.masker = requireNonNull(masker, "masker is null");
  }

  /**
   * Walks from {@code base} (the source URL with {@code params}); returns the pages fetched.
   * {@code params} go on every request: on a server's next link only where the link lacks them.
   */
  int walk(URI base, Map<String, String> params, PageConsumer consumer) {
    int pages = 0;
    long received = 0;
    URI url = pagination.firstPage(base);
    while (true) {
      URI requestUrl = auth.url(withParamsIfAbsent(url, params));
      String origin = masker.url(requestUrl);
      HttpResponse<String> response = fetcher.get(requestUrl);
      pages++;
      JsonNode body = extractor.parse(response.body(), origin);
      List<JsonNode> records = extractor.records(body, origin);
      received += records.size();
      LOG.info("REST source '{}': page {} has {} records ({})", sourceName, pages, records.size(), origin);
      consumer.accept(origin, records);
      if (records.isEmpty()) {
        return pages;
      }
      Page page = new Page(requestUrl, body, records.size(), response.headers().allValues("Link"));
      Optional<URI> next = next(base, page, new PageProgress(pages, received), origin);
      if (next.isEmpty()) {
        return pages;
      }
      if (pages >= maxPages) {
        throw new StrataException("REST source '" + sourceName + "': read " + pages + " pages (max-pages = " + maxPages
            + ") and the API still names a next page, after " + origin + ". This is probably a pagination loop (the same"
            + " page or cursor again): check sources." + sourceName + ".pagination; if the API really has more pages, raise"
            + " sources." + sourceName + ".max-pages");
      }
      url = next.get();
    }
  }

  static URI withParams(URI url, Map<String, String> params) {
    URI result = url;
    for (Map.Entry<String, String> param : params.entrySet()) {
      result = QueryParams.with(result, param.getKey(), param.getValue());
    }
    return result;
  }

  private static URI withParamsIfAbsent(URI url, Map<String, String> params) {
    URI result = url;
    for (Map.Entry<String, String> param : params.entrySet()) {
      result = QueryParams.withIfAbsent(result, param.getKey(), param.getValue());
    }
    return result;
  }

  private Optional<URI> next(URI base, Page page, PageProgress progress, String origin) {
    try {
      return pagination.nextPage(base, page, progress);
    } catch (IllegalArgumentException e) {
      throw new StrataException("REST source '" + sourceName + "': the response of GET " + origin
          + " names a next page that is not a valid URL (" + masker.text(e.getMessage()) + ")");
    }
  }
}
