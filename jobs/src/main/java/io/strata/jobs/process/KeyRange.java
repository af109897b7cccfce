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
    List<Column> aggregates = aggregates(keys, lit(true));
    return from(rows.agg(aggregates.get(0), aggregates.subList(1, aggregates.size()).toArray(Column[]::new)).head(), 0, keys);
  }

  /**
   * The aggregates of the range over the rows where {@code among} holds, for a caller's own pass over
   * them; {@link #from} reads the result.
   */
  static List<Column> aggregates(List<String> keys, Column among) {
    List<Column> aggregates = new ArrayList<>();
    for (String key : keys) {
      aggregates.add(min(when(among, col(key))));
      aggregates.add(max(when(among, col(key))));
      aggregates.add(sum(when(among.and(col(key).isNull()), 1L).otherwise(0L)));
    }
    return aggregates;
  }

  /** The range from a row holding {@link #aggregates} from column {@code offset} on. */
  static KeyRange from(Row row, int offset, List<String> keys) {
    List<Object[]> bounds = new ArrayList<>();
    for (int i = 0; i < keys.size(); i++) {
      int at = offset + 3 * i;
      Object low = row.get(at);
      Object high = row.get(at + 1);
      boolean nulls = !row.isNullAt(at + 2) && row.getLong(at + 2) > 0;
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
