package io.strata.jobs.lock;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** A lock file's JSON: {@code {"run_id": ..., "host": ..., "pid": ..., "started_at": ..., "heartbeat_at": ...}}. */
final class LockFileCodec {
  private static final ObjectMapper JSON = new ObjectMapper();

  private LockFileCodec() {}

  static byte[] encode(LockHolder holder) {
    ObjectNode node = JSON.createObjectNode()
        .put("run_id", holder.runId())
        .put("pipeline", holder.pipeline())
        .put("stage", holder.stage())
        .put("target", holder.target())
        .put("host", holder.host())
        .put("pid", holder.pid())
        .put("started_at", holder.startedAt().toString())
        .put("heartbeat_at", holder.heartbeatAt().toString());
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode a lock file", e);
    }
  }

  /** The holder, or empty when the bytes are not a complete lock file (being written, or damaged). */
  static Optional<LockHolder> decode(byte[] bytes) {
    try {
      JsonNode node = JSON.readTree(bytes);
      if (node == null || !node.isObject()) {
        return Optional.empty();
      }
      for (String field : new String[] {"run_id", "pipeline", "stage", "target", "host", "pid", "started_at", "heartbeat_at"}) {
        if (!node.hasNonNull(field)) {
          return Optional.empty();
        }
      }
      return Optional.of(new LockHolder(node.get("run_id").asText(), node.get("pipeline").asText(), node.get("stage").asText(),
          node.get("target").asText(), node.get("host").asText(), node.get("pid").asLong(),
          Instant.parse(node.get("started_at").asText()), Instant.parse(node.get("heartbeat_at").asText())));
    } catch (IOException | DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
