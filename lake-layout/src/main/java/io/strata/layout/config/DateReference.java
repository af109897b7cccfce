package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

/** A fact's reference to {@code dim_date}: the fact column {@code <name>_key} is the yyyymmdd of {@code column}. */
public record DateReference(String name, String column) {
  public DateReference {
    requireNonNull(name, "name is null");
    requireNonNull(column, "column is null");
  }

  public String keyColumn() {
    return name + "_key";
  }
}
