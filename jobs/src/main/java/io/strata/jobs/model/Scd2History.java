package io.strata.jobs.model;

import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.IS_DELETED;
import static io.strata.jobs.model.DimensionColumns.ROW_HASH;
import static io.strata.jobs.model.DimensionColumns.VERSION;
import static io.strata.jobs.model.DimensionColumns.columns;
import static io.strata.jobs.model.Scd2Events.CHANGE;
import static io.strata.jobs.model.Scd2Events.DELETE;
import static io.strata.jobs.model.Scd2Events.EXISTING_KEY;
import static io.strata.jobs.model.Scd2Events.HASH;
import static io.strata.jobs.model.Scd2Events.KIND;
import static io.strata.jobs.model.Scd2Events.PRIORITY;
import static io.strata.jobs.model.Scd2Events.TIME;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.lag;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.config.DimensionConfig;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * Rebuilds the version history of each key from its events sorted by time. A change starts a
 * version when nothing is open or its tracked values differ from the open one; a delete ends
 * the open version and flags it deleted. A version ends where the next one starts, or at a
 * delete, or is open (current) until {@link DimensionColumns#FAR_FUTURE}. So a late change
 * lands between the versions around it and splits the interval it falls into, and several
 * changes in one batch become several versions in time order.
 *
 * <p>A rebuilt version keeps the surrogate key of the earliest stored version it contains;
 * versions without one get a key later ({@code null} here).
 */
final class Scd2History {
  private Scd2History() {}

  static Dataset<Row> rebuild(Dataset<Row> events, DimensionConfig dimension) {
    Column[] keys = columns(dimension.naturalKey());
    // One event per key and time: what this run read wins over what was stored, keeping the stored key.
    WindowSpec sameTime = Window.partitionBy(append(keys, col(TIME)));
    // Every window below partitions by the natural key and maybe more: one shuffle by the key serves them all.
    Dataset<Row> unique = events.repartition(keys)
        .withColumn("_same_time_key", max(col(EXISTING_KEY)).over(sameTime))
        .withColumn("_rank", row_number().over(sameTime.orderBy(col(PRIORITY).desc(), col(KIND).asc(), col(HASH).asc_nulls_last())))
        .filter(col("_rank").equalTo(1))
        .withColumn(EXISTING_KEY, col("_same_time_key")).drop("_rank", "_same_time_key");

    WindowSpec byTime = Window.partitionBy(keys).orderBy(col(TIME));
    Column previousKind = lag(col(KIND), 1).over(byTime);
    Column previousHash = lag(col(HASH), 1).over(byTime);
    Column starts = col(KIND).equalTo(CHANGE).and(previousKind.isNull().or(previousKind.equalTo(DELETE))
        .or(previousHash.notEqual(col(HASH))));
    Column ends = col(KIND).equalTo(DELETE).and(previousKind.equalTo(CHANGE));
    Dataset<Row> marked = unique.withColumn("_starts", starts).withColumn("_ends", coalesce(ends, lit(false)))
        .withColumn("_group", sum(when(col("_starts").or(col("_ends")), 1).otherwise(0)).over(byTime
            .rowsBetween(Window.unboundedPreceding(), Window.currentRow())));

    // The merged events of a version: the earliest stored key among them is the version's key.
    WindowSpec group = Window.partitionBy(append(keys, col("_group"))).orderBy(col(TIME))
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    // Type-1 values are those of the latest change of the key, on every version.
    WindowSpec latestFirst = Window.partitionBy(keys).orderBy(col(KIND).asc(), col(TIME).desc(), col(PRIORITY).desc())
        .rowsBetween(Window.unboundedPreceding(), Window.unboundedFollowing());
    Dataset<Row> withKeys = marked.withColumn(EXISTING_KEY, first(col(EXISTING_KEY), true).over(group));
    for (String typeOne : dimension.typeOne()) {
      withKeys = withKeys.withColumn(typeOne, first(DimensionColumns.column(typeOne)).over(latestFirst));
    }

    Dataset<Row> boundaries = withKeys.filter(col("_starts").or(col("_ends")));
    Dataset<Row> versions = boundaries
        .withColumn(EFFECTIVE_TO, coalesce(lead(col(TIME), 1).over(byTime), DimensionColumns.farFuture()))
        .withColumn(IS_DELETED, coalesce(lead(col(KIND), 1).over(byTime).equalTo(DELETE), lit(false)))
        .withColumn(IS_CURRENT, lead(col(TIME), 1).over(byTime).isNull())
        .filter(col("_starts"))
        .withColumn(VERSION, row_number().over(byTime))
        .withColumnRenamed(TIME, EFFECTIVE_FROM)
        .withColumnRenamed(HASH, ROW_HASH);
    List<Column> output = new ArrayList<>(List.of(col(EXISTING_KEY).as(dimension.keyColumn())));
    output.addAll(List.of(columns(dimension.naturalKey())));
    output.addAll(List.of(columns(dimension.tracked())));
    output.addAll(List.of(columns(dimension.typeOne())));
    output.addAll(List.of(col(EFFECTIVE_FROM), col(EFFECTIVE_TO), col(IS_CURRENT), col(VERSION), col(IS_DELETED), col(ROW_HASH)));
    return versions.select(output.toArray(Column[]::new));
  }

  /**
   * The history of members that have nothing stored and one change each: that change opens their
   * first version, current until {@link DimensionColumns#FAR_FUTURE}. The rows {@link #rebuild}
   * makes of the same events, without its windows.
   */
  static Dataset<Row> firstVersions(Dataset<Row> changes, DimensionConfig dimension) {
    List<Column> output = new ArrayList<>(List.of(lit(null).cast("bigint").as(dimension.keyColumn())));
    output.addAll(List.of(columns(dimension.naturalKey())));
    output.addAll(List.of(columns(dimension.tracked())));
    output.addAll(List.of(columns(dimension.typeOne())));
    output.addAll(List.of(col(TIME).as(EFFECTIVE_FROM), DimensionColumns.farFuture().as(EFFECTIVE_TO), lit(true).as(IS_CURRENT),
        lit(1).as(VERSION), lit(false).as(IS_DELETED), col(HASH).as(ROW_HASH)));
    return changes.select(output.toArray(Column[]::new));
  }

  private static Column[] append(Column[] columns, Column extra) {
    Column[] all = java.util.Arrays.copyOf(columns, columns.length + 1);
    all[columns.length] = extra;
    return all;
  }
}
