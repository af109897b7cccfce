package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * {@code model.dim-date}: the range of the generated {@code dim_date} (both ends, or neither to cover
 * the dates the facts reference) and the month the fiscal year starts in.
 */
public record DateDimensionConfig(Optional<LocalDate> start, Optional<LocalDate> end, int fiscalYearStartMonth) {
  public static final String TABLE = "dim_date";

  public DateDimensionConfig {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (start.isPresent() != end.isPresent()) {
      throw new IllegalArgumentException("start and end are set together or not at all");
    }
    if (fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
      throw new IllegalArgumentException("fiscalYearStartMonth is " + fiscalYearStartMonth);
    }
  }

  public static DateDimensionConfig defaults() {
    return new DateDimensionConfig(Optional.empty(), Optional.empty(), 1);
  }

  static DateDimensionConfig parse(SectionReader section) {
    Optional<LocalDate> start = date(section, "start");
    Optional<LocalDate> end = date(section, "end");
    int fiscal = section.integer("fiscal-year-start", 1, 1, 12);
    if (start.isPresent() != end.isPresent()) {
      section.problem(start.isPresent() ? "end" : "start", "is missing while " + section.keyPath(start.isPresent() ? "start" : "end") + " is set",
          "set both start and end, or neither to cover the dates the facts reference");
      return new DateDimensionConfig(Optional.empty(), Optional.empty(), fiscal);
    }
    if (start.isPresent() && start.get().isAfter(end.get())) {
      section.problem("end", "is " + end.get() + ", before " + section.keyPath("start") + " " + start.get(), "make end the later date");
      return new DateDimensionConfig(Optional.empty(), Optional.empty(), fiscal);
    }
    return new DateDimensionConfig(start, end, fiscal);
  }

  private static Optional<LocalDate> date(SectionReader section, String key) {
    return section.optionalString(key).flatMap(text -> {
      try {
        return Optional.of(LocalDate.parse(text));
      } catch (DateTimeParseException e) {
        section.problem(key, "is '" + text + "', not a date", "write " + key + " = \"2026-01-01\"");
        return Optional.empty();
      }
    });
  }
}
