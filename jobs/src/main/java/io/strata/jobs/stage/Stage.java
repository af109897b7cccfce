package io.strata.jobs.stage;

import java.util.List;
import java.util.Locale;

/** The stages of a pipeline, in the order {@code run} executes them. */
public enum Stage {
  INGEST("read each source into the raw layer"),
  PROCESS("standardize, quarantine and mask PII into the processed layer"),
  MODEL("build the SCD2 star schema in the curated layer"),
  QUALITY("run the data-quality checks"),
  EXPORT("publish the curated tables to the warehouse"),
  MAINTAIN("apply retention and compact the lake");

  private final String description;

  Stage(String description) {
    this.description = description;
  }

  public String cliName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  /** The stages from {@code from} to {@code to}, both included, in pipeline order. */
  public static List<Stage> slice(Stage from, Stage to) {
    if (from.ordinal() > to.ordinal()) {
      throw new IllegalArgumentException("--from " + from.cliName() + " comes after --to " + to.cliName());
    }
    return List.of(values()).subList(from.ordinal(), to.ordinal() + 1);
  }
}
