package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.ExportMode;
import java.util.List;
import java.util.Optional;

/**
 * One curated table as the warehouse gets it.
 *
 * @param primaryKey the surrogate key of a dimension ({@code date_key} for {@code dim_date}); empty for facts
 * @param indexes the column lists indexed: natural keys of dimensions, foreign keys of facts
 * @param partitionColumn the date partition column of a fact, which incremental mode replaces by
 */
record ExportTable(String name, Kind kind, ExportMode mode, Optional<String> primaryKey, List<List<String>> indexes,
    Optional<String> partitionColumn) {
  enum Kind { DIMENSION, FACT, AGGREGATE }

  ExportTable {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(mode, "mode is null");
    requireNonNull(primaryKey, "primaryKey is null");
    indexes = indexes.stream().map(List::copyOf).toList();
    requireNonNull(partitionColumn, "partitionColumn is null");
  }

  /** The columns the table must have in the lake for its keys and indexes. */
  List<String> keyColumns() {
    java.util.LinkedHashSet<String> columns = new java.util.LinkedHashSet<>();
    primaryKey.ifPresent(columns::add);
    indexes.forEach(columns::addAll);
    partitionColumn.ifPresent(columns::add);
    return List.copyOf(columns);
  }
}
