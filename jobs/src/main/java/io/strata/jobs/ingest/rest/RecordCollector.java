package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Keeps the records of every page with their origin: JSON objects as records (feeding the
 * watermark), anything else in the records array for the quarantine.
 */
final class RecordCollector {
  private final ObjectMapper json;
  private final Optional<WatermarkTracker> watermark;
  private final List<ReceivedRecord> records = new ArrayList<>();
  private final List<RecordsFrame.QuarantinedRecord> quarantined = new ArrayList<>();

  RecordCollector(ObjectMapper json, Optional<WatermarkTracker> watermark) {
    this.json = requireNonNull(json, "json is null");
    this.watermark = requireNonNull(watermark, "watermark is null");
  }

  void add(String origin, List<JsonNode> page) {
    for (int i = 0; i < page.size(); i++) {
      JsonNode node = page.get(i);
      ReceivedRecord record = new ReceivedRecord(origin, i + 1L, compact(node));
      if (node.isObject()) {
        records.add(record);
        watermark.ifPresent(tracker -> tracker.offer(node));
      } else {
        quarantined.add(new RecordsFrame.QuarantinedRecord(record,
            "not a JSON object but " + node.getNodeType().name().toLowerCase(Locale.ROOT)));
      }
    }
  }

  List<ReceivedRecord> records() {
    return List.copyOf(records);
  }

  List<RecordsFrame.QuarantinedRecord> quarantined() {
    return List.copyOf(quarantined);
  }

  Optional<String> watermark() {
    return watermark.flatMap(WatermarkTracker::current);
  }

  private String compact(JsonNode node) {
    try {
      return json.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a parsed JSON node could not be written back", e);
    }
  }
}
