package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Optional;

/** {@code pagination.type = cursor}: {@code cursorParam} is set from the body at {@code cursorPath}; none there is the end. */
final class CursorPagination implements PaginationStrategy {
  private final String cursorParam;
  private final String cursorPath;

  CursorPagination(String cursorParam, String cursorPath) {
    this.cursorParam = requireNonNull(cursorParam, "cursorParam is null");
    this.cursorPath = requireNonNull(cursorPath, "cursorPath is null");
  }

  @Override
  public URI firstPage(URI base) {
    return base;
  }

  @Override
  public Optional<URI> nextPage(URI base, Page page, PageProgress progress) {
    return JsonPaths.text(page.body(), cursorPath).map(cursor -> QueryParams.with(base, cursorParam, cursor));
  }
}
