package io.strata.jobs.model;

import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.IS_DELETED;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.date_format;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

/**
 * The checks an SCD2 dimension must pass before its rows are committed: exactly one current row
 * per live key (none for a deleted key), per key intervals that neither overlap nor leave a gap
 * (except after a deleted version), and unique surrogate keys. A failure names the key and the
 * violation, and nothing is written.
 */
public final class Scd2Invariants {
  private static final int EXAMPLES = 5;

  private Scd2Invariants() {}

  private static Column text(String timestamp) {
    return date_format(col(timestamp), "yyyy-MM-dd HH:mm:ss");
  }

  /** Checks the versions of the keys this run rebuilds; {@code rows} holds all versions of those keys. */
  public static void check(Dataset<Row> rows, DimensionConfig dimension) {
    String key = dimension.keyColumn();
    Column member = concat_ws(", ", dimension.naturalKey().stream()
        .map(name -> concat_ws("=", lit(name), DimensionColumns.column(name).cast("string"))).toArray(Column[]::new));
    Dataset<Row> members = rows.filter(col(key).isNull().or(col(key).notEqual(DimensionColumns.UNKNOWN_KEY)));
    // One window pass over each member's versions in time order finds every per-member violation: a
    // branch per check would shuffle the versions once per branch (each prunes other columns).
    WindowSpec byMember = Window.partitionBy(columns(dimension.naturalKey()));
    WindowSpec byTime = byMember.orderBy(col(EFFECTIVE_FROM));
    Dataset<Row> intervals = members.withColumn("_member", member)
        .withColumn("_next_from", lead(col(EFFECTIVE_FROM), 1).over(byTime))
        .withColumn("_current", sum(when(col(IS_CURRENT), 1).otherwise(0)).over(byMember));
    // The member's latest version (no next one) carries its count of current rows and whether it ends deleted.
    Column currentRows = when(col("_next_from").isNull().and(col("_current").notEqual(when(col(IS_DELETED), 0).otherwise(1))),
        format_string("key (%s): %d current rows, expected %s", col("_member"), col("_current"),
            when(col(IS_DELETED), lit("0 (deleted)")).otherwise(lit("1"))));
    Column empty = when(col(EFFECTIVE_FROM).geq(col(EFFECTIVE_TO)),
        format_string("key (%s): empty interval from %s to %s", col("_member"), text(EFFECTIVE_FROM), text(EFFECTIVE_TO)));
    Column overlaps = when(col("_next_from").lt(col(EFFECTIVE_TO)),
        format_string("key (%s): overlapping intervals, one ends at %s but the next starts at %s", col("_member"),
            text(EFFECTIVE_TO), text("_next_from")));
    Column gaps = when(col("_next_from").gt(col(EFFECTIVE_TO)).and(col(IS_DELETED).equalTo(false)),
        format_string("key (%s): gap between %s and %s", col("_member"), text(EFFECTIVE_TO), text("_next_from")));
    Dataset<Row> memberViolations = intervals.select(explode(array_compact(array(currentRows, empty, overlaps, gaps))).as("_violation"));
    Dataset<Row> duplicateKeys = rows.groupBy(col(key)).agg(count(lit(1)).as("_rows")).filter(col("_rows").gt(1))
        .select(format_string("surrogate key " + key + " = %s is used by %d rows", col(key).cast("string"), col("_rows")));

    // One Spark job for all checks: the union is computed once, and only a few examples come back.
    List<String> violations = memberViolations.union(duplicateKeys)
        .limit(EXAMPLES).collectAsList().stream().map(row -> row.getString(0)).toList();
    if (!violations.isEmpty()) {
      throw new StrataException("model.dimensions." + dimension.name() + ": refusing to commit, the SCD2 history is inconsistent: "
          + String.join("; ", violations)
          + ". Fix: check the change-time column and the source for conflicting rows, then re-run the model stage");
    }
  }
}
