package io.strata.jobs.model;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

import io.delta.tables.DeltaTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Writes an aggregate's rows: a whole table, or only some groups (one MERGE that updates, inserts
 * and deletes them). Rows equal to the stored ones are not written, so a run that changes nothing
 * commits nothing.
 */
final class AggregateWriter {
  private static final String DELETE = "_delete";
  private static final String STORED = "_stored";
  private static final String FRESH = "_fresh";

  /** What a write changed: groups (rows) written and removed; both 0 when nothing was committed. */
  record Written(long written, long removed) {
    boolean nothing() {
      return written == 0 && removed == 0;
    }
  }

  private AggregateWriter() {}

  /** Replaces the table with {@code rows}, unless it holds exactly these rows with these columns. */
  static Written replaceAll(SparkSession spark, String location, Dataset<Row> rows, boolean exists) {
    io.strata.jobs.spark.HeldRows counted = io.strata.jobs.spark.HeldRows.counted(rows);
    Dataset<Row> held = counted.rows();
    long count = counted.count();
    if (exists) {
      Dataset<Row> stored = spark.read().format("delta").load(location);
      if (sameColumns(stored, held) && stored.count() == count && stored.exceptAll(held).isEmpty()) {
        return new Written(0, 0);
      }
    }
    held.write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(location);
    return new Written(count, 0);
  }

  /**
   * Makes the table hold {@code recomputed} for the groups in {@code groups}: changed groups
   * updated, new ones inserted, groups that have no rows any more deleted.
   */
  static Written replaceGroups(SparkSession spark, String location, List<String> grain, Dataset<Row> groups, Dataset<Row> recomputed) {
    Dataset<Row> stored = spark.read().format("delta").load(location);
    Dataset<Row> storedInScope = stored.join(groups, sameGroup(stored, groups, grain), "left_semi").withColumn(STORED, lit(true));
    Dataset<Row> fresh = recomputed.withColumn(FRESH, lit(true));
    // One pass: each group of the scope as recomputed and as stored; only differing ones go to the MERGE.
    Column same = lit(true);
    List<Column> picked = new java.util.ArrayList<>();
    for (String column : recomputed.columns()) {
      if (grain.contains(column)) {
        picked.add(when(fresh.col(FRESH), fresh.col(quote(column))).otherwise(storedInScope.col(quote(column))).as(column));
      } else {
        same = same.and(equal(fresh.col(quote(column)), storedInScope.col(quote(column)),
            recomputed.schema().apply(column).dataType()));
        picked.add(fresh.col(quote(column)).as(column));
      }
    }
    picked.add(fresh.col(FRESH).isNull().as(DELETE));
    Dataset<Row> source = fresh.join(storedInScope, sameGroup(fresh, storedInScope, grain), "full_outer")
        .filter(fresh.col(FRESH).isNull().or(storedInScope.col(STORED).isNull()).or(not(same)))
        .select(picked.toArray(Column[]::new)).localCheckpoint();
    long written = 0;
    long deleted = 0;
    for (Row count : source.groupBy(DELETE).count().collectAsList()) {
      if (count.getBoolean(0)) {
        deleted = count.getLong(1);
      } else {
        written = count.getLong(1);
      }
    }
    if (written == 0 && deleted == 0) {
      return new Written(0, 0);
    }
    String condition = grain.stream().map(name -> "t." + quote(name) + " <=> s." + quote(name)).collect(Collectors.joining(" AND "));
    Map<String, String> values = new LinkedHashMap<>();
    for (String column : recomputed.columns()) {
      values.put(quote(column), "s." + quote(column));
    }
    Map<String, String> measures = new LinkedHashMap<>(values);
    grain.forEach(name -> measures.remove(quote(name)));
    var merge = DeltaTable.forPath(spark, location).as("t").merge(source.as("s"), condition)
        .whenMatched("s." + DELETE).delete();
    merge = measures.isEmpty() ? merge : merge.whenMatched().updateExpr(measures);
    merge.whenNotMatched("NOT s." + DELETE).insertExpr(values).execute();
    return new Written(written, deleted);
  }

  /**
   * Equal values, nulls equal; floating-point values within a relative 1e-9, since summing the
   * same values in another order changes the last bits and must not count as a change.
   */
  private static Column equal(Column a, Column b, org.apache.spark.sql.types.DataType type) {
    if (!(type instanceof org.apache.spark.sql.types.DoubleType || type instanceof org.apache.spark.sql.types.FloatType)) {
      return a.eqNullSafe(b);
    }
    Column close = org.apache.spark.sql.functions.abs(a.minus(b)).leq(org.apache.spark.sql.functions.greatest(
        org.apache.spark.sql.functions.abs(a), org.apache.spark.sql.functions.abs(b)).multiply(1e-9));
    return a.eqNullSafe(b).or(a.isNotNull().and(b.isNotNull()).and(close));
  }

  /** Whether the stored table has the recomputed rows' columns and types (nullability aside). */
  static boolean sameColumns(Dataset<Row> stored, Dataset<Row> rows) {
    return describe(stored).equals(describe(rows));
  }

  private static List<String> describe(Dataset<Row> rows) {
    return java.util.Arrays.stream(rows.schema().fields()).map(field -> field.name() + " " + field.dataType().simpleString()).toList();
  }

  /** Rows of {@code left} and {@code right} are in the same group: equal grain values, nulls equal. */
  static Column sameGroup(Dataset<Row> left, Dataset<Row> right, List<String> grain) {
    Column matches = lit(true);
    for (String name : grain) {
      matches = matches.and(left.col(quote(name)).eqNullSafe(right.col(quote(name))));
    }
    return matches;
  }

  private static String quote(String name) {
    return "`" + name.replace("`", "``") + "`";
  }
}
