package io.strata.jobs.export;

import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DateReference;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Which tables the export publishes, with the keys and indexes the model says they have. */
final class ExportPlanner {
  static final String DATE_KEY = "date_key";

  private ExportPlanner() {}

  static List<ExportTable> plan(ModelConfig model, ExportConfig export) {
    List<ExportTable> tables = new ArrayList<>();
    for (String name : export.tablesOf(model)) {
      ExportMode mode = export.modeOf(name);
      DimensionConfig dimension = model.dimensions().get(name);
      FactConfig fact = model.facts().get(name);
      if (dimension != null) {
        tables.add(new ExportTable(name, ExportTable.Kind.DIMENSION, mode, Optional.of(dimension.keyColumn()),
            List.of(dimension.naturalKey()), Optional.empty()));
      } else if (name.equals(DateDimensionConfig.TABLE)) {
        tables.add(new ExportTable(name, ExportTable.Kind.DIMENSION, mode, Optional.of(DATE_KEY), List.of(List.of("date")),
            Optional.empty()));
      } else if (fact != null) {
        List<List<String>> indexes = new ArrayList<>();
        fact.dimensions().stream().map(DimensionReference::keyColumn).forEach(column -> indexes.add(List.of(column)));
        fact.dates().stream().map(DateReference::keyColumn).forEach(column -> indexes.add(List.of(column)));
        if (mode == ExportMode.INCREMENTAL) {
          indexes.add(List.of(FactConfig.PARTITION_COLUMN)); // the partition replace deletes by it
        }
        tables.add(new ExportTable(name, ExportTable.Kind.FACT, mode, Optional.empty(), indexes,
            Optional.of(FactConfig.PARTITION_COLUMN)));
      } else if (model.aggregates().containsKey(name)) {
        // Small and without a single key: loaded whole whenever the lake's version moved.
        tables.add(new ExportTable(name, ExportTable.Kind.AGGREGATE, mode, Optional.empty(), List.of(), Optional.empty()));
      } else {
        throw new IllegalArgumentException("not a table of the model: " + name); // the config check rejects it first
      }
    }
    return List.copyOf(tables);
  }
}
