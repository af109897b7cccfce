package io.strata.layout;

import java.util.OptionalInt;

/** The areas of the lake, each a top-level folder under the lake root. */
public enum Layer {
  /** What the sources said, plus metadata columns. Holds PII: restrict access. */
  RAW("raw", OptionalInt.of(90)),
  /** Typed, deduplicated, PII-masked Delta tables, one per entity. */
  PROCESSED("processed", OptionalInt.of(180)),
  /** The star schema: dimensions, dim_date, facts. */
  CURATED("curated", OptionalInt.of(365)),
  /** Rows that could not be ingested or processed, with the reason. Holds originals, so raw's retention. */
  QUARANTINE("quarantine", OptionalInt.of(90)),
  /** Watermarks, file ledgers and other bookkeeping; kept as long as the pipeline lives. */
  STATE("_state", OptionalInt.empty()),
  /** The run log and quality results; kept as long as the pipeline lives. */
  RUN_LOG("_runs", OptionalInt.empty());

  private final String directory;
  private final OptionalInt defaultRetentionDays;

  Layer(String directory, OptionalInt defaultRetentionDays) {
    this.directory = directory;
    this.defaultRetentionDays = defaultRetentionDays;
  }

  public String directory() {
    return directory;
  }

  /** Days data is kept before {@code maintain} removes it; empty when it is kept forever. */
  public OptionalInt defaultRetentionDays() {
    return defaultRetentionDays;
  }

  /** The name used in config keys, e.g. {@code run-log}. */
  public String configName() {
    return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }
}
