package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/** {@code pagination.type = offset}: {@code offsetParam} advances by the records received, {@code limitParam} = page size. */
final class OffsetPagination implements PaginationStrategy {
  private final String offsetParam;
  private final String limitParam;
  private final int pageSize;

  OffsetPagination(String offsetParam, String limitParam, int pageSize) {
    this.offsetParam = requireNonNull(offsetParam, "offsetParam is null");
    this.limitParam = requireNonNull(limitParam, "limitParam is null");
    this.pageSize = pageSize;
  }

  @Override
  public URI firstPage(URI base) {
    return at(base, 0);
  }

  @Override
  public Optional<URI> nextPage(URI base, Page page, PageProgress progress) {
    // By records received, not by page size: an API that caps the limit lower still gets every record.
    return Optional.of(at(base, progress.recordsReceived()));
  }

  private URI at(URI base, long offset) {
    return QueryParams.with(QueryParams.with(base, offsetParam, Long.toString(offset)), limitParam, Integer.toString(pageSize));
  }
}
