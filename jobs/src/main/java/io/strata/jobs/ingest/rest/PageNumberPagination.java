package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/** {@code pagination.type = page}: {@code pageParam} counts up from {@code startPage}, {@code sizeParam} = page size. */
final class PageNumberPagination implements PaginationStrategy {
  private final String pageParam;
  private final int startPage;
  private final String sizeParam;
  private final int pageSize;

  PageNumberPagination(String pageParam, int startPage, String sizeParam, int pageSize) {
    this.pageParam = requireNonNull(pageParam, "pageParam is null");
    this.startPage = startPage;
    this.sizeParam = requireNonNull(sizeParam, "sizeParam is null");
    this.pageSize = pageSize;
  }

  @Override
  public URI firstPage(URI base) {
    return page(base, startPage);
  }

  @Override
  public Optional<URI> nextPage(URI base, Page page, PageProgress progress) {
    // A short page is not taken as the last: some APIs cap the size below what was asked for.
    return Optional.of(page(base, startPage + progress.pagesFetched()));
  }

  private URI page(URI base, int number) {
    return QueryParams.with(QueryParams.with(base, pageParam, Integer.toString(number)), sizeParam, Integer.toString(pageSize));
  }
}
