package io.strata.jobs.process;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The range of an incoming batch's keys, as a condition on the stored rows they can match. Implied
 * by key equality, so it changes no result; Delta's data skipping then reads only the files whose
 * key statistics overlap the range. With keys that grow (order and event ids), a day's or a
 * micro-batch's rows touch the newest files instead of the whole table. A key column with nulls
 * among the incoming rows gets no bound: a null key matches a stored null key.
 */
final class KeyRange {
  private final List<String> keys;
  private final List<Object[]> bounds;

  private KeyRange(List<String> keys, List<Object[]> bounds) {
    this.keys = List.copyOf(keys);
    this.bounds = java.util.Collections.unmodifiableList(new ArrayList<>(bounds)); // null: no bound
  }

  /** The range of {@code keys} (column names as Spark resolves them) over {@code rows}, in one pass. */
  static KeyRange of(Dataset<Row> rows, List<String> keys) {
    List<Column> aggregates = new ArrayList<>();
    for (String key : keys) {
      aggregates.add(min(col(key)));
      aggregates.add(max(col(key)));
      aggregates.add(sum(when(col(key).isNull(), 1L).otherwise(0L)));
    }
    Row row = rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).head();
    List<Object[]> bounds = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      Object low = row.get(3 * i);
      Object high = row.get(3 * i + 1);
      boolean nulls = !row.isNullAt(3 * i + 2) && row.getLong(3 * i + 2) > 0;
      bounds.add(low == null || high == null || nulls ? null : new Object[] {low, high});
    }
    return new KeyRange(keys, bounds);
  }

  /** The condition on the stored rows, their columns qualified by {@code alias} when it is not empty. */
  Column condition(String alias) {
    Column condition = lit(true);
    for (int i = 0; i < keys.size(); i++) {
      Object[] bound = bounds.get(i);
      if (bound != null) {
        Column key = col(alias.isEmpty() ? keys.get(i) : alias + "." + keys.get(i));
        condition = condition.and(key.geq(lit(bound[0]))).and(key.leq(lit(bound[1])));
      }
    }
    return condition;
  }
}
