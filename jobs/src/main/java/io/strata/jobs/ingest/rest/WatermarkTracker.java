package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/**
 * Keeps the greatest value of the incremental field seen so far, starting from the stored
 * watermark, so the watermark never moves back (an API that ignores the filter cannot rewind it).
 */
final class WatermarkTracker {
  private final String field;
  private String current;

  WatermarkTracker(String field, Optional<String> start) {
    this.field = requireNonNull(field, "field is null");
    this.current = requireNonNull(start, "start is null").orElse(null);
  }

  /** Takes the record's value of the field into account; records without it are skipped. */
  void offer(JsonNode record) {
    JsonPaths.text(record, field).ifPresent(value -> {
      if (current == null || WatermarkOrder.INSTANCE.compare(value, current) > 0) {
        current = value;
      }
    });
  }

  Optional<String> current() {
    return Optional.ofNullable(current);
  }
}
