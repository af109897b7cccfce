package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.to_timestamp;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * The columns the engine adds to a dimension, and the conventions behind them. An open version
 * ends at {@link #FAR_FUTURE} rather than null, so a point-in-time lookup is one
 * {@code effective_from <= t < effective_to} comparison and the warehouse needs no null handling.
 */
public final class DimensionColumns {
  public static final String EFFECTIVE_FROM = "effective_from";
  public static final String EFFECTIVE_TO = "effective_to";
  public static final String IS_CURRENT = "is_current";
  public static final String VERSION = "version";
  public static final String IS_DELETED = "is_deleted";
  public static final String ROW_HASH = "row_hash";
  /** The end of an open version: effective_to of every current row. */
  public static final String FAR_FUTURE = "9999-12-31 23:59:59";
  /** The start of the unknown member's only version. */
  public static final String BEGINNING = "1900-01-01 00:00:00";
  /** The surrogate key of the unknown member every dimension has. */
  public static final long UNKNOWN_KEY = -1L;

  private DimensionColumns() {}

  public static Column farFuture() {
    return to_timestamp(lit(FAR_FUTURE));
  }

  /** Midnight of the run date in the session time zone: the change time when the source has none. */
  public static Column startOf(LocalDate date) {
    return to_timestamp(lit(date.toString()));
  }

  /** A hash of {@code columns} in which null differs from every value, empty strings included. */
  public static Column hashOf(List<String> columns) {
    return sha2(to_json(struct(columns.stream().map(DimensionColumns::column).toArray(Column[]::new)),
        Map.of("ignoreNullFields", "false")), 256);
  }

  /** A column by name, quoted so names with dots or odd characters resolve as one column. */
  public static Column column(String name) {
    return col("`" + name.replace("`", "``") + "`");
  }

  public static Column[] columns(List<String> names) {
    return names.stream().map(DimensionColumns::column).toArray(Column[]::new);
  }

}
