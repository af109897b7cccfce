package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import io.strata.layout.LakeLayout;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The quality results: a Delta table at {@code _runs/quality_results}, one row per check per run,
 * only appended. It is also where a row-count check finds the previous run's count.
 */
public final class QualityResults {
  public static final String TABLE = "quality_results";
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("pipeline", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("table_name", DataTypes.StringType, false)
      .add("check_name", DataTypes.StringType, false)
      .add("check_type", DataTypes.StringType, false)
      .add("columns", DataTypes.StringType, false)
      .add("severity", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("failing_rows", DataTypes.LongType, true)
      .add("rows_checked", DataTypes.LongType, true)
      .add("sample", DataTypes.StringType, true)
      .add("message", DataTypes.StringType, false)
      .add("checked_at", DataTypes.TimestampType, false);

  /** A table's row count as a row-count check saw it on an earlier run date. */
  record PreviousCount(LocalDate runDate, long rows) {}

  private final SparkSession spark;
  private final String location;

  public QualityResults(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
  }

  public String location() {
    return location;
  }

  void append(String runId, String pipeline, LocalDate runDate, List<CheckResult> results) {
    Timestamp now = Timestamp.from(Instant.now());
    List<Row> rows = new ArrayList<>();
    for (CheckResult result : results) {
      rows.add(RowFactory.create(runId, pipeline, Date.valueOf(runDate), result.table(), result.check().name(), result.check().rule().type(),
          String.join(", ", result.check().columns()), result.check().severity().configName(), result.status().name(),
          result.failingRows().isPresent() ? result.failingRows().getAsLong() : null,
          result.rowsChecked().isPresent() ? result.rowsChecked().getAsLong() : null, result.sample().orElse(null), result.message(), now));
    }
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Append).save(location);
  }

  /** Per table, the count its latest row-count check saw on a run date before {@code runDate} (a re-run never compares with itself). */
  Map<String, PreviousCount> previousRowCounts(String pipeline, LocalDate runDate) {
    Map<String, PreviousCount> counts = new HashMap<>();
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return counts;
    }
    spark.read().format("delta").load(location)
        .filter(col("pipeline").equalTo(pipeline).and(col("check_type").equalTo("row-count")).and(col("run_date").lt(lit(Date.valueOf(runDate))))
            .and(col("rows_checked").isNotNull()))
        .withColumn("_n", row_number().over(Window.partitionBy("table_name").orderBy(col("run_date").desc(), col("checked_at").desc())))
        .filter(col("_n").equalTo(1))
        .collectAsList()
        .forEach(row -> counts.put(row.getAs("table_name"),
            new PreviousCount(row.<Date>getAs("run_date").toLocalDate(), row.<Long>getAs("rows_checked"))));
    return counts;
  }
}
