package io.strata.layout;

import io.strata.layout.config.EntityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The contract between process and model about the key a processed table was built on. Process
 * creates the table with Delta statistics of its key and change-order columns only, listed in the
 * table property {@link #PROPERTY} ({@link #statisticsColumns}); the property then also records
 * the key the table holds one row per. The model trusts a processed table to be unique on the
 * entity's configured key only when the property matches it: a table built on another key (the
 * config's key changed since, or an earlier Strata wrote it) is not trusted.
 */
public final class ProcessedTableKey {
  /** Delta's table property of the columns it keeps file statistics of. */
  public static final String PROPERTY = "delta.dataSkippingStatsColumns";

  private ProcessedTableKey() {}

  /** The key columns, then the change-order column, as the property lists them (names in backticks). */
  public static String statisticsColumns(EntityConfig entity) {
    List<String> columns = new ArrayList<>(entity.key());
    entity.changeOrder().filter(order -> !columns.contains(order)).ifPresent(columns::add);
    return columns.stream().map(name -> "`" + name.replace("`", "``") + "`").collect(Collectors.joining(","));
  }
}
