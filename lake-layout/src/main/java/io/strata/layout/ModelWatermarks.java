package io.strata.layout;

import java.util.Optional;

/**
 * The contract between process, model, export and maintain about change feeds. Processed tables
 * and curated dimensions are Delta tables with the change data feed on; the model keeps, per
 * curated table, the table version of every processed entity and curated dimension it has
 * consumed, as string state under {@link LakeLayout#modelState(String)} (one JSON file per commit,
 * committed after the curated write). The next run reads the changes after those versions.
 *
 * <p>State keys: {@code processed.<entity>} and {@code curated.<dimension>}, each a Delta version.
 */
public final class ModelWatermarks {
  /** The Delta table property that turns on the change data feed. */
  public static final String CHANGE_FEED_PROPERTY = "delta.enableChangeDataFeed";
  private static final String PROCESSED = "processed.";
  private static final String CURATED = "curated.";

  private ModelWatermarks() {}

  public static String processedKey(String entity) {
    return PROCESSED + LakeNames.require(entity, "entity");
  }

  public static String curatedKey(String table) {
    return CURATED + LakeNames.require(table, "table");
  }

  /** The entity a state key names, when it is a processed watermark. */
  public static Optional<String> processedEntity(String key) {
    return key.startsWith(PROCESSED) ? Optional.of(key.substring(PROCESSED.length())) : Optional.empty();
  }

  /** The curated table a state key names, when it is a curated watermark. */
  public static Optional<String> curatedTable(String key) {
    return key.startsWith(CURATED) ? Optional.of(key.substring(CURATED.length())) : Optional.empty();
  }
}
