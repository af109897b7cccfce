package io.strata.jobs.model;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.delta.tables.DeltaTable;
import io.strata.jobs.spark.ChangeBroadcast;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructField;

/** Writes a dimension's changed rows to its Delta table: the first run creates it with the unknown member; later runs MERGE. */
final class DimensionMerge {
  private static final String OPERATION = "_op";

  private DimensionMerge() {}

  static void create(Dataset<Row> rows, String location, String keyColumn) {
    // The change feed is on from the start: facts and the export read which members changed from it.
    rows.unionByName(unknownMember(rows, keyColumn)).write().format("delta").mode(SaveMode.ErrorIfExists)
        .options(io.strata.jobs.delta.RowLevelTables.CREATE_OPTIONS).save(location);
    io.strata.jobs.delta.RowLevelTables.prepareRowChanges(rows.sparkSession(), location);
  }

  /**
   * Writes a build's changes: rows of {@code upserts} whose key is above {@code greatest} are new
   * and appended; then the others update their stored row, and the rows in {@code removed} are
   * deleted, in one MERGE. {@code updates}, {@code removals} and {@code inserts} say how many there
   * are; a part with none is not written. The MERGE has matched clauses only, which Delta runs as an
   * inner join (the change broadcast, the touched files scanned once); with an insert clause it is
   * an outer join that shuffles every row of the touched files. So a build with both is two commits,
   * the append first: a run killed between them leaves each member its current version (and the new
   * ones beside it), which the re-run's rebuild merges with the same keys; the other order would
   * leave a member whose current version was closed without a successor, which reads as deleted.
   */
  static void merge(SparkSession spark, String location, String keyColumn, Dataset<Row> upserts, long greatest, Dataset<Row> removed,
      long updates, long removals, long inserts) {
    if (inserts > 0) {
      upserts.filter(col(quoted(keyColumn)).gt(greatest)).write().format("delta").mode(SaveMode.Append).save(location);
    }
    if (updates + removals > 0) {
      io.strata.jobs.fault.KillPoint.reached("model.dimension.between-writes");
      io.strata.jobs.delta.RowLevelTables.prepareRowChanges(spark, location);
      Dataset<Row> changed = upserts.filter(col(quoted(keyColumn)).leq(greatest));
      Dataset<Row> source = ChangeBroadcast.ifSmall(changed.withColumn(OPERATION, lit("upsert"))
          .unionByName(removed.withColumn(OPERATION, lit("delete"))), updates + removals);
      Map<String, String> assignments = new LinkedHashMap<>();
      for (String column : upserts.columns()) {
        assignments.put(quoted(column), "s." + quoted(column));
      }
      DeltaTable.forPath(spark, location).as("t")
          .merge(source.as("s"), "t." + quoted(keyColumn) + " = s." + quoted(keyColumn))
          .whenMatched("s." + OPERATION + " = 'delete'").delete()
          .whenMatched().updateExpr(assignments)
          .execute();
    }
  }

  /**
   * The member facts point to when their dimension row is missing: key -1, attributes null, valid
   * from {@link DimensionColumns#BEGINNING} to {@link DimensionColumns#FAR_FUTURE}.
   */
  static Dataset<Row> unknownMember(Dataset<Row> like, String keyColumn) {
    Column[] values = Arrays.stream(like.schema().fields()).map(field -> unknownValue(field, keyColumn).cast(field.dataType()).as(field.name()))
        .toArray(Column[]::new);
    return like.sparkSession().range(1).select(values);
  }

  private static Column unknownValue(StructField field, String keyColumn) {
    if (field.name().equals(keyColumn)) {
      return lit(DimensionColumns.UNKNOWN_KEY);
    }
    return switch (field.name()) {
      case DimensionColumns.EFFECTIVE_FROM -> org.apache.spark.sql.functions.to_timestamp(lit(DimensionColumns.BEGINNING));
      case DimensionColumns.EFFECTIVE_TO -> DimensionColumns.farFuture();
      case DimensionColumns.IS_CURRENT -> lit(true);
      case DimensionColumns.IS_DELETED -> lit(false);
      case DimensionColumns.VERSION -> lit(1);
      default -> lit(null);
    };
  }

  static Column[] all(Dataset<Row> rows) {
    return Arrays.stream(rows.columns()).map(name -> col(quoted(name))).toArray(Column[]::new);
  }
}
