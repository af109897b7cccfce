package io.strata.jobs.ingest.rest;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads and sets query parameters of a URL, keeping the other parameters and their order. */
final class QueryParams {
  private QueryParams() {}

  /** {@code uri} with {@code name=value}: replaces the parameter where present, else appends it. */
  static URI with(URI uri, String name, String value) {
    requireNonNull(uri, "uri is null");
    requireNonNull(name, "name is null");
    requireNonNull(value, "value is null");
    String pair = encode(name) + "=" + encode(value);
    List<String> pairs = new ArrayList<>();
    boolean replaced = false;
    for (String existing : pairs(uri)) {
      if (name.equals(nameOf(existing))) {
        if (!replaced) {
          pairs.add(pair);
          replaced = true;
        }
      } else {
        pairs.add(existing);
      }
    }
    if (!replaced) {
      pairs.add(pair);
    }
    return withRawQuery(uri, String.join("&", pairs));
  }

  /** {@code uri} with {@code name=value} unless the URL already has that parameter (e.g. a server's next link). */
  static URI withIfAbsent(URI uri, String name, String value) {
    return value(uri, name).isPresent() ? uri : with(uri, name, value);
  }

  /** The decoded value of the first parameter {@code name}, if the URL has it. */
  static Optional<String> value(URI uri, String name) {
    for (String pair : pairs(uri)) {
      if (name.equals(nameOf(pair))) {
        int eq = pair.indexOf('=');
        return Optional.of(eq < 0 ? "" : decode(pair.substring(eq + 1)));
      }
    }
    return Optional.empty();
  }

  /** The raw {@code name=value} pairs of the query, in order. */
  static List<String> pairs(URI uri) {
    String query = uri.getRawQuery();
    if (query == null || query.isEmpty()) {
      return List.of();
    }
    List<String> pairs = new ArrayList<>();
    for (String pair : query.split("&")) {
      if (!pair.isEmpty()) {
        pairs.add(pair);
      }
    }
    return pairs;
  }

  /** The decoded name of a raw {@code name=value} pair. */
  static String nameOf(String rawPair) {
    int eq = rawPair.indexOf('=');
    return decode(eq < 0 ? rawPair : rawPair.substring(0, eq));
  }

  static URI withRawQuery(URI uri, String rawQuery) {
    StringBuilder text = new StringBuilder();
    text.append(uri.getScheme()).append("://").append(uri.getRawAuthority());
    if (uri.getRawPath() != null) {
      text.append(uri.getRawPath());
    }
    if (!rawQuery.isEmpty()) {
      text.append('?').append(rawQuery);
    }
    return URI.create(text.toString());
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static String decode(String text) {
    try {
      return URLDecoder.decode(text, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return text; // a malformed %-escape from a server's link: compare it as written
    }
  }
}
