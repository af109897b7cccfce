package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
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
 * never narrower than the table already is (facts of earlier runs keep their dates). A range the
 * table already covers exactly is not written again; a wider one appends the new days.
 */
final class DateDimensionWriter {
  private DateDimensionWriter() {}

  /** The rows of the days {@code first..last}, without the unknown member (the table has it). */
  private static org.apache.spark.sql.Dataset<Row> days(SparkSession spark, DateDimensionConfig config, LocalDate first, LocalDate last) {
    return DateDimension.generate(spark, first, last, config.fiscalYearStartMonth()).filter(col(DateDimension.DATE_KEY).gt(0));
  }

  /** The range, and whether this call wrote it. */
  record Written(LocalDate first, LocalDate last, boolean written) {}

  /** The range, or empty when there is no range to cover yet. */
  static Optional<Written> write(SparkSession spark, DateDimensionConfig config, List<LocalDate[]> factDates, String location,
      boolean refresh) {
    Optional<LocalDate[]> range = config.start().map(start -> new LocalDate[] {start, config.end().orElseThrow()});
    Optional<LocalDate[]> stored = Optional.empty();
    if (TableLog.exists(spark, location)) {
      Row row = spark.read().format("delta").load(location).filter(col(DateDimension.DATE_KEY).gt(0))
          .agg(min("date"), max("date")).first();
      if (!row.isNullAt(0)) {
        stored = Optional.of(new LocalDate[] {row.getDate(0).toLocalDate(), row.getDate(1).toLocalDate()});
      }
    }
    if (range.isEmpty()) {
      LocalDate first = null;
      LocalDate last = null;
      List<LocalDate[]> all = new java.util.ArrayList<>(factDates);
      stored.ifPresent(all::add);
      for (LocalDate[] dates : all) {
        first = first == null || dates[0].isBefore(first) ? dates[0] : first;
        last = last == null || dates[1].isAfter(last) ? dates[1] : last;
      }
      range = first == null ? Optional.empty() : Optional.of(new LocalDate[] {first, last});
    }
    if (range.isEmpty()) {
      return Optional.empty();
    }
    LocalDate[] dates = range.get();
    boolean same = stored.isPresent() && stored.get()[0].equals(dates[0]) && stored.get()[1].equals(dates[1]);
    if (same && !refresh) {
      return Optional.of(new Written(dates[0], dates[1], false));
    }
    if (stored.isPresent() && !refresh && !dates[0].isAfter(stored.get()[0]) && !dates[1].isBefore(stored.get()[1])) {
      // The range grew: append the new days only, so the change feed (and the export) carries just them.
      org.apache.spark.sql.Dataset<Row> added = null;
      if (dates[0].isBefore(stored.get()[0])) {
        added = days(spark, config, dates[0], stored.get()[0].minusDays(1));
      }
      if (dates[1].isAfter(stored.get()[1])) {
        org.apache.spark.sql.Dataset<Row> later = days(spark, config, stored.get()[1].plusDays(1), dates[1]);
        added = added == null ? later : added.unionByName(later);
      }
      added.write().format("delta").mode(SaveMode.Append).save(location);
      return Optional.of(new Written(dates[0], dates[1], true));
    }
    DateDimension.generate(spark, dates[0], dates[1], config.fiscalYearStartMonth()).write().format("delta")
        .mode(SaveMode.Overwrite).option("overwriteSchema", "true")
        .option(io.strata.layout.ModelWatermarks.CHANGE_FEED_PROPERTY, "true").save(location);
    return Optional.of(new Written(dates[0], dates[1], true));
  }
}
