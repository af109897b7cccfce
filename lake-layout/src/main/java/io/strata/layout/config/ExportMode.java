package io.strata.layout.config;

import java.util.List;
import java.util.Locale;

/** How the export stage publishes one table in the warehouse. */
public enum ExportMode {
  /** Load the whole table into a staging table, then swap it in with the others in one transaction. */
  SWAP,
  /**
   * Publish what the lake changed since the last export: facts get their changed date partitions
   * replaced; dimensions get the rows their change data feed names upserted on the surrogate key
   * and the keys it deleted deleted. The first export, and any change the lake cannot name
   * exactly, loads the table whole. The default.
   */
  INCREMENTAL;

  static final List<String> NAMES = List.of("swap", "incremental");

  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ExportMode of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }
}
