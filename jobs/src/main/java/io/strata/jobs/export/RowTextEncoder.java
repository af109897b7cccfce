package io.strata.jobs.export;

import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.Serializable;
import java.time.LocalDate;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.CharType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import org.apache.spark.sql.types.VarcharType;

/**
 * Writes Spark's internal rows as the text a warehouse bulk-loads, reading each column with the
 * accessor its type needs, chosen once per column. Decimals are written in plain notation.
 *
 * <p>{@link Format#POSTGRESQL_CSV}: {@code COPY ... (FORMAT csv)} lines. A null is an empty
 * unquoted field; every text value is quoted (quotes doubled), so empty strings, commas, newlines,
 * backslashes and a lone {@code \.} arrive as they are. Timestamps are written in UTC with their
 * offset ({@code 2026-03-01 10:00:00.000001+00}), years before 1 with PostgreSQL's {@code BC}.
 *
 * <p>{@link Format#MYSQL_TEXT}: {@code LOAD DATA}'s default text format. Fields are separated by
 * tabs, a null is {@code \N}, and backslash, tab, newline, carriage return and NUL inside text are
 * backslash-escaped. Timestamps are written in UTC without an offset (the session's time zone is
 * UTC), booleans as {@code 1}/{@code 0}, binary values as hex (the load unhexes them).
 */
final class RowTextEncoder implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  enum Format { POSTGRESQL_CSV, MYSQL_TEXT }

  private final Field[] fields;
  private final Format format;

  RowTextEncoder(StructType schema) {
    this(schema, Format.POSTGRESQL_CSV);
  }

  RowTextEncoder(StructType schema, Format format) {
    this.format = format;
    StructField[] columns = schema.fields();
    this.fields = new Field[columns.length];
    for (int i = 0; i < columns.length; i++) {
      fields[i] = format == Format.POSTGRESQL_CSV ? field(columns[i].dataType(), columns[i].name())
          : mysqlField(columns[i].dataType(), columns[i].name());
    }
  }

  void write(InternalRow row, CopyBuffer out) throws IOException {
    boolean mysql = format == Format.MYSQL_TEXT;
    for (int i = 0; i < fields.length; i++) {
      if (i > 0) {
        out.put(mysql ? (byte) '\t' : (byte) ',');
      }
      if (!row.isNullAt(i)) {
        fields[i].write(row, i, out);
      } else if (mysql) {
        out.put((byte) '\\');
        out.put((byte) 'N');
      }
    }
    out.put((byte) '\n');
  }

  /** Writes one non-null column of a row. */
  @FunctionalInterface
  private interface Field extends Serializable {
    void write(InternalRow row, int ordinal, CopyBuffer out) throws IOException;
  }

  private static Field field(DataType type, String column) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return (row, i, out) -> out.putQuoted(row.getUTF8String(i));
    } else if (type instanceof LongType) {
      return (row, i, out) -> out.putLong(row.getLong(i));
    } else if (type instanceof IntegerType) {
      return (row, i, out) -> out.putLong(row.getInt(i));
    } else if (type instanceof ShortType) {
      return (row, i, out) -> out.putLong(row.getShort(i));
    } else if (type instanceof ByteType) {
      return (row, i, out) -> out.putLong(row.getByte(i));
    } else if (type instanceof DecimalType decimal) {
      int precision = decimal.precision();
      int scale = decimal.scale();
      return (row, i, out) -> writeDecimal(row.getDecimal(i, precision, scale), out);
    } else if (type instanceof DoubleType) {
      // Java's shortest round-trip form; PostgreSQL reads its E notation, NaN and Infinity.
      return (row, i, out) -> out.putAscii(Double.toString(row.getDouble(i)));
    } else if (type instanceof FloatType) {
      return (row, i, out) -> out.putAscii(Float.toString(row.getFloat(i)));
    } else if (type instanceof BooleanType) {
      return (row, i, out) -> out.put(row.getBoolean(i) ? (byte) 't' : (byte) 'f');
    } else if (type instanceof DateType) {
      return (row, i, out) -> {
        LocalDate date = LocalDate.ofEpochDay(row.getInt(i));
        writeDate(date, out);
        writeEra(date, out);
      };
    } else if (type instanceof TimestampType) {
      return (row, i, out) -> writeTimestamp(row.getLong(i), true, out);
    } else if (type instanceof TimestampNTZType) {
      return (row, i, out) -> writeTimestamp(row.getLong(i), false, out);
    } else if (type instanceof BinaryType) {
      return (row, i, out) -> out.putHex(row.getBinary(i));
    }
    throw new IllegalArgumentException("column " + column + ": the export cannot write " + type.simpleString());
  }

  private static Field mysqlField(DataType type, String column) {
    if (type instanceof StringType || type instanceof VarcharType || type instanceof CharType) {
      return (row, i, out) -> out.putEscaped(row.getUTF8String(i));
    } else if (type instanceof BooleanType) {
      return (row, i, out) -> out.put(row.getBoolean(i) ? (byte) '1' : (byte) '0');
    } else if (type instanceof DateType) {
      return (row, i, out) -> writeDate(requireCommonEra(LocalDate.ofEpochDay(row.getInt(i)), column), out);
    } else if (type instanceof TimestampType || type instanceof TimestampNTZType) {
      return (row, i, out) -> writeTimestamp(row.getLong(i), false, out, column);
    } else if (type instanceof BinaryType) {
      return (row, i, out) -> out.putHexDigits(row.getBinary(i));
    }
    return field(type, column); // numbers are written alike
  }

  /** MySQL has no years before 1: such a date fails the export rather than arriving as another date. */
  private static LocalDate requireCommonEra(LocalDate date, String column) {
    if (date.getYear() <= 0) {
      throw new StrataException("export: column " + column + " holds " + date + ", before year 1, which MySQL cannot store."
          + " Fix: clean the value in the model, or export to PostgreSQL");
    }
    return date;
  }

  private static void writeDecimal(Decimal value, CopyBuffer out) throws IOException {
    if (value.precision() > Decimal.MAX_LONG_DIGITS()) {
      out.putAscii(value.toJavaBigDecimal().toPlainString());
      return;
    }
    long unscaled = value.toUnscaledLong();
    int scale = value.scale();
    if (unscaled < 0) {
      out.put((byte) '-');
      unscaled = -unscaled; // at most 18 digits: no overflow
    }
    if (scale <= 0) {
      out.putLong(unscaled);
      for (int i = scale; i < 0; i++) {
        out.put((byte) '0');
      }
      return;
    }
    long unit = pow10(scale);
    out.putLong(unscaled / unit);
    out.put((byte) '.');
    out.putPadded(unscaled % unit, scale);
  }

  /** Microseconds since the epoch as {@code yyyy-mm-dd hh:mm:ss[.ffffff]}, with {@code +00} for instants. */
  private static void writeTimestamp(long micros, boolean withOffset, CopyBuffer out) throws IOException {
    writeTimestamp(micros, withOffset, out, null);
  }

  /** {@code column} named: MySQL's, which refuses years before 1. */
  private static void writeTimestamp(long micros, boolean withOffset, CopyBuffer out, String column) throws IOException {
    long day = Math.floorDiv(micros, MICROS_PER_DAY);
    long ofDay = Math.floorMod(micros, MICROS_PER_DAY);
    LocalDate date = column == null ? LocalDate.ofEpochDay(day) : requireCommonEra(LocalDate.ofEpochDay(day), column);
    writeDate(date, out);
    long seconds = ofDay / MICROS_PER_SECOND;
    out.put((byte) ' ');
    out.putPadded(seconds / 3600, 2);
    out.put((byte) ':');
    out.putPadded(seconds / 60 % 60, 2);
    out.put((byte) ':');
    out.putPadded(seconds % 60, 2);
    long fraction = ofDay % MICROS_PER_SECOND;
    if (fraction != 0) {
      out.put((byte) '.');
      out.putPadded(fraction, 6);
    }
    if (withOffset) {
      out.putAscii("+00");
    }
    if (column == null) {
      writeEra(date, out);
    }
  }

  private static void writeDate(LocalDate date, CopyBuffer out) throws IOException {
    int year = date.getYear();
    out.putPadded(year > 0 ? year : 1 - year, 4); // year 0 is 1 BC
    out.put((byte) '-');
    out.putPadded(date.getMonthValue(), 2);
    out.put((byte) '-');
    out.putPadded(date.getDayOfMonth(), 2);
  }

  private static void writeEra(LocalDate date, CopyBuffer out) throws IOException {
    if (date.getYear() <= 0) {
      out.putAscii(" BC");
    }
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }
}
