package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** dim_date attributes on the awkward days: year boundaries, ISO week 53, a leap day, a fiscal year start. */
class ModelDateDimensionIT {
  private static final String[] COLUMNS = {"date_key", "date", "day_of_week", "day_name", "day_of_month", "day_of_year", "iso_week",
      "iso_year", "month", "month_name", "quarter", "year", "is_weekend", "fiscal_year", "fiscal_quarter"};

  @Test
  void yearBoundaryInIsoWeek53() {
    assertThat(ModelTesting.rows(DateDimension.generate(TestingSpark.session(), LocalDate.of(2020, 12, 31), LocalDate.of(2021, 1, 4), 1),
        COLUMNS)).containsExactly(
        "-1|null|null|null|null|null|null|null|null|null|null|null|null|null|null",
        "20201231|2020-12-31|4|Thursday|31|366|53|2020|12|December|4|2020|false|2020|4",
        "20210101|2021-01-01|5|Friday|1|1|53|2020|1|January|1|2021|false|2021|1",
        "20210102|2021-01-02|6|Saturday|2|2|53|2020|1|January|1|2021|true|2021|1",
        "20210103|2021-01-03|7|Sunday|3|3|53|2020|1|January|1|2021|true|2021|1",
        "20210104|2021-01-04|1|Monday|4|4|1|2021|1|January|1|2021|false|2021|1");
  }

  @Test
  void leapDayAndAFiscalYearStartingInApril() {
    assertThat(ModelTesting.rows(DateDimension.generate(TestingSpark.session(), LocalDate.of(2024, 2, 29), LocalDate.of(2024, 2, 29), 4)
            .filter("date_key > 0"), COLUMNS))
        .containsExactly("20240229|2024-02-29|4|Thursday|29|60|9|2024|2|February|1|2024|false|2024|4");
    assertThat(ModelTesting.rows(DateDimension.generate(TestingSpark.session(), LocalDate.of(2026, 3, 31), LocalDate.of(2026, 4, 1), 4)
            .filter("date_key > 0"), "date_key", "fiscal_year", "fiscal_quarter"))
        .containsExactly("20260331|2026|4", "20260401|2027|1");
  }
}
