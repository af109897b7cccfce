package io.strata.jobs.export;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.struct;

import java.io.FileNotFoundException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkThrowable;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The surrogate keys of a dimension that changed between two Delta versions, read from the
 * table's change data feed, each with its last change: the highest {@code _commit_version}, and
 * within one commit the row after the change over the row before it (an update writes both; an
 * overwrite deletes every old row and inserts every new one in the same commit). A key whose last
 * change is {@code insert} or {@code update_postimage} exists at the end version and is upserted
 * with the row that change wrote, which is its row there; a key whose last change is {@code delete}
 * is gone and is deleted.
 *
 * <p>The keys and rows are read once, persisted, and counted before anything is copied, so that a change
 * feed that cannot answer (not recorded for a version in the range, files cleaned up, a column's
 * type changed, a schema change Delta cannot read across) fails here, as {@link Unavailable}, and the caller loads the
 * table whole instead. {@link #close()} releases them.
 */
final class DimensionChanges implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DimensionChanges.class);
  private static final String CHANGE_TYPE = "_change_type";
  private static final String COMMIT_VERSION = "_commit_version";
  private static final String LAST = "_last";
  private static final String EXISTS = "_exists";
  private static final String KEY = "_key";
  private static final String ROW = "_row";
  /** Delta's conditions for a log or change data that is no longer there. */
  private static final Set<String> HISTORY_GONE = Set.of("DELTA_VERSIONS_NOT_CONTIGUOUS", "DELTA_VERSION_NOT_FOUND",
      "DELTA_LOG_FILE_NOT_FOUND", "DELTA_STATE_RECOVER_ERROR", "DELTA_FILE_NOT_FOUND", "FAILED_READ_FILE.FILE_NOT_EXIST");

  private final String key;
  private final Dataset<Row> lastChanges;
  private final long upserted;
  private final long deleted;

  private DimensionChanges(String key, Dataset<Row> lastChanges, long upserted, long deleted) {
    this.key = key;
    this.lastChanges = lastChanges;
    this.upserted = upserted;
    this.deleted = deleted;
  }

  /** The changes of commits {@code after + 1} up to {@code snapshot}'s version of the dimension, keyed by {@code key}. */
  static DimensionChanges read(SparkSession spark, CuratedSnapshot snapshot, String key, long after) throws Unavailable {
    String location = snapshot.location();
    long upTo = snapshot.version();
    if (upTo <= after) {
      throw new IllegalArgumentException("no versions after " + after + " up to " + upTo);
    }
    Dataset<Row> lastChanges = null;
    try {
      // Same column names (the caller checked) but another type or nullability: the warehouse table cannot take the rows.
      if (!columns(spark.read().format("delta").option("versionAsOf", after).load(location).schema())
          .equals(columns(snapshot.rows().schema()))) {
        throw new Unavailable(after + 1, "column types changed");
      }
      Dataset<Row> feed = spark.read().format("delta").option("readChangeFeed", "true").option("startingVersion", after + 1)
          .option("endingVersion", upTo).load(location);
      Column row = struct(Arrays.stream(snapshot.rows().columns()).map(column -> col(quoted(column))).toArray(Column[]::new));
      lastChanges = feed.filter(col(CHANGE_TYPE).isin("insert", "update_postimage", "delete"))
          // Structs compare field by field: the highest version wins, and within it the row after the change (true).
          .select(col(quoted(key)).as(KEY), struct(col(COMMIT_VERSION), col(CHANGE_TYPE).notEqual(lit("delete")).as(EXISTS)).as(LAST),
              row.as(ROW))
          .groupBy(col(KEY)).agg(max_by(col(ROW), col(LAST)).as(ROW), max(col(LAST)).as(LAST))
          .select(col(KEY), col(LAST + "." + EXISTS).as(EXISTS), col(ROW))
          .persist(StorageLevel.MEMORY_AND_DISK());
      long upserted = 0;
      long deleted = 0;
      for (Row count : lastChanges.groupBy(EXISTS).count().collectAsList()) {
        if (count.getBoolean(0)) {
          upserted = count.getLong(1);
        } else {
          deleted = count.getLong(1);
        }
      }
      return new DimensionChanges(key, lastChanges, upserted, deleted);
    } catch (Unavailable e) {
      throw e;
    } catch (Exception e) { // Spark's and Delta's failures arrive unchecked, wrapped or not
      if (lastChanges != null) {
        lastChanges.unpersist();
      }
      String reason = reason(e);
      LOG.warn("change feed of {} for versions {}..{} unavailable ({}); the table is loaded whole", location, after + 1, upTo, reason, e);
      throw new Unavailable(after + 1, reason);
    }
  }

  /**
   * The dimension's rows at the end version whose key's last change left them there: that change's
   * row after it, from the feed, which no later commit changed. Reading them from the feed instead
   * of the end version costs what changed, not a scan of the whole dimension.
   */
  Dataset<Row> upserts() {
    return lastChanges.filter(col(EXISTS)).select(col(ROW + ".*"));
  }

  /** The keys whose last change deleted them, in one column named as the key. */
  Dataset<Row> deletedKeys() {
    return lastChanges.filter(col(EXISTS).equalTo(lit(false))).select(col(KEY).as(key));
  }

  long upserted() {
    return upserted;
  }

  long deleted() {
    return deleted;
  }

  @Override
  public void close() {
    lastChanges.unpersist();
  }

  private static List<String> columns(StructType schema) {
    return Arrays.stream(schema.fields()).map(field -> field.name() + " " + field.dataType().sql() + (field.nullable() ? "" : " NOT NULL"))
        .toList();
  }

  /** What Delta said, in a few words: the condition and the version it names, never a path or a stack. */
  static String reason(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof SparkThrowable spark && spark.getCondition() != null) {
        String condition = spark.getCondition();
        Map<String, String> parameters = spark.getMessageParameters();
        return switch (condition) {
          case "DELTA_MISSING_CHANGE_DATA" -> "change data not recorded for version " + parameters.getOrDefault("version", "?");
          case "DELTA_CHANGE_DATA_FEED_INCOMPATIBLE_DATA_SCHEMA", "DELTA_CHANGE_DATA_FEED_INCOMPATIBLE_SCHEMA_CHANGE" ->
              "schema change at version " + parameters.getOrDefault("incompatibleVersion", "?");
          default -> HISTORY_GONE.contains(condition) ? "lake history or change data files cleaned up" : condition;
        };
      }
      if (cause instanceof FileNotFoundException) {
        return "lake history or change data files cleaned up";
      }
    }
    return failure.getClass().getSimpleName();
  }

  /** The change feed cannot tell what changed in a range of versions; {@link #getMessage()} says why, in a few words. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final long since;

    Unavailable(long since, String reason) {
      super(reason);
      this.since = since;
    }

    /** The first version of the range asked for. */
    long since() {
      return since;
    }
  }
}
