package io.strata.jobs.delta;

import io.strata.layout.ModelWatermarks;
import java.util.Map;

/**
 * The table properties of Delta tables that MERGE changes row by row (processed tables and
 * dimensions), set when they are created. The change data feed tells the next layer which rows
 * changed. Deletion vectors let a MERGE that updates a few rows scattered over a large table
 * mark them deleted in place and write only the new versions, instead of rewriting every file
 * holding one of them: without them, a day that changed 1% of a million customers rewrote all of
 * them, in the processed table and again in the dimension.
 */
public final class RowLevelTables {
  public static final String DELETION_VECTORS_PROPERTY = "delta.enableDeletionVectors";

  /** Writer options for the first write of such a table. */
  public static final Map<String, String> CREATE_OPTIONS = Map.of(ModelWatermarks.CHANGE_FEED_PROPERTY, "true",
      DELETION_VECTORS_PROPERTY, "true");

  private RowLevelTables() {}
}
