package io.strata.jobs.process;

import io.strata.layout.config.EntityConfig;
import java.util.Locale;

/** How a raw column name becomes a processed one: the entity's renames, then snake_case. */
final class ColumnNames {
  private ColumnNames() {}

  static String processedName(String rawName, EntityConfig entity) {
    String renamed = entity.renames().getOrDefault(rawName, rawName);
    return entity.snakeCase() ? snakeCase(renamed) : renamed;
  }

  /** {@code OrderID} -> {@code order_id}, {@code customer Name} -> {@code customer_name}, {@code unitPrice} -> {@code unit_price}. */
  static String snakeCase(String name) {
    String spaced = name.trim()
        .replaceAll("([a-z0-9])([A-Z])", "$1_$2")
        .replaceAll("([A-Z]+)([A-Z][a-z])", "$1_$2");
    return spaced.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
  }
}
