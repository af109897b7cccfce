package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.ingest.SourceState;
import java.util.List;
import java.util.Optional;

/**
 * The watermark of an incremental JDBC source: the greatest cursor tuple read so far. Kept in the
 * source state as two JSON arrays of strings, {@code cursor_columns = ["updated_at","id"]} and
 * {@code cursor = ["2026-03-01T10:00:00.000001","42"]}, values in ISO form for dates and times.
 */
public record CursorState(List<String> columns, List<String> values) {
  public static final String CURSOR = "cursor";
  public static final String CURSOR_COLUMNS = "cursor_columns";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};

  public CursorState {
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    values = List.copyOf(requireNonNull(values, "values is null"));
    if (columns.isEmpty() || columns.size() != values.size()) {
      throw new IllegalArgumentException("a cursor needs one value per column, got " + columns + " and " + values.size() + " values");
    }
  }

  /** The stored cursor, or empty before the first run; throws IllegalArgumentException when the state is not readable. */
  public static Optional<CursorState> from(SourceState state) {
    Optional<String> values = state.get(CURSOR);
    if (values.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> columns = state.get(CURSOR_COLUMNS);
    if (columns.isEmpty()) {
      throw new IllegalArgumentException("the state has a cursor but no cursor_columns");
    }
    return Optional.of(new CursorState(parse(CURSOR_COLUMNS, columns.get()), parse(CURSOR, values.get())));
  }

  public SourceState writeTo(SourceState state) {
    return state.with(CURSOR_COLUMNS, json(columns)).with(CURSOR, json(values));
  }

  private static List<String> parse(String key, String text) {
    try {
      List<String> list = JSON.readValue(text, STRINGS);
      if (list == null || list.contains(null)) {
        throw new IllegalArgumentException(key + " holds a null");
      }
      return list;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(key + " is not a JSON array of strings", e);
    }
  }

  private static String json(List<String> list) {
    try {
      return JSON.writeValueAsString(list);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a list of strings as JSON", e);
    }
  }
}
