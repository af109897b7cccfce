package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.RestSourceConfig;
import java.net.URI;
import java.util.Optional;

/**
 * How to ask for the first page and for the one after a page. The reader stops on an empty
 * page before asking, so a strategy only says where the next page is, if anywhere.
 */
interface PaginationStrategy {
  /** The first page's URL, from the base URL (the source's url with its params). */
  URI firstPage(URI base);

  /** The page after {@code page}, or empty when it was the last. */
  Optional<URI> nextPage(URI base, Page page, PageProgress progress);

  /** The strategy for {@code pagination.type}. */
  static PaginationStrategy of(RestSourceConfig.Pagination pagination) {
    requireNonNull(pagination, "pagination is null");
    return switch (pagination.type()) {
      case "none" -> new SinglePage();
      case "page" -> new PageNumberPagination(pagination.pageParam(), pagination.startPage(), pagination.sizeParam(),
          pagination.pageSize());
      case "offset" -> new OffsetPagination(pagination.offsetParam(), pagination.limitParam(), pagination.pageSize());
      case "cursor" -> new CursorPagination(pagination.cursorParam(), pagination.cursorPath());
      case "link-header" -> new LinkHeaderPagination();
      default -> throw new IllegalArgumentException("unknown pagination type '" + pagination.type() + "', expected one of "
          + RestSourceConfig.Pagination.TYPES);
    };
  }
}
