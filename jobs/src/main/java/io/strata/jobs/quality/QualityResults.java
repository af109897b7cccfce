package io.strata.jobs.quality;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.delta.BookkeepingAppend;
import io.strata.jobs.delta.DriverScan;
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
import org.apache.spark.sql.SparkSession;
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
  private final BookkeepingAppend appender;

  public QualityResults(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
    this.appender = new BookkeepingAppend(spark, location, SCHEMA);
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
    appender.append(rows);
  }

  /** Per table, the count its latest row-count check saw on a run date before {@code runDate} (a re-run never compares with itself). */
  Map<String, PreviousCount> previousRowCounts(String pipeline, LocalDate runDate) {
    // Read on the driver, as the run log is: a Spark read would rebuild the table's snapshot state with a query first.
    Map<String, Map<String, Object>> latest = new HashMap<>();
    new DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(PREVIOUS_COUNT_COLUMNS, row -> {
      Date date = (Date) row.get("run_date");
      if (!pipeline.equals(row.get("pipeline")) || !"row-count".equals(row.get("check_type")) || row.get("rows_checked") == null
          || !date.toLocalDate().isBefore(runDate)) {
        return;
      }
      latest.merge((String) row.get("table_name"), row, (a, b) -> LATEST_FIRST.compare(a, b) <= 0 ? a : b);
    });
    Map<String, PreviousCount> counts = new HashMap<>();
    latest.forEach((table, row) -> counts.put(table, new PreviousCount(((Date) row.get("run_date")).toLocalDate(), (Long) row.get("rows_checked"))));
    return counts;
  }

  private static final List<String> PREVIOUS_COUNT_COLUMNS = List.of("pipeline", "check_type", "run_date", "rows_checked", "table_name",
      "checked_at");
  /** The latest run date first, then the latest check of it. */
  private static final java.util.Comparator<Map<String, Object>> LATEST_FIRST = java.util.Comparator
      .<Map<String, Object>, Date>comparing(row -> (Date) row.get("run_date"))
      .thenComparing(row -> (Timestamp) row.get("checked_at")).reversed();
}
