package io.strata.jobs.ingest.jdbc;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of column a cursor or a partitioning column can be, with how a value is read from
 * the database, stored in the state as text, and written back into SQL as a typed literal.
 * Stored values are parsed before they become SQL, so a tampered state file cannot inject SQL.
 */
public enum CursorType {
  NUMBER, DATE, TIMESTAMP, TIMESTAMP_TZ, TEXT;

  private static final DateTimeFormatter SQL_TIMESTAMP = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final DateTimeFormatter SQL_TIMESTAMP_TZ = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSSSSSxxx", Locale.ROOT);

  /** The kind of column {@code index} (1-based), or empty for types a cursor cannot use. */
  public static Optional<CursorType> of(ResultSetMetaData metadata, int index) throws SQLException {
    String typeName = String.valueOf(metadata.getColumnTypeName(index)).toLowerCase(Locale.ROOT);
    return switch (metadata.getColumnType(index)) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL, Types.NUMERIC,
          Types.REAL, Types.FLOAT, Types.DOUBLE -> Optional.of(NUMBER);
      case Types.DATE -> Optional.of(DATE);
      // PgJDBC reports timestamptz as TIMESTAMP; its type name tells them apart.
      case Types.TIMESTAMP -> Optional.of(typeName.contains("timestamptz") || typeName.contains("with time zone") ? TIMESTAMP_TZ : TIMESTAMP);
      case Types.TIMESTAMP_WITH_TIMEZONE -> Optional.of(TIMESTAMP_TZ);
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR -> Optional.of(TEXT);
      default -> Optional.empty();
    };
  }

  public boolean temporal() {
    return this == DATE || this == TIMESTAMP || this == TIMESTAMP_TZ;
  }

  /** Reads column {@code index} as the text stored in the state, or null for SQL NULL. */
  public String read(ResultSet result, int index) throws SQLException {
    Object value = switch (this) {
      case NUMBER -> result.getBigDecimal(index);
      case DATE -> result.getObject(index, LocalDate.class);
      case TIMESTAMP -> result.getObject(index, LocalDateTime.class);
      case TIMESTAMP_TZ -> result.getObject(index, OffsetDateTime.class);
      case TEXT -> result.getString(index);
    };
    if (value == null) {
      return null;
    }
    return value instanceof BigDecimal number ? number.toPlainString() : value.toString();
  }

  /** The SQL literal for a stored value; throws IllegalArgumentException if it is not a value of this kind. */
  public String literal(SqlDialect dialect, String stored) {
    try {
      return switch (this) {
        case NUMBER -> new BigDecimal(stored.trim()).toPlainString();
        case DATE -> "DATE '" + LocalDate.parse(stored) + "'";
        case TIMESTAMP -> "TIMESTAMP '" + SQL_TIMESTAMP.format(LocalDateTime.parse(stored)) + "'";
        case TIMESTAMP_TZ -> dialect == SqlDialect.POSTGRESQL
            ? "TIMESTAMP WITH TIME ZONE '" + SQL_TIMESTAMP_TZ.format(OffsetDateTime.parse(stored)) + "'"
            : "TIMESTAMP '" + SQL_TIMESTAMP.format(OffsetDateTime.parse(stored).toLocalDateTime()) + "'";
        case TEXT -> dialect.stringLiteral(stored);
      };
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new IllegalArgumentException("'" + stored + "' is not a " + name().toLowerCase(Locale.ROOT).replace('_', ' ') + " value", e);
    }
  }

  /** The stored value moved back by {@code lookback}; only for temporal kinds. */
  public String minus(String stored, Duration lookback) {
    return switch (this) {
      case DATE -> LocalDate.from(LocalDate.parse(stored).atStartOfDay().minus(lookback)).toString();
      case TIMESTAMP -> LocalDateTime.parse(stored).minus(lookback).toString();
      case TIMESTAMP_TZ -> OffsetDateTime.parse(stored).minus(lookback).toString();
      default -> throw new IllegalArgumentException("a look-back window needs a date or timestamp column, not a " + name().toLowerCase(Locale.ROOT));
    };
  }

  /**
   * A stored value as Spark's JDBC source takes it for lowerBound/upperBound: whole numbers
   * (rounded outwards), ISO dates, and timestamps in the Spark session's time zone.
   */
  public String sparkBound(String stored, boolean upper, ZoneId sessionZone) {
    return switch (this) {
      case NUMBER -> new BigDecimal(stored).setScale(0, upper ? RoundingMode.CEILING : RoundingMode.FLOOR).toPlainString();
      case DATE -> LocalDate.parse(stored).toString();
      case TIMESTAMP -> SQL_TIMESTAMP.format(LocalDateTime.parse(stored));
      case TIMESTAMP_TZ -> SQL_TIMESTAMP.format(OffsetDateTime.parse(stored).atZoneSameInstant(sessionZone).toLocalDateTime());
      case TEXT -> throw new IllegalArgumentException("a partitioning column must be numeric, date or timestamp, not text");
    };
  }
}
