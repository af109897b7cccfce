package io.strata.jobs.model;

import static io.strata.jobs.model.ChangeFeed.CHANGE_TYPE;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Which members' fact keys a dimension's changes can move. A fact row's key depends only on the
 * member rows' (natural key, surrogate key) and, for a point-in-time reference, their validity
 * interval: a change to type-1 values moves nothing. Each such tuple the feed added counts +1,
 * each it removed -1; a tuple whose sum is not 0 was there before and is not now, or the reverse,
 * and the fact rows of its natural key inside the interval where the key changed must be looked
 * up again.
 */
final class MemberChanges {
  static final String FROM = "_member_from";
  static final String TO = "_member_to";

  private MemberChanges() {}

  /**
   * The changed tuples of {@code changes} (dimension change-feed rows), as natural-key columns
   * named {@code _member_<i>} and, for a point-in-time reference, {@link #FROM} and {@link #TO}.
   */
  static Dataset<Row> of(Dataset<Row> changes, DimensionConfig dimension, DimensionReference reference) {
    boolean pointInTime = pointInTime(dimension, reference);
    List<Column> tuple = new ArrayList<>();
    for (int i = 0; i < dimension.naturalKey().size(); i++) {
      tuple.add(DimensionColumns.column(dimension.naturalKey().get(i)).as("_member_" + i));
    }
    tuple.add(col(dimension.keyColumn()).as("_member_key"));
    if (pointInTime) {
      tuple.add(col(EFFECTIVE_FROM).as(FROM));
      tuple.add(col(EFFECTIVE_TO).as(TO));
    }
    Dataset<Row> rows = changes.filter(col(dimension.keyColumn()).notEqual(DimensionColumns.UNKNOWN_KEY));
    if (dimension.scdType() == 2 && !pointInTime) {
      rows = rows.filter(col(IS_CURRENT)); // such a reference sees the current version only
    }
    Column sign = when(ChangeFeed.isAfterImage(), 1).otherwise(-1);
    List<Column> selected = new ArrayList<>(tuple);
    selected.add(sign.as("_sign"));
    Dataset<Row> net = rows.filter(col(CHANGE_TYPE).isNotNull()).select(selected.toArray(Column[]::new)).groupBy(names(dimension, pointInTime))
        .agg(sum(col("_sign")).as("_net")).filter(col("_net").notEqual(lit(0)));
    if (!pointInTime) {
      return net.drop("_net", "_member_key");
    }
    return changedIntervals(net, dimension.naturalKey().size());
  }

  /**
   * Where in time the member's key changed: a version that only moved a boundary (same surrogate
   * key, before and after) changed the key between its old and new boundary alone; a version that
   * came or went changed it over its whole interval. So a new version at the run date re-keys the
   * facts from the run date on, not every fact of the member.
   */
  private static Dataset<Row> changedIntervals(Dataset<Row> net, int keyColumns) {
    List<String> member = new ArrayList<>();
    for (int i = 0; i < keyColumns; i++) {
      member.add("_member_" + i);
    }
    member.add("_member_key");
    Dataset<Row> removed = rename(net.filter(col("_net").lt(0)), "_old");
    Dataset<Row> added = rename(net.filter(col("_net").gt(0)), "_new");
    Column same = lit(true);
    for (String name : member) {
      same = same.and(col(name + "_old").equalTo(col(name + "_new")));
    }
    Dataset<Row> paired = removed.join(added, same, "full_outer");
    List<Column> memberColumns = new ArrayList<>();
    for (int i = 0; i < keyColumns; i++) {
      memberColumns.add(coalesce(col("_member_" + i + "_old"), col("_member_" + i + "_new")).as("_member_" + i));
    }
    Column fromOld = col(FROM + "_old");
    Column fromNew = col(FROM + "_new");
    Column toOld = col(TO + "_old");
    Column toNew = col(TO + "_new");
    Column bothSides = fromOld.isNotNull().and(fromNew.isNotNull());
    Dataset<Row> whole = paired.filter(bothSides.unary_$bang()).select(concat(memberColumns,
        coalesce(fromOld, fromNew).as(FROM), coalesce(toOld, toNew).as(TO)));
    Dataset<Row> starts = paired.filter(bothSides.and(fromOld.notEqual(fromNew))).select(concat(memberColumns,
        least(fromOld, fromNew).as(FROM), greatest(fromOld, fromNew).as(TO)));
    Dataset<Row> ends = paired.filter(bothSides.and(toOld.notEqual(toNew))).select(concat(memberColumns,
        least(toOld, toNew).as(FROM), greatest(toOld, toNew).as(TO)));
    return whole.union(starts).union(ends);
  }

  private static Dataset<Row> rename(Dataset<Row> rows, String suffix) {
    return rows.select(java.util.Arrays.stream(rows.columns()).map(name -> col(name).as(name + suffix)).toArray(Column[]::new));
  }

  private static Column[] concat(List<Column> first, Column... more) {
    List<Column> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all.toArray(Column[]::new);
  }

  static boolean pointInTime(DimensionConfig dimension, DimensionReference reference) {
    return dimension.scdType() == 2 && reference.eventTime().isPresent();
  }

  private static Column[] names(DimensionConfig dimension, boolean pointInTime) {
    List<Column> names = new ArrayList<>();
    for (int i = 0; i < dimension.naturalKey().size(); i++) {
      names.add(col("_member_" + i));
    }
    names.add(col("_member_key"));
    if (pointInTime) {
      names.add(col(FROM));
      names.add(col(TO));
    }
    return names.toArray(Column[]::new);
  }

  /** The rows of {@code source} whose reference columns and event time fall on a changed tuple. */
  static Dataset<Row> factRowsOf(Dataset<Row> source, Dataset<Row> changed, DimensionConfig dimension, DimensionReference reference) {
    Column matches = lit(true);
    for (int i = 0; i < reference.columns().size(); i++) {
      matches = matches.and(DimensionColumns.column(reference.columns().get(i)).equalTo(col("_member_" + i)));
    }
    if (pointInTime(dimension, reference)) {
      Column time = DimensionColumns.column(reference.eventTime().get()).cast("timestamp");
      matches = matches.and(col(FROM).leq(time)).and(time.lt(col(TO)));
    }
    return source.join(changed, matches, "left_semi");
  }
}
