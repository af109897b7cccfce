package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads RFC 5988 / 8288 {@code Link} headers, e.g.
 * {@code <https://api.example.com/items?page=2>; rel="next", <...?page=9>; rel="last"}.
 */
final class LinkHeader {
  private LinkHeader() {}

  /** One link: its target as written (maybe relative) and its relation types, lower-cased. */
  record Link(String target, List<String> rels) {
    Link {
      requireNonNull(target, "target is null");
      rels = List.copyOf(requireNonNull(rels, "rels is null"));
    }
  }

  /** The target of the first link with relation {@code next} over all the header's values. */
  static Optional<String> next(List<String> headerValues) {
    requireNonNull(headerValues, "headerValues is null");
    for (String value : headerValues) {
      for (Link link : parse(value)) {
        if (link.rels().contains("next")) {
          return Optional.of(link.target());
        }
      }
    }
    return Optional.empty();
  }

  /** The links of one header value; a part without {@code <target>} is skipped. */
  static List<Link> parse(String headerValue) {
    List<Link> links = new ArrayList<>();
    if (headerValue == null) {
      return links;
    }
    int i = 0;
    int n = headerValue.length();
    while (i < n) {
      int open = headerValue.indexOf('<', i);
      if (open < 0) {
        break;
      }
      int close = headerValue.indexOf('>', open + 1);
      if (close < 0) {
        break;
      }
      String target = headerValue.substring(open + 1, close).trim();
      // The parameters run to the next comma that is outside quotes.
      int end = close + 1;
      boolean quoted = false;
      while (end < n) {
        char c = headerValue.charAt(end);
        if (c == '"') {
          quoted = !quoted;
        } else if (c == ',' && !quoted) {
          break;
        }
        end++;
      }
      links.add(new Link(target, rels(headerValue.substring(close + 1, end))));
      i = end + 1;
    }
    return links;
  }

  /** The values of the {@code rel} parameter in {@code ; rel="next last"; title="x"}. */
  private static List<String> rels(String params) {
    List<String> rels = new ArrayList<>();
    for (String param : splitParams(params)) {
      int eq = param.indexOf('=');
      if (eq < 0 || !param.substring(0, eq).trim().equalsIgnoreCase("rel")) {
        continue;
      }
      String value = param.substring(eq + 1).trim();
      if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
        value = value.substring(1, value.length() - 1);
      }
      for (String rel : value.trim().split("\\s+")) {
        if (!rel.isEmpty()) {
          rels.add(rel.toLowerCase(Locale.ROOT));
        }
      }
    }
    return rels;
  }

  /** Splits on {@code ;} outside quotes. */
  private static List<String> splitParams(String params) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (char c : params.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      }
      if (c == ';' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    parts.add(current.toString());
    return parts;
  }
}
