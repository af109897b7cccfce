package io.strata.jobs.process;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.strata.layout.LakeLocation;
import io.strata.layout.StrataException;
import io.strata.layout.config.EntityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes deduplicated rows into the entity's processed Delta table with MERGE on the key: a
 * new key is inserted; a known key is updated only when its row hash changed and, with a
 * change-order column, only by a change at least as recent, so a late older version never
 * overwrites a newer one. Re-running with the same rows changes nothing.
 */
final class ProcessedTableWriter {
  static final String ROW_HASH = "_row_hash";

  private ProcessedTableWriter() {}

  /** Returns inserted and updated row counts. */
  static long[] merge(SparkSession spark, LakeLocation table, Dataset<Row> rows, EntityConfig entity, List<String> events) {
    if (!DeltaTable.isDeltaTable(spark, table.uri())) {
      rows.write().format("delta").save(table.uri());
      return new long[] {spark.read().format("delta").load(table.uri()).count(), 0};
    }
    widenTypes(spark, table, DeltaTable.forPath(spark, table.uri()).toDF().schema().fields(), rows.schema().fields(), entity, events);
    DeltaTable target = DeltaTable.forPath(spark, table.uri()); // after widening, so MERGE sees the new schema
    String on = entity.key().stream().map(key -> "t." + Standardizer.quoted(key) + " <=> s." + Standardizer.quoted(key))
        .collect(Collectors.joining(" AND "));
    String changed = "t." + ROW_HASH + " <> s." + ROW_HASH
        + entity.changeOrder().map(order -> " AND (t." + Standardizer.quoted(order) + " IS NULL OR s." + Standardizer.quoted(order)
            + " >= t." + Standardizer.quoted(order) + ")").orElse("");
    DeltaMergeBuilder merge = target.as("t").merge(rows.as("s"), on)
        .whenMatched(changed).updateAll()
        .whenNotMatched().insertAll()
        .withSchemaEvolution();
    merge.execute();
    Map<String, String> metrics = scala.jdk.javaapi.CollectionConverters.asJava(
        target.history(1).select("operationMetrics").head().<scala.collection.Map<String, String>>getAs(0));
    return new long[] {Long.parseLong(metrics.getOrDefault("numTargetRowsInserted", "0")),
        Long.parseLong(metrics.getOrDefault("numTargetRowsUpdated", "0"))};
  }

  /** Safe type changes (int to bigint, float to double, decimal precision up) widen the table; others fail. */
  private static void widenTypes(SparkSession spark, LakeLocation table, StructField[] existing, StructField[] incoming, EntityConfig entity,
      List<String> events) {
    List<String> widen = new ArrayList<>();
    for (StructField now : incoming) {
      for (StructField before : existing) {
        if (!before.name().equals(now.name()) || before.dataType().equals(now.dataType())) {
          continue;
        }
        if (!isSafeWidening(before.dataType(), now.dataType())) {
          throw new StrataException("entities." + entity.name() + ": column '" + now.name() + "' changed type from "
              + before.dataType().simpleString() + " to " + now.dataType().simpleString() + ", which is not a safe widening. "
              + "Fix: declare entities." + entity.name() + ".columns." + now.name() + ".type = " + before.dataType().simpleString()
              + ", or rebuild the processed table");
        }
        widen.add("ALTER TABLE delta.`" + table.uri() + "` ALTER COLUMN " + Standardizer.quoted(now.name()) + " TYPE "
            + now.dataType().sql());
        events.add("column '" + now.name() + "' widened from " + before.dataType().simpleString() + " to " + now.dataType().simpleString());
      }
    }
    if (!widen.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + table.uri() + "` SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
      widen.forEach(spark::sql);
    }
  }

  static boolean isSafeWidening(DataType from, DataType to) {
    List<DataType> integers = List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType);
    if (integers.contains(from) && integers.contains(to)) {
      return integers.indexOf(to) > integers.indexOf(from);
    }
    if (from.equals(DataTypes.FloatType) && to.equals(DataTypes.DoubleType)) {
      return true;
    }
    if (from instanceof DecimalType a && to instanceof DecimalType b) {
      return b.scale() >= a.scale() && b.precision() - b.scale() >= a.precision() - a.scale();
    }
    return from.equals(DataTypes.DateType) && to.equals(DataTypes.TimestampNTZType);
  }

  /** SHA-256 of the business columns as JSON with nulls written out, so a change to or from null is a change. */
  static org.apache.spark.sql.Column hashOf(List<String> columns) {
    return org.apache.spark.sql.functions.sha2(org.apache.spark.sql.functions.to_json(
        org.apache.spark.sql.functions.struct(columns.stream().map(name -> col(Standardizer.quoted(name))).toArray(org.apache.spark.sql.Column[]::new)),
        Map.of("ignoreNullFields", "false")), 256);
  }
}
