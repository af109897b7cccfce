package io.strata.jobs.catalog;

import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import java.util.Optional;

/**
 * What the config says of each column of a processed or curated table: its PII masking method and
 * its description. A curated table carries its source entity's processed columns under the same
 * names; dim_date and SQL-sourced tables, whose columns Strata does not trace, have none.
 */
final class ColumnDocs {
  private final PipelineConfig config;

  ColumnDocs(PipelineConfig config) {
    this.config = config;
  }

  /** The column as the dictionary shows it: its type as the table has it, the rest from the config. */
  CatalogTable.Column column(CatalogTable table, String name, String type) {
    Optional<ColumnSpec> declared = entityOf(table).flatMap(entity -> entity.columns().stream().filter(column -> column.name().equals(name)).findFirst());
    return new CatalogTable.Column(name, type, declared.filter(column -> column.pii().masks()).map(column -> column.pii().method()),
        declared.flatMap(ColumnSpec::description));
  }

  private Optional<EntityConfig> entityOf(CatalogTable table) {
    if (table.layer().equals("processed")) {
      return Optional.ofNullable(config.entities().get(table.table()));
    }
    Optional<String> entity = Optional.ofNullable(config.model().dimensions().get(table.table())).flatMap(dimension -> dimension.source().entity())
        .or(() -> Optional.ofNullable(config.model().facts().get(table.table())).flatMap(fact -> fact.source().entity()));
    return entity.map(config.entities()::get);
  }
}
