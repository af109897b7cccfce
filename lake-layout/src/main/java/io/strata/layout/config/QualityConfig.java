package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import io.strata.layout.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code quality} section: named checks per table that the quality stage runs. Curated tables
 * go by their name ({@code fact_sales}), processed entities under {@code processed}
 * ({@code processed.customers}). Absent, the stage has nothing to check.
 *
 * @param sampleRows how many failing rows a row-level check keeps as its sample
 */
public record QualityConfig(int sampleRows, List<QualityTable> tables) {
  public static final int DEFAULT_SAMPLE_ROWS = 5;

  public QualityConfig {
    if (sampleRows < 0) {
      throw new IllegalArgumentException("sampleRows is " + sampleRows);
    }
    tables = List.copyOf(requireNonNull(tables, "tables is null"));
  }

  public static QualityConfig empty() {
    return new QualityConfig(DEFAULT_SAMPLE_ROWS, List.of());
  }

  public boolean isEmpty() {
    return tables.isEmpty();
  }

  static QualityConfig parse(SectionReader quality, Map<String, EntityConfig> entities, ModelConfig model) {
    int sampleRows = quality.integer("sample-rows", DEFAULT_SAMPLE_ROWS, 0, 100);
    List<QualityTable> tables = new ArrayList<>();
    quality.subsection("tables").ifPresent(section -> {
      for (String name : section.entryNames()) {
        if (name.equals(QualityTable.PROCESSED_PREFIX)) {
          section.subsection(name).ifPresent(processed -> {
            processed.entryNames().forEach(entity -> processedTable(processed, entity, entities, model).ifPresent(tables::add));
            processed.finish();
          });
        } else if (name.startsWith(QualityTable.PROCESSED_PREFIX + ".")) {
          processedTable(section, name, entities, model).ifPresent(tables::add);
        } else {
          curatedTable(section, name, model).ifPresent(tables::add);
        }
      }
      section.finish();
    });
    return new QualityConfig(sampleRows, tables);
  }

  private static Optional<QualityTable> processedTable(SectionReader section, String key, Map<String, EntityConfig> entities, ModelConfig model) {
    String entity = key.startsWith(QualityTable.PROCESSED_PREFIX + ".") ? key.substring(QualityTable.PROCESSED_PREFIX.length() + 1) : key;
    EntityConfig config = entities.get(entity);
    if (config == null) {
      section.has(key); // reported here, not again as unknown
      section.problem(key, "is not a configured entity", SectionReader.suggestion(entity, entities.keySet())
          .map(s -> "did you mean 'processed." + s + "'?")
          .orElse("entities: " + (entities.isEmpty() ? "(none)" : String.join(", ", entities.keySet()))));
      return Optional.empty();
    }
    QualityCheckParser parser = new QualityCheckParser("processed." + entity, QualityTableColumns.processed(config), Optional.empty(), true, model);
    return section.subsection(key).map(checks -> table(section, key, Layer.PROCESSED, entity, checks, parser));
  }

  private static Optional<QualityTable> curatedTable(SectionReader section, String name, ModelConfig model) {
    Optional<List<String>> columns;
    Optional<FactConfig> fact = Optional.ofNullable(model.facts().get(name));
    if (fact.isPresent()) {
      columns = QualityTableColumns.fact(fact.get());
    } else if (model.dimensions().containsKey(name)) {
      columns = QualityTableColumns.dimension(model.dimensions().get(name));
    } else if (name.equals(DateDimensionConfig.TABLE) && model.dateDimension().isPresent()) {
      columns = QualityTableColumns.dates();
    } else if (model.aggregates().containsKey(name)) {
      columns = QualityTableColumns.aggregate(model.aggregates().get(name));
    } else {
      List<String> known = model.curatedTables();
      section.has(name); // reported here, not again as unknown
      section.problem(name, "is not a table of the model", SectionReader.suggestion(name, known).map(s -> "did you mean '" + s + "'?")
          .orElse("curated tables: " + (known.isEmpty() ? "(none)" : String.join(", ", known))
              + "; a processed entity goes under processed, e.g. processed.customers { ... }"));
      return Optional.empty();
    }
    QualityCheckParser parser = new QualityCheckParser(name, columns, fact, false, model);
    return section.subsection(name).map(checks -> table(section, name, Layer.CURATED, name, checks, parser));
  }

  private static QualityTable table(SectionReader parent, String key, Layer layer, String name, SectionReader checks,
      QualityCheckParser parser) {
    if (checks.entryNames().isEmpty()) {
      parent.problem(key, "declares no checks", "add named checks, e.g. order_id_unique { type = unique, columns = [order_id] }");
    }
    List<QualityCheck> parsed = new ArrayList<>();
    for (String check : checks.entryNames()) {
      if (!io.strata.layout.LakeNames.isValid(check)) {
        checks.has(check);
        checks.problem(check, "is not a plain check name", "use lower-case letters, digits and '_', e.g. order_id_unique");
        continue;
      }
      checks.subsection(check).ifPresent(entry -> {
        parsed.add(parser.parse(check, entry));
        entry.finish();
      });
    }
    checks.finish();
    return new QualityTable(layer, name, parsed);
  }
}
