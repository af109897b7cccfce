package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layout.StrataException;
import java.util.ArrayList;
import java.util.List;

/** Parses a response body and finds the records array at the source's {@code records-path}. */
final class RecordsExtractor {
  private static final int SNIPPET = 80;

  private final String sourceName;
  private final String recordsPath;
  private final ObjectMapper json;
  private final SecretMasker masker;

  RecordsExtractor(String sourceName, String recordsPath, ObjectMapper json, SecretMasker masker) {
    this.sourceName = requireNonNull(sourceName, "sourceName is null");
    this.recordsPath = requireNonNull(recordsPath, "recordsPath is null");
    this.json = requireNonNull(json, "json is null");
    this.masker = requireNonNull(masker, "masker is null");
  }

  /** The body as JSON; {@code maskedUrl} is only used in the error. */
  JsonNode parse(String body, String maskedUrl) {
    try {
      JsonNode node = json.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new StrataException(prefix(maskedUrl) + " has an empty body, not JSON. Check sources." + sourceName + ".url");
      }
      return node;
    } catch (JsonProcessingException e) {
      // Jackson's own message quotes the body; use only where parsing stopped, and a masked start.
      throw new StrataException(prefix(maskedUrl) + " is not JSON (at line " + e.getLocation().getLineNr() + ", column "
          + e.getLocation().getColumnNr() + "; it begins with '" + snippet(body) + "'). Check sources." + sourceName
          + ".url: it must answer with JSON");
    }
  }

  /** The records array at {@code records-path}, element by element. */
  List<JsonNode> records(JsonNode body, String maskedUrl) {
    JsonNode node = JsonPaths.find(body, recordsPath).orElse(null);
    if (node == null || !node.isArray()) {
      String found = node == null ? "nothing" : kind(node);
      String path = recordsPath.isEmpty() ? "'' (the body itself)" : "'" + recordsPath + "'";
      throw new StrataException(prefix(maskedUrl) + " has no array at records-path " + path + " (found " + found
          + "). Fix sources." + sourceName + ".records-path: the dotted path of the records array in the body");
    }
    List<JsonNode> records = new ArrayList<>(node.size());
    node.forEach(records::add);
    return records;
  }

  private String prefix(String maskedUrl) {
    return "REST source '" + sourceName + "': the response of GET " + maskedUrl;
  }

  private String snippet(String body) {
    String start = body.length() > SNIPPET ? body.substring(0, SNIPPET) + "..." : body;
    return masker.text(start).replaceAll("\\s+", " ").trim();
  }

  private static String kind(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> "an object";
      case NULL -> "null";
      case STRING -> "a string";
      case NUMBER -> "a number";
      case BOOLEAN -> "a boolean";
      default -> node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    };
  }
}
