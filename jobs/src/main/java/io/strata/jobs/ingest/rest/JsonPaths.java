package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Optional;

/** Finds a node by a dotted path such as {@code data.items}; an empty path is the node itself. */
final class JsonPaths {
  private JsonPaths() {}

  /**
   * The node at {@code path}, or empty when a step is missing or is not an object (or, for a
   * numeric step, an array). A JSON {@code null} is returned as present: callers decide.
   */
  static Optional<JsonNode> find(JsonNode root, String path) {
    requireNonNull(root, "root is null");
    requireNonNull(path, "path is null");
    if (path.isEmpty()) {
      return Optional.of(root);
    }
    JsonNode node = root;
    for (String step : path.split("\\.", -1)) {
      if (node.isObject()) {
        node = node.get(step);
      } else if (node.isArray() && isIndex(step)) {
        node = node.get(Integer.parseInt(step));
      } else {
        return Optional.empty();
      }
      if (node == null || node.isMissingNode()) {
        return Optional.empty();
      }
    }
    return Optional.of(node);
  }

  /** The node at {@code path} as text, empty when missing, null or an empty string. */
  static Optional<String> text(JsonNode root, String path) {
    return find(root, path)
        .filter(node -> node.isValueNode() && !node.isNull())
        .map(JsonNode::asText)
        .filter(text -> !text.isEmpty());
  }

  private static boolean isIndex(String step) {
    return !step.isEmpty() && step.length() < 10 && step.chars().allMatch(Character::isDigit);
  }
}
