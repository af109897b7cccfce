package io.strata.jobs.ingest.rest;

import java.net.URI;
import java.util.Optional;

/** {@code pagination.type = link-header}: follows the {@code Link: <url>; rel="next"} header until there is none. */
final class LinkHeaderPagination implements PaginationStrategy {
  @Override
  public URI firstPage(URI base) {
    return base;
  }

  @Override
  public Optional<URI> nextPage(URI base, Page page, PageProgress progress) {
    // A relative link is relative to the page that gave it; a malformed one throws IllegalArgumentException.
    return LinkHeader.next(page.linkHeaders()).map(target -> page.url().resolve(target));
  }
}
