package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of {@code model.facts}: a curated fact table {@code curated/<name>}, partitioned by
 * {@code partition_date} (the date of {@code partitionBy}).
 *
 * @param grain the source columns that identify a fact row; a duplicate fails the stage
 * @param measures numeric source columns carried as they are
 * @param degenerate source columns carried as dimensions without a table (e.g. an order number)
 */
public record FactConfig(String name, ModelSource source, List<String> grain, List<String> measures, List<String> degenerate,
    List<DimensionReference> dimensions, List<DateReference> dates, String partitionBy) {
  public static final String PARTITION_COLUMN = "partition_date";

  public FactConfig {
    requireNonNull(name, "name is null");
    requireNonNull(source, "source is null");
    grain = List.copyOf(requireNonNull(grain, "grain is null"));
    measures = List.copyOf(requireNonNull(measures, "measures is null"));
    degenerate = List.copyOf(requireNonNull(degenerate, "degenerate is null"));
    dimensions = List.copyOf(requireNonNull(dimensions, "dimensions is null"));
    dates = List.copyOf(requireNonNull(dates, "dates is null"));
    requireNonNull(partitionBy, "partitionBy is null");
  }

  static FactConfig parse(String name, SectionReader fact, Map<String, EntityConfig> entities, Map<String, DimensionConfig> dimensionsByName) {
    ModelSource source = ModelSource.parse(fact, entities);
    List<String> grain = fact.stringList("grain");
    if (grain.isEmpty()) {
      fact.problem("grain", "is required", "write grain = [order_id, line_number] (the columns that identify a fact row)");
    }
    List<String> measures = fact.stringList("measures");
    List<String> degenerate = fact.stringList("degenerate");
    List<DimensionReference> references = new ArrayList<>();
    fact.subsection("dimensions").ifPresent(section -> {
      for (String reference : section.entryNames()) {
        section.subsection(reference).ifPresent(entry -> {
          references.add(reference(reference, entry, dimensionsByName));
          entry.finish();
        });
      }
      section.finish();
    });
    List<DateReference> dates = new ArrayList<>();
    fact.subsection("dates").ifPresent(section -> {
      for (String reference : section.entryNames()) {
        dates.add(new DateReference(reference, section.requiredString(reference, "write " + reference + " = <date or timestamp column>")));
      }
      section.finish();
    });
    String partitionBy = fact.requiredString("partition-by",
        "name the date or timestamp column whose day partitions the fact, e.g. partition-by = order_ts");
    source.entity().map(entities::get).ifPresent(entity -> {
      DimensionConfig.checkColumns(fact, entity, "grain", grain);
      DimensionConfig.checkColumns(fact, entity, "measures", measures);
      DimensionConfig.checkColumns(fact, entity, "degenerate", degenerate);
      DimensionConfig.checkColumns(fact, entity, "partition-by", partitionBy.isEmpty() ? List.of() : List.of(partitionBy));
      fact.subsection("dimensions").ifPresent(section -> references.forEach(reference -> section.subsection(reference.name())
          .ifPresent(entry -> {
            DimensionConfig.checkColumns(entry, entity, "columns", reference.columns());
            DimensionConfig.checkColumns(entry, entity, "event-time", reference.eventTime().map(List::of).orElse(List.of()));
          })));
      fact.subsection("dates").ifPresent(section -> dates.forEach(date -> DimensionConfig.checkColumns(section, entity, date.name(),
          List.of(date.column()))));
    });
    return new FactConfig(name, source, grain, measures, degenerate, references, dates, partitionBy);
  }

  private static DimensionReference reference(String name, SectionReader entry, Map<String, DimensionConfig> dimensionsByName) {
    String dimension = entry.requiredString("dimension", "name the dimension, e.g. dimension = dim_customer");
    DimensionConfig target = dimensionsByName.get(dimension);
    if (!dimension.isEmpty() && target == null) {
      entry.problem("dimension", "is '" + dimension + "', which is not a dimension under model.dimensions",
          SectionReader.suggestion(dimension, dimensionsByName.keySet()).map(s -> "did you mean '" + s + "'?")
              .orElse("dimensions: " + (dimensionsByName.isEmpty() ? "(none)" : String.join(", ", dimensionsByName.keySet()))));
    }
    List<String> columns = entry.has("columns") ? entry.stringList("columns")
        : target == null ? List.of() : target.naturalKey();
    if (target != null && columns.size() != target.naturalKey().size()) {
      entry.problem("columns", "has " + columns.size() + " column(s) but " + dimension + " has natural key " + target.naturalKey(),
          "list one fact column per natural-key column, in the same order");
    }
    Optional<String> eventTime = entry.optionalString("event-time");
    if (target != null && target.scdType() == 2 && eventTime.isEmpty()) {
      entry.problem("event-time", "is required: " + dimension + " is scd-type = 2",
          "name the fact column whose time picks the dimension version, e.g. event-time = order_ts");
    }
    return new DimensionReference(name, dimension, columns, eventTime);
  }
}
