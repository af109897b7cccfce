package io.strata.jobs.catalog;

import io.strata.layout.config.PipelineConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog names and locations of a layer's tables, from the config alone (no Spark). */
final class LakeCatalogNames {
  private final PipelineConfig config;

  LakeCatalogNames(PipelineConfig config) {
    this.config = config;
  }

  List<CatalogTable> tables(String layer) {
    List<String> names = new ArrayList<>();
    if (layer.equals("processed")) {
      names.addAll(config.entities().keySet());
    } else {
      names.addAll(config.model().curatedTables());
    }
    List<CatalogTable> tables = new ArrayList<>();
    for (String name : names) {
      String location = layer.equals("processed") ? config.lake().layout().processed(name).uri() : config.lake().layout().curated(name).uri();
      tables.add(new CatalogTable(layer, config.catalog().databasePrefix() + layer + "." + name, location, Optional.empty(), Optional.empty(), List.of(), Optional.empty(),
          Optional.empty()));
    }
    return tables;
  }
}
