package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

import io.strata.layout.config.DateDimensionConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes {@code dim_date} over its configured range, or else over the dates the facts reference,
 * never narrower than the table already is (facts of earlier runs keep their dates).
 */
final class DateDimensionWriter {
  private DateDimensionWriter() {}

  /** The range written, or empty when there is no range to cover yet. */
  static Optional<LocalDate[]> write(SparkSession spark, DateDimensionConfig config, List<LocalDate[]> factDates, String location) {
    Optional<LocalDate[]> range = config.start().map(start -> new LocalDate[] {start, config.end().orElseThrow()});
    if (range.isEmpty()) {
      LocalDate first = null;
      LocalDate last = null;
      List<LocalDate[]> all = new java.util.ArrayList<>(factDates);
      if (DeltaTables.exists(spark, location)) {
        Row stored = spark.read().format("delta").load(location).filter(col(DateDimension.DATE_KEY).gt(0))
            .agg(min("date"), max("date")).first();
        if (!stored.isNullAt(0)) {
          all.add(new LocalDate[] {stored.getDate(0).toLocalDate(), stored.getDate(1).toLocalDate()});
        }
      }
      for (LocalDate[] dates : all) {
        first = first == null || dates[0].isBefore(first) ? dates[0] : first;
        last = last == null || dates[1].isAfter(last) ? dates[1] : last;
      }
      range = first == null ? Optional.empty() : Optional.of(new LocalDate[] {first, last});
    }
    range.ifPresent(dates -> DateDimension.generate(spark, dates[0], dates[1], config.fiscalYearStartMonth()).write().format("delta")
        .mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(location));
    return range;
  }
}
