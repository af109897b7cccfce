package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.dayofmonth;
import static org.apache.spark.sql.functions.dayofweek;
import static org.apache.spark.sql.functions.dayofyear;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.month;
import static org.apache.spark.sql.functions.quarter;
import static org.apache.spark.sql.functions.weekofyear;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.year;

import java.time.LocalDate;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Generates {@code dim_date}: one row per day with calendar, ISO-week and fiscal attributes, plus
 * the unknown member (date_key -1, every attribute null) for facts without a date.
 *
 * <p>The fiscal year is named after the calendar year it ends in: with {@code fiscal-year-start = 4},
 * 2026-04-01 is in fiscal year 2027. With the default start month 1 it equals the calendar year.
 */
final class DateDimension {
  static final String DATE_KEY = "date_key";

  private DateDimension() {}

  static Dataset<Row> generate(SparkSession spark, LocalDate start, LocalDate end, int fiscalYearStartMonth) {
    Dataset<Row> days = spark.sql("SELECT explode(sequence(DATE'" + start + "', DATE'" + end + "', INTERVAL 1 DAY)) AS date");
    Column isoDayOfWeek = dayofweek(col("date")).plus(5).mod(7).plus(1); // Spark counts from Sunday = 1; ISO from Monday = 1
    Column fiscalShift = fiscalYearStartMonth == 1 ? lit(0) : when(month(col("date")).geq(fiscalYearStartMonth), 1).otherwise(0);
    Dataset<Row> dates = days.select(
        DateKeys.ofDay(col("date")).as(DATE_KEY),
        col("date"),
        isoDayOfWeek.as("day_of_week"),
        date_format(col("date"), "EEEE").as("day_name"),
        dayofmonth(col("date")).as("day_of_month"),
        dayofyear(col("date")).as("day_of_year"),
        weekofyear(col("date")).as("iso_week"),
        // The ISO week-year is the year of the week's Thursday: 2021-01-01 is in week 53 of 2020.
        year(date_add(col("date"), lit(4).minus(isoDayOfWeek))).as("iso_year"),
        month(col("date")).as("month"),
        date_format(col("date"), "MMMM").as("month_name"),
        quarter(col("date")).as("quarter"),
        year(col("date")).as("year"),
        isoDayOfWeek.geq(6).as("is_weekend"),
        year(col("date")).plus(fiscalShift).as("fiscal_year"),
        month(col("date")).minus(fiscalYearStartMonth).plus(12).mod(12).divide(3).cast("int").plus(1).as("fiscal_quarter"));
    Column[] unknown = Arrays.stream(dates.schema().fields())
        .map(field -> (field.name().equals(DATE_KEY) ? lit(-1) : lit(null)).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new);
    return spark.range(1).select(unknown).unionByName(dates);
  }
}
