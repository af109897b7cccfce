package io.strata.jobs.model;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.row_number;

import io.strata.jobs.spark.HeldRows;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /** How many of {@code upserts} got a new key (above {@code greatest}) and how many kept theirs: one query. */
  record Upserted(long inserted, long updated) {
    static Upserted of(Dataset<Row> upserts, String keyColumn, long greatest) {
      Row counts = upserts.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
          org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col(keyColumn).gt(greatest), 1L).otherwise(0L))).first();
      long inserted = counts.isNullAt(1) ? 0L : counts.getLong(1);
      return new Upserted(inserted, counts.getLong(0) - inserted);
    }
  }

  /** Rows up to which the new keys are numbered by a window over one partition, in the query that reads them. */
  static final long WINDOW_NUMBERING_MAX_ROWS = 100_000;

  /** Fills {@code keyColumn} where it is null, in {@code order}, after {@code greatest}. */
  static Dataset<Row> assign(Dataset<Row> input, String keyColumn, long greatest, List<Column> order) {
    return assign(input, keyColumn, greatest, order, WINDOW_NUMBERING_MAX_ROWS);
  }

  /** {@link #assign(Dataset, String, long, List)}, numbering by a window up to {@code windowMaxRows} rows. */
  static Dataset<Row> assign(Dataset<Row> input, String keyColumn, long greatest, List<Column> order, long windowMaxRows) {
    // Numbering reads the rows more than once, and the RDD step below hides the plan from Spark's
    // reuse: the rows are computed once and kept, and counted by the same job.
    HeldRows held = HeldRows.counted(input);
    Dataset<Row> rows = held.rows();
    Dataset<Row> kept = rows.filter(col(keyColumn).isNotNull());
    Dataset<Row> fresh = rows.filter(col(keyColumn).isNull());
    if (held.count() <= windowMaxRows) {
      // Few rows: one partition (their key, null in each) numbers them in order as they are read. The
      // sort and numbering below each run a job of their own (the sort's sample, the partition sizes).
      Column number = row_number().over(Window.partitionBy(col(keyColumn)).orderBy(order.toArray(Column[]::new)));
      return kept.unionByName(fresh.withColumn(keyColumn, lit(greatest).plus(number)));
    }
    // A sort then zipWithIndex numbers the rows in that order without pulling them into one
    // partition, as a global row_number() window would.
    Dataset<Row> sorted = fresh.drop(keyColumn).orderBy(order.toArray(Column[]::new));
    StructType schema = sorted.schema().add(keyColumn, DataTypes.LongType, false);
    JavaRDD<Row> numbered = sorted.javaRDD().zipWithIndex().map(pair -> withKey(pair._1(), greatest + pair._2() + 1));
    return kept.unionByName(rows.sparkSession().createDataFrame(numbered, schema));
  }

  private static Row withKey(Row row, long key) {
    Object[] values = new Object[row.size() + 1];
    for (int i = 0; i < row.size(); i++) {
      values[i] = row.get(i);
    }
    values[row.size()] = key;
    return RowFactory.create(values);
  }
}
