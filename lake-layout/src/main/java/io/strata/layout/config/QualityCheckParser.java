package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads one check of {@code quality.tables.<table>}: its type, severity and the settings of that
 * type, checking names against the columns the table is known to have.
 */
final class QualityCheckParser {
  static final List<String> TYPES = List.of("not-null", "unique", "accepted-values", "range", "regex", "referential-integrity",
      "row-count", "freshness", "reconciliation", "sql");

  private final String table;
  private final Optional<List<String>> knownColumns;
  private final Optional<FactConfig> fact;
  private final boolean processed;
  private final ModelConfig model;

  QualityCheckParser(String table, Optional<List<String>> knownColumns, Optional<FactConfig> fact, boolean processed, ModelConfig model) {
    this.table = requireNonNull(table, "table is null");
    this.knownColumns = requireNonNull(knownColumns, "knownColumns is null");
    this.fact = requireNonNull(fact, "fact is null");
    this.processed = processed;
    this.model = requireNonNull(model, "model is null");
  }

  QualityCheck parse(String name, SectionReader check) {
    String type = check.requiredString("type", "write type = <one of " + String.join(", ", TYPES) + ">");
    QualityCheck.Severity severity = QualityCheck.Severity.valueOf(
        check.choice("severity", "fail", List.of("warn", "fail")).toUpperCase(java.util.Locale.ROOT));
    if (!TYPES.contains(type)) {
      if (!type.isEmpty()) {
        check.problem("type", "is '" + type + "', not a check type", SectionReader.suggestion(type, TYPES)
            .map(s -> "did you mean '" + s + "'?").orElse("use one of " + String.join(", ", TYPES)));
      }
      check.entryNames().forEach(check::has); // the other settings depend on the type: not reported as unknown
      return new QualityCheck(name, new CheckRule.NotNull(), severity, List.of());
    }
    return switch (type) {
      case "not-null" -> new QualityCheck(name, new CheckRule.NotNull(), severity, columns(check));
      case "unique" -> new QualityCheck(name, new CheckRule.Unique(), severity, columns(check));
      case "accepted-values" -> acceptedValues(name, check, severity);
      case "range" -> range(name, check, severity);
      case "regex" -> regex(name, check, severity);
      case "referential-integrity" -> referentialIntegrity(name, check, severity);
      case "row-count" -> rowCount(name, check, severity);
      case "freshness" -> freshness(name, check, severity);
      case "reconciliation" -> reconciliation(name, check, severity);
      default -> sql(name, check, severity);
    };
  }

  private List<String> columns(SectionReader check) {
    List<String> columns = check.stringList("columns");
    if (columns.isEmpty()) {
      check.problem("columns", "is required", "write columns = [order_id] (one or more columns of " + table + ")");
    }
    checkKnown(check, "columns", columns);
    return columns;
  }

  private String column(SectionReader check) {
    String column = check.requiredString("column", "write column = <a column of " + table + ">");
    if (!column.isEmpty()) {
      checkKnown(check, "column", List.of(column));
    }
    return column;
  }

  private void checkKnown(SectionReader check, String key, List<String> columns) {
    knownColumns.ifPresent(known -> columns.stream().filter(column -> !known.contains(column)).forEach(column -> check.problem(key,
        "names '" + column + "', which " + table + " does not have",
        SectionReader.suggestion(column, known).map(s -> "did you mean '" + s + "'?")
            .orElse("columns of " + table + ": " + String.join(", ", known)))));
  }

  private QualityCheck acceptedValues(String name, SectionReader check, QualityCheck.Severity severity) {
    String column = column(check);
    List<String> values = check.stringList("values");
    if (values.isEmpty()) {
      check.problem("values", "is required", "list the allowed values, e.g. values = [retail, business]");
    }
    return new QualityCheck(name, new CheckRule.AcceptedValues(values), severity, List.of(column));
  }

  private QualityCheck range(String name, SectionReader check, QualityCheck.Severity severity) {
    String column = column(check);
    Optional<String> min = bound(check, "min");
    Optional<String> max = bound(check, "max");
    if (!check.has("min") && !check.has("max")) {
      check.problem("min", "and max are both missing", "set min, max or both, e.g. min = 1, max = 1000 (inclusive)");
    }
    if (min.isPresent() && max.isPresent() && compare(min.get(), max.get()) > 0) {
      check.problem("max", "is " + max.get() + ", below " + check.keyPath("min") + " " + min.get(), "make max the larger bound");
    }
    return new QualityCheck(name, new CheckRule.Range(min, max), severity, List.of(column));
  }

  /** A number, a date (2026-01-01) or a timestamp (2026-01-01T00:00:00). */
  private static Optional<String> bound(SectionReader check, String key) {
    return check.optionalString(key).filter(text -> {
      if (number(text).isPresent() || date(text).isPresent()) {
        return true;
      }
      check.problem(key, "is '" + text + "', not a number, date or timestamp", "write e.g. " + key + " = 0 or " + key + " = \"2026-01-01\"");
      return false;
    });
  }

  private static int compare(String left, String right) {
    Optional<BigDecimal> a = number(left);
    Optional<BigDecimal> b = number(right);
    if (a.isPresent() && b.isPresent()) {
      return a.get().compareTo(b.get());
    }
    Optional<LocalDateTime> c = date(left);
    Optional<LocalDateTime> d = date(right);
    return c.isPresent() && d.isPresent() ? c.get().compareTo(d.get()) : 0;
  }

  static Optional<BigDecimal> number(String text) {
    try {
      return Optional.of(new BigDecimal(text));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<LocalDateTime> date(String text) {
    try {
      return Optional.of(text.length() <= 10 ? LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text.replace(' ', 'T')));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private QualityCheck regex(String name, SectionReader check, QualityCheck.Severity severity) {
    String column = column(check);
    String pattern = check.requiredString("pattern", "write pattern = \"[A-Z]{3}-[0-9]+\" (a Java regular expression the whole value matches)");
    try {
      Pattern.compile(pattern);
    } catch (PatternSyntaxException e) {
      check.problem("pattern", "is not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex(),
          "correct the expression (Java syntax; backslashes are doubled inside HOCON quotes)");
    }
    return new QualityCheck(name, new CheckRule.Regex(pattern), severity, List.of(column));
  }

  private QualityCheck referentialIntegrity(String name, SectionReader check, QualityCheck.Severity severity) {
    String column = column(check);
    Optional<String> declared = check.optionalString("dimension");
    // On a fact, the key column of a dimension or date reference names its dimension already.
    Optional<String> implied = fact.flatMap(config -> config.dimensions().stream().filter(reference -> reference.keyColumn().equals(column))
        .map(DimensionReference::dimension).findFirst()
        .or(() -> config.dates().stream().anyMatch(date -> date.keyColumn().equals(column))
            ? Optional.of(DateDimensionConfig.TABLE) : Optional.empty()));
    String dimension = declared.or(() -> implied).orElse("");
    if (dimension.isEmpty()) {
      check.problem("dimension", "is required: " + column + " is not a dimension key of a configured fact",
          "name the dimension, e.g. dimension = dim_customer");
    }
    String defaultKey = dimension.equals(DateDimensionConfig.TABLE) ? "date_key" : dimension + "_key";
    String dimensionColumn = check.string("dimension-column", defaultKey);
    Optional<List<String>> dimensionColumns = Optional.empty();
    if (dimension.equals(DateDimensionConfig.TABLE)) {
      dimensionColumns = QualityTableColumns.dates();
    } else if (model.dimensions().containsKey(dimension)) {
      dimensionColumns = QualityTableColumns.dimension(model.dimensions().get(dimension));
    } else if (!dimension.isEmpty()) {
      check.problem("dimension", "is '" + dimension + "', which is not a dimension under model.dimensions (or dim_date)",
          SectionReader.suggestion(dimension, model.dimensions().keySet()).map(s -> "did you mean '" + s + "'?")
              .orElse("dimensions: " + (model.dimensions().isEmpty() ? "(none)" : String.join(", ", model.dimensions().keySet()))));
    }
    dimensionColumns.filter(known -> !known.contains(dimensionColumn)).ifPresent(known -> check.problem("dimension-column",
        "is '" + dimensionColumn + "', which " + dimension + " does not have", "columns of " + dimension + ": " + String.join(", ", known)));
    Optional<Double> maxUnknown = percent(check, "max-unknown-percent", 0, 100);
    return new QualityCheck(name, new CheckRule.ReferentialIntegrity(dimension, dimensionColumn, maxUnknown), severity, List.of(column));
  }

  private QualityCheck rowCount(String name, SectionReader check, QualityCheck.Severity severity) {
    int min = check.integer("min", 0, 0, Integer.MAX_VALUE);
    Optional<Double> maxChange = percent(check, "max-change-percent", Double.MIN_VALUE, 100_000);
    if (!check.has("min") && !check.has("max-change-percent")) {
      check.problem("min", "and max-change-percent are both missing",
          "set min = 1 (fewest rows), max-change-percent = 50 (against the previous run), or both");
    }
    return new QualityCheck(name, new CheckRule.RowCount(min, maxChange), severity, List.of());
  }

  private QualityCheck freshness(String name, SectionReader check, QualityCheck.Severity severity) {
    String column = column(check);
    if (!check.has("max-age-hours")) {
      check.problem("max-age-hours", "is required", "write max-age-hours = 24 (how old the latest " + column + " may be)");
    }
    int hours = check.integer("max-age-hours", 24, 1, 100_000);
    String relativeTo = check.choice("relative-to", "now", List.of("now", "run-date"));
    return new QualityCheck(name, new CheckRule.Freshness(hours, relativeTo.equals("run-date")), severity, List.of(column));
  }

  private QualityCheck reconciliation(String name, SectionReader check, QualityCheck.Severity severity) {
    AggregateConfig aggregate = model.aggregates().get(table);
    if (aggregate != null && aggregate.sql().isPresent()) {
      check.problem("type", "reconciliation needs an aggregate's fact and measures, and " + table + " is declared as sql",
          "declare it with fact, grain and measures, or check it with type = sql");
    } else if (aggregate != null && !aggregate.measures().isEmpty() && aggregate.measures().stream().noneMatch(measure ->
        measure.function().additive() && measure.column().flatMap(AggregateColumn::reference).isEmpty())) {
      check.problem("type", "reconciliation compares totals of sum, count and avg measures over the fact's columns, and " + table
          + " has none", "add e.g. lines = \"count(*)\" to its measures");
    } else if (!processed && fact.isEmpty() && aggregate == null) {
      check.problem("type", "reconciliation applies to processed entities, facts and aggregates, not to " + table,
          "check a processed entity (tables { processed.<entity> { ... } }), a fact or an aggregate");
    }
    return new QualityCheck(name, new CheckRule.Reconciliation(), severity, List.of());
  }

  private QualityCheck sql(String name, SectionReader check, QualityCheck.Severity severity) {
    Optional<String> condition = check.optionalString("condition");
    Optional<String> query = check.optionalString("query");
    if (condition.isPresent() == query.isPresent()) {
      check.problem(condition.isPresent() ? "query" : "condition", condition.isPresent() ? "is set together with " + check.keyPath("condition")
          : "is required (or query)", "write condition = \"quantity > 0\" (every row satisfies it) or query = \"SELECT ... \" (returns no rows)");
      return new QualityCheck(name, new CheckRule.Sql(Optional.of("true"), Optional.empty()), severity, List.of());
    }
    query.filter(text -> !text.toLowerCase(java.util.Locale.ROOT).matches("(?s)\\s*(select|with)\\b.*"))
        .ifPresent(text -> check.problem("query", "is not a SELECT query", "write query = \"SELECT ... FROM " + table + " WHERE ...\""));
    return new QualityCheck(name, new CheckRule.Sql(condition, query), severity, List.of());
  }

  private static Optional<Double> percent(SectionReader check, String key, double min, double max) {
    return check.optionalString(key).flatMap(text -> {
      try {
        double value = Double.parseDouble(text);
        if (value >= min && value <= max) {
          return Optional.of(value);
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      check.problem(key, "is '" + text + "', not a percentage", "write a number, e.g. " + key + " = 5 (meaning 5%)");
      return Optional.empty();
    });
  }
}
