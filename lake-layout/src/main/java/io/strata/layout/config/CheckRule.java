package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * What one quality check asserts, one record per check type. Row-level rules ({@link #rowLevel()})
 * count failing rows and keep a sample of them; the others judge the table as a whole.
 */
public sealed interface CheckRule {
  /** The {@code type} as written in the config, e.g. {@code not-null}. */
  String type();

  default boolean rowLevel() {
    return true;
  }

  /** A row fails when any of the check's columns is null. */
  record NotNull() implements CheckRule {
    public String type() {
      return "not-null";
    }
  }

  /** The check's columns together identify a row; every row beyond the first of a key fails. */
  record Unique() implements CheckRule {
    public String type() {
      return "unique";
    }
  }

  /** A non-null value, as text, is one of {@code values}. */
  record AcceptedValues(List<String> values) implements CheckRule {
    public AcceptedValues {
      values = List.copyOf(requireNonNull(values, "values is null"));
    }

    public String type() {
      return "accepted-values";
    }
  }

  /** A non-null value lies within {@code min..max}, both inclusive; a bound is a number, a date or a timestamp. */
  record Range(Optional<String> min, Optional<String> max) implements CheckRule {
    public Range {
      requireNonNull(min, "min is null");
      requireNonNull(max, "max is null");
    }

    public String type() {
      return "range";
    }
  }

  /** A non-null value matches {@code pattern} (Java regular expression) as a whole. */
  record Regex(String pattern) implements CheckRule {
    public Regex {
      requireNonNull(pattern, "pattern is null");
    }

    public String type() {
      return "regex";
    }
  }

  /**
   * Every key of the column exists in {@code dimension}'s {@code dimensionColumn}; the unknown
   * member (-1) counts apart and may be at most {@code maxUnknownPercent} of the rows.
   */
  record ReferentialIntegrity(String dimension, String dimensionColumn, Optional<Double> maxUnknownPercent) implements CheckRule {
    public static final long UNKNOWN_MEMBER = -1L;

    public ReferentialIntegrity {
      requireNonNull(dimension, "dimension is null");
      requireNonNull(dimensionColumn, "dimensionColumn is null");
      requireNonNull(maxUnknownPercent, "maxUnknownPercent is null");
    }

    public String type() {
      return "referential-integrity";
    }
  }

  /** At least {@code min} rows, and at most {@code maxChangePercent} more or fewer than the previous run's count. */
  record RowCount(long min, Optional<Double> maxChangePercent) implements CheckRule {
    public RowCount {
      requireNonNull(maxChangePercent, "maxChangePercent is null");
    }

    public String type() {
      return "row-count";
    }

    public boolean rowLevel() {
      return false;
    }
  }

  /** The latest value of the column is at most {@code maxAgeHours} old, measured from now or from the end of the run date. */
  record Freshness(int maxAgeHours, boolean relativeToRunDate) implements CheckRule {
    public String type() {
      return "freshness";
    }

    public boolean rowLevel() {
      return false;
    }
  }

  /** Rows that left one layer arrived in the next, or were quarantined or dropped as duplicates: from the run log of the run date. */
  record Reconciliation() implements CheckRule {
    public String type() {
      return "reconciliation";
    }

    public boolean rowLevel() {
      return false;
    }
  }

  /** Every row satisfies {@code condition} (Spark SQL), or {@code query} returns no rows; exactly one is set. */
  record Sql(Optional<String> condition, Optional<String> query) implements CheckRule {
    public Sql {
      requireNonNull(condition, "condition is null");
      requireNonNull(query, "query is null");
      if (condition.isPresent() == query.isPresent()) {
        throw new IllegalArgumentException("exactly one of condition and query must be set");
      }
    }

    public String type() {
      return "sql";
    }
  }
}
