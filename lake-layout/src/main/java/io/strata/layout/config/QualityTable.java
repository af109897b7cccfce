package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import io.strata.layout.Layer;
import java.util.List;

/**
 * The checks of one table: a curated table ({@code fact_sales}, {@code dim_customer},
 * {@code dim_date}) or a processed entity ({@code processed.customers}).
 */
public record QualityTable(Layer layer, String name, List<QualityCheck> checks) {
  public static final String PROCESSED_PREFIX = "processed";

  public QualityTable {
    requireNonNull(layer, "layer is null");
    requireNonNull(name, "name is null");
    if (layer != Layer.PROCESSED && layer != Layer.CURATED) {
      throw new IllegalArgumentException("quality checks read processed or curated tables, not " + layer);
    }
    checks = List.copyOf(requireNonNull(checks, "checks is null"));
  }

  /** How the config and the results name the table: {@code fact_sales} or {@code processed.customers}. */
  public String displayName() {
    return layer == Layer.PROCESSED ? PROCESSED_PREFIX + "." + name : name;
  }
}
