package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

/**
 * One record as received: the masked URL of its page, its position on that page (1-based) and
 * its compact JSON text.
 */
record ReceivedRecord(String origin, long number, String json) {
  ReceivedRecord {
    requireNonNull(origin, "origin is null");
    requireNonNull(json, "json is null");
  }
}
