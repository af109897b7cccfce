package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of {@code model.aggregates}: a summary table {@code curated/<name>} over a fact and its
 * dimensions, declared as a grain and measures (refreshed incrementally: only the groups a run's
 * changes touch are recomputed), or as a SQL {@code SELECT} over the curated tables (rebuilt whole).
 *
 * @param fact the fact it summarises; empty for a SQL aggregate
 * @param grain the columns it groups by, each named in the table by {@link Grain#name()}
 * @param versions which version of an SCD2 member a fact row counts under
 */
public record AggregateConfig(String name, Optional<String> fact, List<Grain> grain, List<AggregateMeasure> measures,
    Optional<String> sql, Versions versions) {

  /** A grouping column: {@code customer.segment}, or {@code customer.segment as customer_segment}. */
  public record Grain(AggregateColumn column, String name) {
    public Grain {
      requireNonNull(column, "column is null");
      requireNonNull(name, "name is null");
    }
  }

  /** SCD2 semantics: by the version valid at the event (history) or by the member's latest version (restated). */
  public enum Versions {
    HISTORY, RESTATED;

    public String configName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private static final Pattern GRAIN = Pattern.compile("([a-z][a-z0-9_]*\\.)?([A-Za-z_][A-Za-z0-9_]*)(\\s+as\\s+([a-z][a-z0-9_]*))?",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern MEASURE = Pattern.compile("([a-z-]+)\\s*\\(\\s*(\\*|[A-Za-z_][A-Za-z0-9_.]*)?\\s*\\)",
      Pattern.CASE_INSENSITIVE);

  public AggregateConfig {
    requireNonNull(name, "name is null");
    requireNonNull(fact, "fact is null");
    grain = List.copyOf(requireNonNull(grain, "grain is null"));
    measures = List.copyOf(requireNonNull(measures, "measures is null"));
    requireNonNull(sql, "sql is null");
    requireNonNull(versions, "versions is null");
  }

  /** The table's columns, in order: the grain's, then the measures'. Empty for a SQL aggregate (its query decides). */
  public List<String> outputColumns() {
    List<String> columns = new ArrayList<>();
    grain.forEach(entry -> columns.add(entry.name()));
    measures.forEach(measure -> columns.addAll(measure.outputColumns()));
    return List.copyOf(columns);
  }

  /** Every column it reads: the grain's and the measures'. */
  public List<AggregateColumn> columnsRead() {
    Set<AggregateColumn> columns = new LinkedHashSet<>();
    grain.forEach(entry -> columns.add(entry.column()));
    measures.forEach(measure -> measure.column().ifPresent(columns::add));
    return List.copyOf(columns);
  }

  static AggregateConfig parse(String name, SectionReader aggregate, Map<String, FactConfig> facts,
      Map<String, DimensionConfig> dimensions) {
    Optional<String> sql = aggregate.optionalString("sql");
    Versions versions = Versions.valueOf(aggregate.choice("scd2", "history", List.of("history", "restated"))
        .toUpperCase(java.util.Locale.ROOT));
    if (sql.isPresent()) {
      for (String key : List.of("fact", "grain", "measures", "scd2")) {
        if (aggregate.has(key)) {
          aggregate.problem(key, "does not go with sql", "declare the aggregate either as sql = \"SELECT ...\" or as fact, grain and measures");
        }
      }
      return new AggregateConfig(name, Optional.empty(), List.of(), List.of(), sql, versions);
    }
    String factName = aggregate.requiredString("fact", "name the fact it summarises, e.g. fact = fact_sales (or write sql = \"SELECT ...\")");
    FactConfig fact = facts.get(factName);
    if (!factName.isEmpty() && fact == null) {
      aggregate.problem("fact", "is '" + factName + "', which is not a fact under model.facts", SectionReader.suggestion(factName,
          facts.keySet()).map(s -> "did you mean '" + s + "'?").orElse("facts: " + (facts.isEmpty() ? "(none)" : String.join(", ",
              facts.keySet()))));
    }
    List<String> grainEntries = aggregate.stringList("grain");
    if (grainEntries.isEmpty()) {
      aggregate.problem("grain", "is required", "list what it groups by, e.g. grain = [order_date.month, customer.segment]");
    }
    Map<String, String> measureEntries = new java.util.LinkedHashMap<>(); // in the file's order: the table's column order
    aggregate.subsection("measures").ifPresent(section -> {
      // HOCON keeps no order among the entries of one line: those go by name, so the columns' order is stable.
      section.entryNames().stream().sorted(java.util.Comparator.comparingInt(section::lineOf).thenComparing(java.util.Comparator
          .naturalOrder())).forEach(measure -> section.optionalString(measure).ifPresent(value -> measureEntries.put(measure, value)));
      section.finish();
    });
    if (measureEntries.isEmpty()) {
      aggregate.problem("measures", "is required", "declare measures, e.g. measures { revenue = \"sum(amount)\", lines = \"count(*)\" }");
    }
    if (fact == null) {
      return new AggregateConfig(name, Optional.of(factName), List.of(), List.of(), Optional.empty(), versions);
    }
    ColumnResolver resolver = new ColumnResolver(fact, dimensions);
    List<Grain> grain = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (String entry : grainEntries) {
      Matcher matcher = GRAIN.matcher(entry.trim());
      if (!matcher.matches()) {
        aggregate.problem("grain", "has '" + entry + "', which is not <reference>.<column> [as <name>]",
            "write e.g. customer.segment, order_date.month as order_month, or a fact column");
        continue;
      }
      String qualifier = matcher.group(1) == null ? "" : matcher.group(1).substring(0, matcher.group(1).length() - 1);
      Optional<AggregateColumn> column = resolver.resolve(aggregate, "grain", qualifier, matcher.group(2));
      String columnName = Optional.ofNullable(matcher.group(4)).orElse(matcher.group(2)).toLowerCase(java.util.Locale.ROOT);
      if (column.isPresent() && !io.strata.layout.LakeNames.isValid(columnName)) {
        aggregate.problem("grain", "names the column " + columnName + ", which is not a plain column name",
            "name it with lower-case letters, digits and '_', starting with a letter: " + entry + " as <name>");
      } else if (column.isPresent()) {
        if (!names.add(columnName)) {
          aggregate.problem("grain", "names the column " + columnName + " twice", "rename one: " + entry + " as <another name>");
        }
        grain.add(new Grain(column.get(), columnName));
      }
    }
    List<AggregateMeasure> measures = new ArrayList<>();
    for (Map.Entry<String, String> entry : measureEntries.entrySet()) {
      String key = "measures." + entry.getKey();
      if (!io.strata.layout.LakeNames.isValid(entry.getKey())) {
        aggregate.problem(key, "is not a plain column name", "use lower-case letters, digits and '_', e.g. revenue");
        continue;
      }
      Matcher matcher = MEASURE.matcher(entry.getValue().trim());
      Optional<AggregateMeasure.Function> function = matcher.matches() ? AggregateMeasure.Function.of(matcher.group(1)) : Optional.empty();
      if (function.isEmpty()) {
        aggregate.problem(key, "is '" + entry.getValue() + "', not <function>(<column>)", "use one of "
            + String.join(", ", AggregateMeasure.Function.names()) + ", e.g. \"sum(amount)\" or \"count(*)\"");
        continue;
      }
      String argument = matcher.group(2) == null ? "*" : matcher.group(2);
      Optional<AggregateColumn> column = Optional.empty();
      if (argument.equals("*")) {
        if (function.get() != AggregateMeasure.Function.COUNT) {
          aggregate.problem(key, "is '" + entry.getValue() + "': only count takes *", "name the column, e.g. "
              + function.get().configName() + "(amount)");
          continue;
        }
      } else {
        int dot = argument.indexOf('.');
        column = resolver.resolve(aggregate, key, dot < 0 ? "" : argument.substring(0, dot), argument.substring(dot + 1));
        if (column.isEmpty()) {
          continue;
        }
      }
      AggregateMeasure measure = new AggregateMeasure(entry.getKey(), function.get(), column);
      for (String output : measure.outputColumns()) {
        if (!names.add(output)) {
          aggregate.problem(key, "makes the column " + output + ", which the aggregate already has", "give the measure another name");
        }
      }
      measures.add(measure);
    }
    return new AggregateConfig(name, Optional.of(factName), grain, measures, Optional.empty(), versions);
  }

  /** Finds what {@code <qualifier>.<column>} names among the fact's references, and checks the column where the config tells. */
  private record ColumnResolver(FactConfig fact, Map<String, DimensionConfig> dimensions) {
    Optional<AggregateColumn> resolve(SectionReader aggregate, String key, String qualifier, String column) {
      if (qualifier.isEmpty()) {
        return known(aggregate, key, AggregateColumn.ofFact(fact.name(), column), QualityTableColumns.fact(fact));
      }
      for (DimensionReference reference : fact.dimensions()) {
        if (reference.name().equals(qualifier)) {
          return dimensionColumn(aggregate, key, reference, column);
        }
      }
      for (DateReference date : fact.dates()) {
        if (date.name().equals(qualifier)) {
          return dateColumn(aggregate, key, date, column);
        }
      }
      List<DimensionReference> byTable = fact.dimensions().stream().filter(reference -> reference.dimension().equals(qualifier)).toList();
      if (byTable.size() == 1) {
        return dimensionColumn(aggregate, key, byTable.get(0), column);
      }
      if (qualifier.equals(DateDimensionConfig.TABLE) && fact.dates().size() == 1) {
        return dateColumn(aggregate, key, fact.dates().get(0), column);
      }
      List<String> references = new ArrayList<>();
      fact.dimensions().forEach(reference -> references.add(reference.name()));
      fact.dates().forEach(date -> references.add(date.name()));
      String why = byTable.size() > 1 || qualifier.equals(DateDimensionConfig.TABLE) && fact.dates().size() > 1
          ? "is ambiguous: " + fact.name() + " references " + qualifier + " more than once"
          : "is not a reference of " + fact.name();
      aggregate.problem(key, "names " + qualifier + "." + column + ", but " + qualifier + " " + why,
          "qualify the column with one of " + fact.name() + "'s references: " + (references.isEmpty() ? "(none)"
              : String.join(", ", references)) + ", or name a column of the fact without a qualifier");
      return Optional.empty();
    }

    private Optional<AggregateColumn> dimensionColumn(SectionReader aggregate, String key, DimensionReference reference, String column) {
      DimensionConfig dimension = dimensions.get(reference.dimension());
      AggregateColumn resolved = new AggregateColumn(reference.dimension(), Optional.of(reference.name()), column);
      return dimension == null ? Optional.of(resolved) : known(aggregate, key, resolved, QualityTableColumns.dimension(dimension));
    }

    private Optional<AggregateColumn> dateColumn(SectionReader aggregate, String key, DateReference date, String column) {
      return known(aggregate, key, new AggregateColumn(DateDimensionConfig.TABLE, Optional.of(date.name()), column),
          QualityTableColumns.dates());
    }

    private static Optional<AggregateColumn> known(SectionReader aggregate, String key, AggregateColumn column,
        Optional<List<String>> columns) {
      if (columns.isPresent() && !columns.get().contains(column.column())) {
        aggregate.problem(key, "names " + column.describe() + ", but " + column.table() + " has no column " + column.column(),
            SectionReader.suggestion(column.column(), columns.get()).map(s -> "did you mean '" + s + "'?")
                .orElse(column.table() + " has: " + String.join(", ", columns.get())));
        return Optional.empty();
      }
      return Optional.of(column);
    }
  }
}
