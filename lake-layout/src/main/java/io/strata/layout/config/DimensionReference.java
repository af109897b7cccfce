package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * A fact's reference to a dimension: the fact column {@code <name>_key} holds the surrogate key of
 * the member whose natural key equals {@code columns} (in natural-key order), and for an SCD2
 * dimension of the version valid at {@code eventTime}; -1 (the unknown member) when none matches.
 */
public record DimensionReference(String name, String dimension, List<String> columns, Optional<String> eventTime) {
  public DimensionReference {
    requireNonNull(name, "name is null");
    requireNonNull(dimension, "dimension is null");
    columns = List.copyOf(requireNonNull(columns, "columns is null"));
    requireNonNull(eventTime, "eventTime is null");
  }

  public String keyColumn() {
    return name + "_key";
  }
}
