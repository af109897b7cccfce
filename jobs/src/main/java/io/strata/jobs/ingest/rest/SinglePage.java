package io.strata.jobs.ingest.rest;

import java.net.URI;
import java.util.Optional;

/** {@code pagination.type = none}: one request. */
final class SinglePage implements PaginationStrategy {
  @Override
  public URI firstPage(URI base) {
    return base;
  }

  @Override
  public Optional<URI> nextPage(URI base, Page page, PageProgress progress) {
    return Optional.empty();
  }
}
