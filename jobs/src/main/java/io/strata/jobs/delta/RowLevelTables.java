package io.strata.jobs.delta;

import io.strata.layout.ModelWatermarks;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;

/**
 * The Delta tables that MERGE changes row by row (processed tables and dimensions). They are
 * created with the change data feed on: it tells the next layer which rows changed. Deletion
 * vectors are turned on once such a table holds {@link #DELETION_VECTORS_FROM_BYTES} (4 MiB): from then
 * on a MERGE that updates a few rows scattered over it marks them deleted in place and writes only
 * the new versions, instead of rewriting every file holding one of them (without them, a day that
 * changed 1% of a million customers rewrote all of them, in the processed table and again in the
 * dimension). A small table goes without: rewriting its few touched files costs less than what
 * deletion vectors add to every read of it (Delta lists the table's files once more per scan, to
 * find any that has a deletion vector; the demo ran 932 Spark jobs with them, 789 without).
 */
public final class RowLevelTables {
  public static final String DELETION_VECTORS_PROPERTY = "delta.enableDeletionVectors";
  /** The table size from which a MERGE or DELETE writes deletion vectors, unless {@link #FROM_BYTES_SETTING} says otherwise. */
  public static final long DELETION_VECTORS_FROM_BYTES = 4L * 1024 * 1024;
  /** The Spark setting that moves the threshold ({@code spark.conf} in the pipeline config); 0 turns them on for every table. */
  public static final String FROM_BYTES_SETTING = "spark.strata.deletionVectors.fromBytes";

  /** Writer options for the first write of such a table. */
  public static final Map<String, String> CREATE_OPTIONS = Map.of(ModelWatermarks.CHANGE_FEED_PROPERTY, "true");

  private RowLevelTables() {}

  /**
   * Call before a MERGE or DELETE changes rows of the table, and after the write that created it:
   * turns deletion vectors on (one metadata commit, once) when it holds the threshold's bytes or
   * more. Returns true when this call turned them on. A table whose first write reaches the
   * threshold gets them then, so the first run that updates rows does not pay the commit and the
   * snapshot it makes Delta load again.
   */
  public static boolean prepareRowChanges(SparkSession spark, String location) {
    Snapshot snapshot = DeltaLog.forTableWithSnapshot(spark, location)._2();
    if ("true".equalsIgnoreCase(snapshot.metadata().configuration().getOrElse(DELETION_VECTORS_PROPERTY, () -> "false"))) {
      return false;
    }
    // The size the commit's checksum file recorded; without one, Delta computes it from the log (one query).
    long bytes = snapshot.checksumOpt().isDefined() ? snapshot.checksumOpt().get().tableSizeBytes() : snapshot.sizeInBytes();
    if (bytes < Long.parseLong(spark.conf().get(FROM_BYTES_SETTING, String.valueOf(DELETION_VECTORS_FROM_BYTES)).strip())) {
      return false;
    }
    return TableLog.turnOn(spark, location, DELETION_VECTORS_PROPERTY);
  }
}
