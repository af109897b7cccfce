package io.strata.jobs.runlog;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.row_number;

import io.delta.tables.DeltaTable;
import io.strata.jobs.delta.DriverAppend;
import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The run log: a Delta table at {@code _runs/pipeline_executions} with one line per stage and
 * target and state. Lines are only appended, so stages of one run that Airflow runs in
 * parallel never conflict.
 */
public final class RunLog {
  public static final String TABLE = "pipeline_executions";
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("pipeline", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("stage", DataTypes.StringType, false)
      .add("target", DataTypes.StringType, false)
      .add("status", DataTypes.StringType, false)
      .add("rows_read", DataTypes.LongType, false)
      .add("rows_written", DataTypes.LongType, false)
      .add("rows_quarantined", DataTypes.LongType, false)
      .add("started_at", DataTypes.TimestampType, false)
      .add("ended_at", DataTypes.TimestampType, true)
      .add("duration_ms", DataTypes.LongType, false)
      .add("error", DataTypes.StringType, true)
      .add("spark_app_id", DataTypes.StringType, false)
      .add("details", DataTypes.StringType, false)
      .add("logged_at", DataTypes.TimestampType, false);

  private static final int APPEND_ATTEMPTS = 3;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(RunLog.class);

  private final SparkSession spark;
  private final String location;
  private boolean exists;
  private boolean sparkWritesOnly;
  private DriverAppend driverAppend;

  public RunLog(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
  }

  public void append(List<RunRecord> records) {
    append(records, Instant.now());
  }

  public void append(List<RunRecord> records, Instant loggedAt) {
    List<Row> rows = records.stream().map(record -> row(record, loggedAt)).toList();
    if (tableExists() && !sparkWritesOnly) {
      // A few lines per append, many appends per run: a driver-side commit instead of a Spark write (about 5x faster).
      try {
        driverAppend().append(rows.stream().map(RunLog::columns).toList());
        return;
      } catch (io.delta.kernel.exceptions.KernelException | UnsupportedOperationException e) {
        // A table Kernel cannot write (a feature it does not support, such as a CHECK constraint a user added): Spark's write can.
        LOG.warn("the run log at {} is appended through Spark from now on: {}", location, e.getMessage());
        sparkWritesOnly = true;
      }
    }
    for (int attempt = 1; ; attempt++) {
      try {
        spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Append).save(location);
        return;
      } catch (RuntimeException e) {
        // Appends never conflict, except two first appends that both create the table (parallel
        // stages on a fresh lake): the loser finds the table there on the next try.
        if (attempt >= APPEND_ATTEMPTS || !isConcurrentModification(e)) {
          throw e;
        }
      }
    }
  }

  private boolean tableExists() {
    if (!exists) {
      Path log = new Path(location, "_delta_log");
      try {
        exists = log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the run log at " + location + ": " + e.getMessage(), e);
      }
    }
    return exists;
  }

  private DriverAppend driverAppend() {
    if (driverAppend == null) {
      driverAppend = new DriverAppend(spark.sparkContext().hadoopConfiguration(), location);
    }
    return driverAppend;
  }

  private static Map<String, Object> columns(Row row) {
    Map<String, Object> columns = new HashMap<>();
    for (int i = 0; i < SCHEMA.length(); i++) {
      columns.put(SCHEMA.fields()[i].name(), row.get(i));
    }
    return columns;
  }

  private static boolean isConcurrentModification(Throwable e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
      if (cause instanceof io.delta.exceptions.DeltaConcurrentModificationException) {
        return true;
      }
    }
    return false;
  }

  /** The run log's columns, in the order {@link #row} gives their values. */
  public static StructType schema() {
    return SCHEMA;
  }

  /** A line of the run log as values in the order of {@link #schema()}. */
  public static Row row(RunRecord record, Instant loggedAt) {
    return RowFactory.create(record.runId(), record.pipeline(), Date.valueOf(record.runDate()), record.stage(), record.target(),
        record.status().name(), record.rowsRead(), record.rowsWritten(), record.rowsQuarantined(), Timestamp.from(record.startedAt()),
        record.endedAt().map(Timestamp::from).orElse(null), record.durationMillis(), record.error().orElse(null),
        record.sparkApplicationId(), record.details(), Timestamp.from(loggedAt));
  }

  /** The latest state of each stage and target of the last {@code runs} runs, newest first. */
  public List<RunRecord> recent(int runs) {
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return List.of();
    }
    Dataset<Row> log = spark.read().format("delta").load(location);
    Dataset<Row> latest = log.withColumn("_n", row_number().over(Window.partitionBy("run_id", "stage", "target").orderBy(col("logged_at").desc())))
        .filter(col("_n").equalTo(1));
    List<String> runIds = log.groupBy("run_id").agg(org.apache.spark.sql.functions.min("started_at").as("first"))
        .orderBy(col("first").desc()).limit(runs).select("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    List<RunRecord> records = new ArrayList<>();
    for (Row row : latest.filter(col("run_id").isin(runIds.toArray())).orderBy(col("started_at").desc(), col("stage"), col("target")).collectAsList()) {
      records.add(record(row));
    }
    return records;
  }

  /** The stages and targets of {@code pipeline} whose latest line is RUNNING: running now, or left so by a run that died. */
  public List<RunRecord> unfinished(String pipeline) {
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return List.of();
    }
    // Every run asks this at its start: one scan of the few key columns, no shuffle; whole lines only for what is open.
    Dataset<Row> log = spark.read().format("delta").load(location).filter(col("pipeline").equalTo(pipeline));
    Map<List<String>, Row> latest = new HashMap<>();
    for (Row row : log.select("run_id", "stage", "target", "status", "logged_at").collectAsList()) {
      latest.merge(List.of(row.getString(0), row.getString(1), row.getString(2)), row,
          (kept, next) -> next.getTimestamp(4).after(kept.getTimestamp(4)) ? next : kept);
    }
    List<List<String>> open = latest.entrySet().stream()
        .filter(entry -> entry.getValue().getString(3).equals(RunRecord.Status.RUNNING.name())).map(Map.Entry::getKey).toList();
    if (open.isEmpty()) {
      return List.of();
    }
    List<String> runIds = open.stream().map(key -> key.get(0)).distinct().toList();
    return log.filter(col("status").equalTo(RunRecord.Status.RUNNING.name()).and(col("run_id").isin(runIds.toArray())))
        .collectAsList().stream().map(RunLog::record)
        .filter(record -> open.contains(List.of(record.runId(), record.stage(), record.target())))
        .sorted(java.util.Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId).thenComparing(RunRecord::stage))
        .toList();
  }

  private static RunRecord record(Row row) {
    return new RunRecord(row.getAs("run_id"), row.getAs("pipeline"), row.<Date>getAs("run_date").toLocalDate(), row.getAs("stage"),
        row.getAs("target"), RunRecord.Status.valueOf(row.getAs("status")), row.<Long>getAs("rows_read"), row.<Long>getAs("rows_written"),
        row.<Long>getAs("rows_quarantined"), row.<Timestamp>getAs("started_at").toInstant(),
        Optional.ofNullable(row.<Timestamp>getAs("ended_at")).map(Timestamp::toInstant), Optional.ofNullable(row.getAs("error")),
        row.getAs("spark_app_id"), row.getAs("details"));
  }
}
