package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code warehouse.export} section: which curated tables the export stage publishes and how,
 * and the BI views built on them.
 *
 * @param tables the curated tables to export; empty means every dimension, {@code dim_date} and every fact of the model
 * @param defaultMode the mode of a table {@code modes} does not name ({@link #DEFAULT_MODE} unless configured)
 * @param modes a mode per table
 * @param views view name to {@code SELECT}, created in this order after the tables are published
 * @param materializedViews materialized view name to {@code SELECT}, rebuilt (and so refreshed) on every export
 * @param connections the most COPY connections that load one table in parallel
 */
public record ExportConfig(Optional<List<String>> tables, ExportMode defaultMode, Map<String, ExportMode> modes,
    Map<String, String> views, Map<String, String> materializedViews, int connections) {
  public static final int DEFAULT_CONNECTIONS = 4;
  /** Incremental: a day's export costs what the lake changed that day, not the whole star. */
  public static final ExportMode DEFAULT_MODE = ExportMode.INCREMENTAL;
  private static final Pattern QUERY_START = Pattern.compile("(?is)\\s*(select|with)\\b.*");

  public ExportConfig {
    tables = requireNonNull(tables, "tables is null").map(List::copyOf);
    requireNonNull(defaultMode, "defaultMode is null");
    modes = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(modes, "modes is null")));
    views = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(views, "views is null")));
    materializedViews = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(materializedViews, "materializedViews is null")));
    if (connections < 1) {
      throw new IllegalArgumentException("connections must be at least 1");
    }
  }

  public static ExportConfig defaults() {
    return new ExportConfig(Optional.empty(), DEFAULT_MODE, Map.of(), Map.of(), Map.of(), DEFAULT_CONNECTIONS);
  }

  public ExportMode modeOf(String table) {
    return modes.getOrDefault(table, defaultMode);
  }

  /** The tables to export: the configured ones, or the model's dimensions, {@code dim_date} and facts. */
  public List<String> tablesOf(ModelConfig model) {
    return tables.orElseGet(() -> modelTables(model));
  }

  static List<String> modelTables(ModelConfig model) {
    return new ArrayList<>(model.curatedTables());
  }

  static ExportConfig parse(SectionReader export, ModelConfig model) {
    List<String> known = modelTables(model);
    Optional<List<String>> tables = export.has("tables") ? Optional.of(export.stringList("tables")) : Optional.empty();
    tables.ifPresent(names -> names.forEach(name -> checkTable(export, "tables", name, known)));
    if (tables.isPresent() && tables.get().isEmpty()) {
      export.problem("tables", "is empty", "list the curated tables to export, or remove the key to export the whole model");
    }
    ExportMode defaultMode = ExportMode.of(export.choice("mode", DEFAULT_MODE.configName(), ExportMode.NAMES));
    Map<String, ExportMode> modes = new LinkedHashMap<>();
    export.subsection("modes").ifPresent(section -> {
      for (String table : section.entryNames()) {
        if (checkTable(section, table, table, known)) {
          modes.put(table, ExportMode.of(section.choice(table, defaultMode.configName(), ExportMode.NAMES)));
        } else {
          section.has(table); // reported above, not again as unknown
        }
      }
      section.finish();
    });
    Map<String, String> views = queries(export, "views");
    Map<String, String> materializedViews = queries(export, "materialized-views");
    for (String name : materializedViews.keySet()) {
      if (views.containsKey(name)) {
        export.problem("materialized-views", "names '" + name + "', which is also under views", "give each view its own name");
      }
    }
    int connections = export.integer("connections", DEFAULT_CONNECTIONS, 1, 64);
    return new ExportConfig(tables, defaultMode, modes, views, materializedViews, connections);
  }

  private static boolean checkTable(SectionReader section, String key, String name, List<String> known) {
    if (!SqlIdentifiers.isPlain(name)) {
      section.problem(key, "names '" + name + "', which is not a plain identifier", SqlIdentifiers.fix());
      return false;
    }
    if (!known.contains(name)) {
      section.problem(key, "names '" + name + "', which is not a table of the model",
          SectionReader.suggestion(name, known).map(s -> "did you mean '" + s + "'?")
              .orElse("curated tables: " + (known.isEmpty() ? "(none: add a model section)" : String.join(", ", known))));
      return false;
    }
    return true;
  }

  /** A section of name = "SELECT ..." entries, in file order. */
  private static Map<String, String> queries(SectionReader export, String key) {
    Map<String, String> queries = new LinkedHashMap<>();
    export.subsection(key).ifPresent(section -> {
      for (String name : section.entryNames()) {
        String query = section.requiredString(name, "write " + name + " = \"SELECT ...\"");
        if (!SqlIdentifiers.isPlain(name)) {
          section.problem(name, "is not a plain identifier", SqlIdentifiers.fix());
        } else if (!QUERY_START.matcher(query).matches()) {
          section.problem(name, "is not a query", "write a SELECT (or WITH ... SELECT) statement");
        } else if (query.contains(";")) {
          section.problem(name, "holds ';': one view is one statement", "remove the ';' and write a single SELECT");
        } else {
          queries.put(name, query.strip());
        }
      }
      section.finish();
    });
    return queries;
  }

  @Override
  public String toString() {
    return "ExportConfig[tables=" + tables.map(Object::toString).orElse("(model)") + ", mode=" + defaultMode.name().toLowerCase(Locale.ROOT)
        + ", modes=" + modes + ", views=" + views.keySet() + ", materializedViews=" + materializedViews.keySet() + "]";
  }
}
