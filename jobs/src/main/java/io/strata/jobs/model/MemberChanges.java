package io.strata.jobs.model;

import static io.strata.jobs.model.ChangeFeed.CHANGE_TYPE;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static org.apache.spark.sql.functions.col;
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
 * and the fact rows of its natural key inside its interval must be looked up again.
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
    return rows.filter(col(CHANGE_TYPE).isNotNull()).select(selected.toArray(Column[]::new)).groupBy(names(dimension, pointInTime))
        .agg(sum(col("_sign")).as("_net")).filter(col("_net").notEqual(lit(0))).drop("_net", "_member_key");
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
