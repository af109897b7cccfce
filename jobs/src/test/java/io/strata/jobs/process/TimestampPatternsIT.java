package io.strata.jobs.process;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.try_to_timestamp;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The cast fast path parses exactly what the declared pattern parses, to the same values, on values of every shape. */
class TimestampPatternsIT {
  private static final List<String> VALUES = Arrays.asList(
      "2024-01-01 10:00:00", "2024-02-29 23:59:59", "2023-02-29 10:00:00", "2024-04-31 10:00:00", "2024-13-01 00:00:00",
      "2024-00-10 00:00:00", "2024-01-00 00:00:00", "2024-01-01 24:00:00", "2024-01-01 23:60:00", "2024-01-01 23:59:60",
      "0000-01-01 00:00:00", "0001-01-01 00:00:00", "9999-12-31 23:59:59", "1969-12-31 23:59:59", "2024-01-01T10:00:00",
      " 2024-01-01 10:00:00", "2024-01-01 10:00:00 ", "2024-1-01 10:00:00", "2024-01-01 1:00:00", "2024-01-01 10:00:00.5",
      "2024-01-01 10:00", "+2024-01-01 10:00:00", "-2024-01-01 10:00:00", "12024-01-01 10:00:00", "2024-01-01 10:00:00Z",
      "2024-01-01", "2024-02-30", "0000-01-01", "2024-01-01T", "2024/01/01", "20240101", "", "abc", null);

  @Test
  void everyShapeParsesAsThePatternParsesIt() {
    Dataset<Row> values = TestingSpark.session().createDataset(VALUES, Encoders.STRING()).toDF("value");
    for (String pattern : TimestampPatterns.SHAPES.keySet()) {
      Column fast = TimestampPatterns.timestamp(col("value"), pattern);
      List<String> mismatches = mismatches(values, fast, try_to_timestamp(col("value"), lit(pattern)));
      assertThat(mismatches).as("timestamps in %s", pattern).isEmpty();
      List<String> dateMismatches = mismatches(values, TimestampPatterns.date(col("value"), pattern),
          to_date(try_to_timestamp(col("value"), lit(pattern))));
      assertThat(dateMismatches).as("dates in %s", pattern).isEmpty();
    }
  }

  @Test
  void valuesOfThePatternsShapeParseToTheirTimestamp() {
    Row row = TestingSpark.session().createDataset(List.of("2024-02-29 23:59:59"), Encoders.STRING()).toDF("value")
        .select(TimestampPatterns.timestamp(col("value"), "yyyy-MM-dd HH:mm:ss").cast("string"),
            TimestampPatterns.date(col("value"), "yyyy-MM-dd HH:mm:ss").cast("string"))
        .head();
    assertThat(row.getString(0)).isEqualTo("2024-02-29 23:59:59");
    assertThat(row.getString(1)).isEqualTo("2024-02-29");
  }

  /** The values whose two parses differ, each as {@code value: fast | pattern}. */
  private static List<String> mismatches(Dataset<Row> values, Column fast, Column pattern) {
    List<String> differ = new ArrayList<>();
    for (Row row : values.select(col("value"), fast.cast("string"), pattern.cast("string")).collectAsList()) {
      if (!java.util.Objects.equals(row.get(1), row.get(2))) {
        differ.add(row.get(0) + ": " + row.get(1) + " | " + row.get(2));
      }
    }
    return differ;
  }
}
