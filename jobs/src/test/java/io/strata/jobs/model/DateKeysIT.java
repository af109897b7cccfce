package io.strata.jobs.model;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.DateReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The day and the date key made from a value's fields are what to_date and date_format give, for dates, timestamps and
 * text, in any session time zone (fixed offsets take the arithmetic path).
 */
class DateKeysIT {
  /** Values of every kind of day: the calendar's ends, the Gregorian switch, leap days, around midnight and DST in New York. */
  private static final String VALUES = """
      SELECT * FROM VALUES
        ('0001-01-01 00:00:00'), ('0001-01-01 12:00:00'), ('1582-10-04 12:00:00'), ('1582-10-15 00:00:00'), ('1900-02-28 23:59:59'),
        ('1969-12-31 23:59:59'), ('1969-12-31 23:59:59.999999'), ('1970-01-01 00:00:00'), ('1900-01-01 00:00:00.000001'), ('2000-02-29 12:00:00'), ('2024-02-29 23:30:00'), ('2024-03-10 02:30:00'),
        ('2024-03-10 06:59:59'), ('2024-03-10 07:00:00'), ('2024-11-03 01:30:00'), ('2024-11-03 04:59:59'), ('2024-11-03 05:00:00'),
        ('2024-12-31 23:59:59.999999'), ('9999-12-31 23:59:59'), (null) AS t(text)
      """;

  @ParameterizedTest
  @ValueSource(strings = {"UTC", "America/New_York", "Asia/Kolkata", "+05:30", "-08:00"})
  void everyKindOfDayGetsTheDayToDateGivesAndTheKeyDateFormatGives(String zone) {
    SparkSession spark = TestingSpark.session();
    String before = spark.conf().get("spark.sql.session.timeZone");
    spark.conf().set("spark.sql.session.timeZone", zone);
    try {
      Dataset<Row> values = spark.sql(VALUES).selectExpr("text", "CAST(text AS TIMESTAMP) AS ts", "CAST(text AS TIMESTAMP_NTZ) AS ntz",
          "CAST(text AS DATE) AS day")
          .unionAll(spark.sql("SELECT NULL AS text, make_timestamp(10000, 1, 1, 0, 0, 0) AS ts, make_timestamp_ntz(10000, 1, 1, 0, 0, 0) AS ntz,"
              + " make_date(10000, 1, 1) AS day"))
          .unionAll(spark.sql("SELECT NULL AS text, make_timestamp(0, 6, 1, 0, 0, 0) AS ts, make_timestamp_ntz(-5, 6, 1, 0, 0, 0) AS ntz,"
              + " make_date(0, 6, 1) AS day"));
      List<String> mismatches = new ArrayList<>();
      for (String column : List.of("text", "ts", "ntz", "day")) {
        List<Row> keys = DateKeys.with(values, new DateReference("d", column)).select(col(column).cast("string"), col("d_key"),
            coalesce(date_format(col(column), "yyyyMMdd").cast("int"), lit(-1))).collectAsList();
        for (Row row : keys) {
          if (!Objects.equals(row.get(1), row.get(2))) {
            mismatches.add(column + " " + row.get(0) + ": " + row.get(1) + " | " + row.get(2));
          }
        }
        assertThat(keys).as("%s keys", column).hasSize(22);
        for (Row row : values.select(col(column).cast("string"), DateKeys.day(values, column), to_date(col(column))).collectAsList()) {
          if (!Objects.equals(row.get(1), row.get(2))) {
            mismatches.add(column + " " + row.get(0) + ": day " + row.get(1) + " | " + row.get(2));
          }
        }
      }
      assertThat(mismatches).isEmpty();
      Dataset<Row> keyed = values;
      for (String column : List.of("ts", "day", "ntz")) {
        keyed = DateKeys.with(keyed, new DateReference(column, column));
      }
      assertThat(keyed.columns()).containsExactly("text", "ts", "ntz", "day", "ts_key", "day_key", "ntz_key");
      Row typical = keyed.filter(col("text").equalTo("2024-02-29 23:30:00")).select("ts_key", "day_key", "ntz_key").head();
      assertThat(List.of(typical.getInt(0), typical.getInt(1), typical.getInt(2))).containsOnly(20240229);
    } finally {
      spark.conf().set("spark.sql.session.timeZone", before);
    }
  }
}
