package io.strata.jobs.model;

import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.IS_DELETED;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lead;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max_by;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
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

  /** Checks the versions of the keys this run rebuilds; {@code rows} holds all versions of those keys. */
  public static void check(Dataset<Row> rows, DimensionConfig dimension) {
    String key = dimension.keyColumn();
    Column member = concat_ws(", ", dimension.naturalKey().stream()
        .map(name -> concat_ws("=", lit(name), DimensionColumns.column(name).cast("string"))).toArray(Column[]::new));
    Dataset<Row> members = rows.filter(col(key).isNull().or(col(key).notEqual(DimensionColumns.UNKNOWN_KEY)))
        .withColumn("_member", member);
    List<String> violations = new ArrayList<>();

    Dataset<Row> current = members.groupBy(col("_member")).agg(
        sum(when(col(IS_CURRENT), 1).otherwise(0)).as("_current"),
        max_by(col(IS_DELETED), col(EFFECTIVE_FROM)).as("_last_deleted"));
    current.filter(col("_current").notEqual(when(col("_last_deleted"), 0).otherwise(1))).limit(EXAMPLES).collectAsList()
        .forEach(row -> violations.add("key (" + row.getString(0) + "): " + row.getLong(1) + " current rows, expected "
            + (row.getBoolean(2) ? "0 (deleted)" : "1")));

    WindowSpec byTime = Window.partitionBy(columns(dimension.naturalKey())).orderBy(col(EFFECTIVE_FROM));
    Dataset<Row> intervals = members.withColumn("_next_from", lead(col(EFFECTIVE_FROM), 1).over(byTime));
    intervals.filter(col(EFFECTIVE_FROM).geq(col(EFFECTIVE_TO))).limit(EXAMPLES).collectAsList()
        .forEach(row -> violations.add("key (" + row.getAs("_member") + "): empty interval from " + row.getAs(EFFECTIVE_FROM)
            + " to " + row.getAs(EFFECTIVE_TO)));
    intervals.filter(col("_next_from").lt(col(EFFECTIVE_TO))).limit(EXAMPLES).collectAsList()
        .forEach(row -> violations.add("key (" + row.getAs("_member") + "): overlapping intervals, one ends at "
            + row.getAs(EFFECTIVE_TO) + " but the next starts at " + row.getAs("_next_from")));
    intervals.filter(col("_next_from").gt(col(EFFECTIVE_TO)).and(col(IS_DELETED).equalTo(false))).limit(EXAMPLES).collectAsList()
        .forEach(row -> violations.add("key (" + row.getAs("_member") + "): gap between " + row.getAs(EFFECTIVE_TO)
            + " and " + row.getAs("_next_from")));

    rows.groupBy(col(key)).agg(count(lit(1)).as("_rows")).filter(col("_rows").gt(1)).limit(EXAMPLES).collectAsList()
        .forEach(row -> violations.add("surrogate key " + key + " = " + row.get(0) + " is used by " + row.getLong(1) + " rows"));

    if (!violations.isEmpty()) {
      throw new StrataException("model.dimensions." + dimension.name() + ": refusing to commit, the SCD2 history is inconsistent: "
          + violations.stream().limit(EXAMPLES).collect(Collectors.joining("; "))
          + ". Fix: check the change-time column and the source for conflicting rows, then re-run the model stage");
    }
  }
}
