package io.strata.layout.config;

import java.util.List;
import java.util.Locale;

/** How the export stage publishes one table in the warehouse. */
public enum ExportMode {
  /** Load the whole table into a staging table, then swap it in with the others in one transaction. */
  SWAP,
  /** Facts: replace the date partitions changed since the last export; dimensions: upsert on the surrogate key. */
  INCREMENTAL;

  static final List<String> NAMES = List.of("swap", "incremental");

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ExportMode of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
