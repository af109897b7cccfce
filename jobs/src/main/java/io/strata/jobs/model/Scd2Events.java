package io.strata.jobs.model;

import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.IS_DELETED;
import static io.strata.jobs.model.DimensionColumns.ROW_HASH;
import static io.strata.jobs.model.DimensionColumns.column;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;

import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;

/**
 * Turns a batch of source rows and the stored versions into the events of each affected key's
 * history: a change (C) carries values at a time, a delete (D) ends the open version at a time.
 * Stored versions become events too, so the history of a key is rebuilt from one sorted list.
 */
final class Scd2Events {
  static final String TIME = "_t";
  static final String HASH = "_hash";
  static final String KIND = "_kind";
  static final String PRIORITY = "_priority";
  static final String EXISTING_KEY = "_existing_key";
  static final String CHANGE = "C";
  private static final String STORED = "_stored_";
  static final String DELETE = "D";

  private final DimensionConfig dimension;
  private final List<String> values;

  Scd2Events(DimensionConfig dimension) {
    this.dimension = dimension;
    this.values = new ArrayList<>(dimension.naturalKey());
    values.addAll(dimension.tracked());
    values.addAll(dimension.typeOne());
  }

  /**
   * The source rows as changes: key, tracked and type-1 values, change time and hash; exact repeats
   * once. Held in memory: every step of the build reads them. With {@code onePerKey} (a processed
   * entity keyed on the natural key holds one row per key) there is nothing to deduplicate and no
   * two changes of a key can share a change time, so neither is looked for (and the job that holds
   * them counts them).
   */
  io.strata.jobs.spark.HeldRows changes(Dataset<Row> source, LocalDate runDate, boolean onePerKey) {
    Column time = dimension.changeTime().map(name -> column(name).cast(DataTypes.TimestampType))
        .orElse(DimensionColumns.startOf(runDate));
    Column keyPresent = lit(true);
    for (String key : dimension.naturalKey()) {
      keyPresent = keyPresent.and(column(key).isNotNull());
    }
    Dataset<Row> selected = source.filter(keyPresent).select(concat(columnList(values), List.of(time.as(TIME))).toArray(Column[]::new))
        .withColumn(HASH, DimensionColumns.hashOf(dimension.tracked()));
    if (onePerKey) {
      return io.strata.jobs.spark.HeldRows.counted(selected.filter(col(TIME).isNotNull()));
    }
    Dataset<Row> changes = selected.dropDuplicates().localCheckpoint();
    List<Row> conflicts = changes.groupBy(columns(concat(dimension.naturalKey(), List.of(TIME)))).count()
        .filter(col("count").gt(1)).limit(3).collectAsList();
    if (!conflicts.isEmpty()) {
      throw new StrataException("model.dimensions." + dimension.name() + ": different rows of one key have the same change time, "
          + "so their order is unknown: " + conflicts.stream().map(Row::toString).collect(Collectors.joining(", "))
          + ". Fix: set change-time to a column that orders the changes, or deduplicate the source");
    }
    Dataset<Row> timed = changes.filter(col(TIME).isNotNull());
    return new io.strata.jobs.spark.HeldRows(timed, timed.count());
  }

  /** Changes not already in the stored history: no stored version holds them with the same values. */
  Dataset<Row> news(Dataset<Row> changes, Dataset<Row> stored) {
    // Stored columns get a prefix, so the join condition cannot confuse the two sides.
    Dataset<Row> versions = stored.select(java.util.Arrays.stream(stored.columns())
        .map(name -> column(name).as(STORED + name)).toArray(Column[]::new));
    Column holds = lit(true);
    for (String key : dimension.naturalKey()) {
      holds = holds.and(column(key).equalTo(column(STORED + key)));
    }
    holds = holds.and(column(STORED + EFFECTIVE_FROM).leq(col(TIME))).and(col(TIME).lt(column(STORED + EFFECTIVE_TO)))
        .and(col(HASH).equalTo(column(STORED + ROW_HASH)));
    for (String typeOne : dimension.typeOne()) {
      holds = holds.and(column(typeOne).eqNullSafe(column(STORED + typeOne)));
    }
    return changes.join(versions, holds, "left_anti");
  }

  /** For a full snapshot: a delete at the run date for every live key the source no longer has. */
  Dataset<Row> deletes(Dataset<Row> changes, Dataset<Row> stored, LocalDate runDate) {
    Dataset<Row> live = stored.filter(col(IS_CURRENT)).select(columns(dimension.naturalKey()));
    return live.join(changes.select(columns(dimension.naturalKey())).distinct(), asList(dimension.naturalKey()), "left_anti")
        .withColumn(TIME, DimensionColumns.startOf(runDate)).withColumn(KIND, lit(DELETE));
  }

  /** For an incremental build of a full snapshot: a delete at the run date for every live key among {@code deletedKeys}. */
  Dataset<Row> deletesOf(Dataset<Row> deletedKeys, Dataset<Row> stored, LocalDate runDate) {
    Dataset<Row> live = stored.filter(col(IS_CURRENT)).select(columns(dimension.naturalKey()));
    return live.join(deletedKeys.select(columns(dimension.naturalKey())).distinct(), asList(dimension.naturalKey()), "left_semi")
        .withColumn(TIME, DimensionColumns.startOf(runDate)).withColumn(KIND, lit(DELETE));
  }

  /**
   * A key that comes back after a delete, with a change time not after the delete (its row did
   * not change while gone), returns at the run date: the latest source row starts a new version.
   */
  Dataset<Row> returns(Dataset<Row> changes, Dataset<Row> stored, LocalDate runDate) {
    List<String> keys = dimension.naturalKey();
    Dataset<Row> last = stored.groupBy(columns(keys)).agg(max(EFFECTIVE_TO).as("_last_to"),
        max(col(IS_CURRENT).cast("int")).as("_live")).filter(col("_live").equalTo(0));
    Dataset<Row> latest = changes.withColumn("_rank", org.apache.spark.sql.functions.row_number().over(
        org.apache.spark.sql.expressions.Window.partitionBy(columns(keys)).orderBy(col(TIME).desc()))).filter(col("_rank").equalTo(1));
    return latest.join(last, asList(keys)).filter(col(TIME).leq(col("_last_to")))
        .withColumn(TIME, DimensionColumns.startOf(runDate)).select(columnsWith(TIME, HASH));
  }

  /**
   * All events of the members in {@code history} (the stored versions of every member the run
   * touches, whether or not its changes are new) and the incoming ones: incoming (priority 1) over
   * stored (priority 0) at the same time. A touched member whose changes the history already holds
   * is rebuilt too: its rows come out as stored, unless a run killed between the dimension's two
   * writes left its history half written, which this repairs.
   */
  Dataset<Row> all(Dataset<Row> incomingChanges, Dataset<Row> incomingDeletes, Dataset<Row> history, String keyColumn) {
    List<String> keys = dimension.naturalKey();
    Dataset<Row> storedChanges = history.select(concat(columnList(values), List.of(col(EFFECTIVE_FROM).as(TIME), col(ROW_HASH).as(HASH),
        lit(CHANGE).as(KIND), lit(0).as(PRIORITY), col(keyColumn).as(EXISTING_KEY))).toArray(Column[]::new));
    Dataset<Row> storedDeletes = history.filter(col(IS_DELETED)).select(concat(columnList(values), List.of(col(EFFECTIVE_TO).as(TIME),
        lit(null).cast("string").as(HASH), lit(DELETE).as(KIND), lit(0).as(PRIORITY), lit(null).cast("bigint").as(EXISTING_KEY)))
        .toArray(Column[]::new));
    Dataset<Row> newChanges = incomingChanges.select(concat(columnList(values), List.of(col(TIME), col(HASH), lit(CHANGE).as(KIND),
        lit(1).as(PRIORITY), lit(null).cast("bigint").as(EXISTING_KEY))).toArray(Column[]::new));
    List<Column> deleteColumns = new ArrayList<>(columnList(keys));
    for (String value : values.subList(keys.size(), values.size())) {
      deleteColumns.add(lit(null).cast(history.schema().apply(value).dataType()).as(value));
    }
    deleteColumns.addAll(List.of(col(TIME), lit(null).cast("string").as(HASH), lit(DELETE).as(KIND), lit(1).as(PRIORITY),
        lit(null).cast("bigint").as(EXISTING_KEY)));
    Dataset<Row> newDeletes = incomingDeletes.select(deleteColumns.toArray(Column[]::new));
    return storedChanges.unionByName(storedDeletes).unionByName(newChanges).unionByName(newDeletes);
  }

  private Column[] columnsWith(String... extra) {
    return concat(columnList(values), List.of(extra).stream().map(DimensionColumns::column).toList()).toArray(Column[]::new);
  }

  private static List<Column> columnList(List<String> names) {
    return names.stream().map(DimensionColumns::column).toList();
  }

  private static scala.collection.immutable.Seq<String> asList(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
  }

  private static <T> List<T> concat(List<T> first, List<T> second) {
    List<T> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
