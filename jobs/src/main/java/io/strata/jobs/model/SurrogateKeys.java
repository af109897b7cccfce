package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;

/**
 * Surrogate keys: 64-bit, from 1 upwards, never reused. New rows get the next keys after the
 * greatest one stored, numbered in a fixed order of their own values, so a re-run assigns the
 * same keys (unlike {@code monotonically_increasing_id}, which depends on partitioning).
 */
final class SurrogateKeys {
  private SurrogateKeys() {}

  static long greatest(Dataset<Row> stored, String keyColumn) {
    Row row = stored.agg(max(col(keyColumn))).first();
    return row.isNullAt(0) ? 0L : Math.max(0L, row.getLong(0));
  }

  /** Fills {@code keyColumn} where it is null, in {@code order}, after {@code greatest}. */
  static Dataset<Row> assign(Dataset<Row> rows, String keyColumn, long greatest, List<Column> order) {
    Dataset<Row> fresh = rows.filter(col(keyColumn).isNull());
    Dataset<Row> kept = rows.filter(col(keyColumn).isNotNull());
    Dataset<Row> numbered = fresh.withColumn(keyColumn,
        lit(greatest).plus(row_number().over(Window.orderBy(order.toArray(Column[]::new)))).cast("bigint"));
    return kept.unionByName(numbered);
  }
}
