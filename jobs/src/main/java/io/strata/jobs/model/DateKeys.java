package io.strata.jobs.model;

import static org.apache.spark.sql.functions.call_function;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import io.strata.layout.config.DateReference;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;

/**
 * A date key, {@code dim_date}'s and a fact's: the {@code yyyyMMdd} number of a column's day, as
 * {@code date_format} writes it (in the session time zone), and -1 where a fact's column is null.
 * For a date or timestamp column the number is made from the day's fields: {@code date_format}
 * formats every row through a {@code DateTimeFormatter}, a fifth of the executor time of a
 * 6,000,000-row fact build. Text columns, and years outside 1 to 9999 (whose formatted year is not
 * four digits), keep {@code date_format}.
 */
final class DateKeys {
  private DateKeys() {}

  private static final long MICROS_PER_DAY = 86_400_000_000L;

  /**
   * The day of {@code column} as {@code to_date} gives it. Of a timestamp in a session time zone
   * of fixed offset (UTC by default), it is computed from the microseconds: {@code to_date} makes
   * date and time objects of each row's instant in the zone, and a fact build computes the day of
   * every row for its partition and its date keys.
   */
  static Column day(Dataset<Row> rows, String column) {
    Column value = DimensionColumns.column(column);
    DataType type = rows.select(value).schema().fields()[0].dataType();
    if (type.equals(DataTypes.DateType)) {
      return value;
    }
    ZoneId zone = ZoneId.of(rows.sparkSession().conf().get("spark.sql.session.timeZone")).normalized();
    if (type.equals(DataTypes.TimestampType) && zone instanceof ZoneOffset offset) {
      Column local = unix_micros(value).plus(lit(offset.getTotalSeconds() * 1_000_000L));
      Column days = call_function("div", local.minus(pmod(local, lit(MICROS_PER_DAY))), lit(MICROS_PER_DAY));
      return call_function("date_from_unix_date", days.cast("int"));
    }
    return to_date(value);
  }

  /** {@code rows} with the date key of {@code date} in its key column. */
  static Dataset<Row> with(Dataset<Row> rows, DateReference date) {
    Column value = DimensionColumns.column(date.column());
    DataType type = rows.select(value).schema().fields()[0].dataType();
    if (!type.equals(DataTypes.DateType) && !type.equals(DataTypes.TimestampType) && !type.equals(DataTypes.TimestampNTZType)) {
      return rows.withColumn(date.keyColumn(), coalesce(date_format(value, "yyyyMMdd").cast("int"), lit(-1)));
    }
    // The day is a column of its own, so a row computes it once (Spark does not inline an
    // expression its consumer reads several times).
    String dayColumn = "_day_of_" + date.keyColumn();
    return rows.withColumn(dayColumn, day(rows, date.column()))
        .withColumn(date.keyColumn(), coalesce(ofDay(col(dayColumn)), lit(-1)))
        .drop(dayColumn);
  }

  /** The key of a date column's day ({@code dim_date}'s and a fact's): its {@code yyyyMMdd} number, null for null. */
  static Column ofDay(Column day) {
    Column fields = year(day).multiply(10_000).plus(month(day).multiply(100)).plus(dayofmonth(day));
    return when(year(day).between(1, 9_999), fields).otherwise(date_format(day, "yyyyMMdd").cast("int"));
  }
}
