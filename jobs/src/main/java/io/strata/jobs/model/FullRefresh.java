package io.strata.jobs.model;

import static java.util.Objects.requireNonNull;

import java.util.Set;

/**
 * Which curated tables the model rebuilds from whole sources instead of their change feeds
 * ({@code --full-refresh} for all, {@code --full-refresh=dim_customer,fact_sales} for some). An
 * SCD2 dimension keeps its history: its whole source is compared with the stored versions.
 */
public record FullRefresh(boolean all, Set<String> tables) {
  public FullRefresh {
    tables = Set.copyOf(requireNonNull(tables, "tables is null"));
  }

  public static FullRefresh none() {
    return new FullRefresh(false, Set.of());
  }

  public static FullRefresh everything() {
    return new FullRefresh(true, Set.of());
  }

  public static FullRefresh of(Set<String> tables) {
    return new FullRefresh(false, tables);
  }

  public boolean applies(String table) {
    return all || tables.contains(table);
  }
}
