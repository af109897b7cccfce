package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;

/**
 * One fetched page, as pagination needs it.
 *
 * @param url the URL requested (with secrets, never printed)
 * @param body the parsed body
 * @param recordCount records on this page
 * @param linkHeaders the values of the response's {@code Link} headers
 */
record Page(URI url, JsonNode body, int recordCount, List<String> linkHeaders) {
  Page {
    requireNonNull(url, "url is null");
    requireNonNull(body, "body is null");
    linkHeaders = List.copyOf(requireNonNull(linkHeaders, "linkHeaders is null"));
  }
}
