package io.strata.jobs.ingest.jdbc;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.JdbcSourceConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what a run reads, with a few small queries: checks the source and its columns, finds
 * the new watermark and bounds the range by it, and finds partition bounds when not configured.
 *
 * <p>The range of an incremental run is {@code previous < cursor <= greatest} (or, with a
 * look-back window, {@code first >= previous.first - lookback AND cursor <= greatest}). Bounding it
 * above means rows committed while Spark reads wait for the next run instead of being read without
 * moving the watermark past them.
 */
public final class ReadPlanner {
  private final JdbcSourceConfig source;
  private final SqlDialect dialect;
  private final SourceRelation relation;

  public ReadPlanner(JdbcSourceConfig source, SqlDialect dialect, SourceRelation relation) {
    this.source = requireNonNull(source, "source is null");
    this.dialect = requireNonNull(dialect, "dialect is null");
    this.relation = requireNonNull(relation, "relation is null");
  }

  public ReadPlan plan(Connection connection, Optional<CursorState> previous, ZoneId sparkZone) throws SQLException {
    List<String> probed = new ArrayList<>(source.cursor());
    source.partitioning().map(JdbcSourceConfig.Partitioning::column).filter(column -> !probed.contains(column)).ifPresent(probed::add);
    Map<String, Optional<CursorType>> types = new ColumnProbe(dialect).probe(connection, relation, probed);

    Optional<String> condition = Optional.empty();
    Optional<CursorState> watermark = Optional.empty();
    boolean empty = false;
    if (source.incremental()) {
      List<CursorType> cursorTypes = source.cursor().stream().map(column -> usable(types, column, "cursor")).toList();
      List<String> quoted = source.cursor().stream().map(dialect::quote).toList();
      Optional<String> lower = previous.map(cursor -> lowerBound(quoted, cursorTypes, cursor));
      Optional<List<String>> greatest = new WatermarkFinder(dialect).greatest(connection, relation, source.cursor(), cursorTypes, lower.orElse(""));
      if (greatest.isEmpty()) {
        empty = true;
        condition = Optional.of(CursorPredicates.and(List.of(lower.orElse(""), "1 = 0")));
      } else {
        List<String> upper = literals(cursorTypes, greatest.get());
        condition = Optional.of(CursorPredicates.and(List.of(lower.orElse(""), CursorPredicates.notNull(quoted),
            CursorPredicates.atOrBefore(quoted, upper))));
        watermark = Optional.of(new CursorState(source.cursor(), greatest.get()));
      }
    }

    Optional<ReadPlan.SparkPartitioning> partitioning = Optional.empty();
    if (source.partitioning().isPresent() && !empty) {
      partitioning = partitioning(connection, source.partitioning().get(), types, condition, sparkZone);
    }
    return new ReadPlan(condition, partitioning, watermark, empty);
  }

  private String lowerBound(List<String> quoted, List<CursorType> types, CursorState cursor) {
    if (!cursor.columns().equals(source.cursor())) {
      throw new StrataException("source '" + source.name() + "': the stored cursor is on " + cursor.columns() + " but sources." + source.name()
          + ".cursor is " + source.cursor() + ". Fix: restore cursor = " + cursor.columns()
          + ", or remove the source's state under the lake's _state area to read it again from the start");
    }
    if (source.lookback().isZero() || source.lookback().isNegative()) {
      return CursorPredicates.after(quoted, literals(types, cursor.values()));
    }
    CursorType first = types.get(0);
    if (!first.temporal()) {
      throw new StrataException("source '" + source.name() + "': sources." + source.name() + ".lookback needs the first cursor column ('"
          + source.cursor().get(0) + "') to be a date or timestamp, but it is " + describe(first)
          + ". Fix: remove lookback, or put a date or timestamp column first in cursor");
    }
    String movedBack = first.minus(cursor.values().get(0), source.lookback());
    return CursorPredicates.atLeast(quoted.get(0), literal(first, movedBack));
  }

  private List<String> literals(List<CursorType> types, List<String> values) {
    List<String> literals = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      literals.add(literal(types.get(i), values.get(i)));
    }
    return literals;
  }

  private String literal(CursorType type, String value) {
    try {
      return type.literal(dialect, value);
    } catch (IllegalArgumentException e) {
      throw new StrataException("source '" + source.name() + "': the stored cursor does not fit the cursor columns' types ("
          + e.getMessage() + "). Fix: check that sources." + source.name() + ".cursor names the same columns with the same types as before", e);
    }
  }

  private Optional<ReadPlan.SparkPartitioning> partitioning(Connection connection, JdbcSourceConfig.Partitioning configured,
      Map<String, Optional<CursorType>> types, Optional<String> condition, ZoneId sparkZone) throws SQLException {
    CursorType type = usable(types, configured.column(), "partitioning.column");
    if (type == CursorType.TEXT) {
      throw new StrataException("source '" + source.name() + "': sources." + source.name() + ".partitioning.column '" + configured.column()
          + "' is a text column. Fix: name a numeric, date or timestamp column to split on");
    }
    String lower;
    String upper;
    if (configured.lower().isPresent() && configured.upper().isPresent()) {
      lower = configured.lower().get();
      upper = configured.upper().get();
    } else {
      Optional<PartitionBoundsFinder.Bounds> found = new PartitionBoundsFinder(dialect)
          .find(connection, relation, configured.column(), type, condition.orElse("1 = 1"));
      if (found.isEmpty()) {
        return Optional.empty(); // nothing to split: one partition reads the (empty) range
      }
      lower = configured.lower().orElse(type.sparkBound(found.get().lower(), false, sparkZone));
      upper = configured.upper().orElse(type.sparkBound(found.get().upper(), true, sparkZone));
    }
    return Optional.of(new ReadPlan.SparkPartitioning(configured.column(), configured.count(), lower, upper));
  }

  private CursorType usable(Map<String, Optional<CursorType>> types, String column, String key) {
    return types.get(column).orElseThrow(() -> new StrataException("source '" + source.name() + "': sources." + source.name() + "." + key
        + " names column '" + column + "', whose type cannot be compared as a cursor or split on. Fix: use a numeric, date, timestamp"
        + (key.equals("cursor") ? " or text" : "") + " column"));
  }

  private static String describe(CursorType type) {
    return type.name().toLowerCase(Locale.ROOT).replace('_', ' ');
  }
}
