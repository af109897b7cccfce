package io.strata.jobs.runlog;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.delta.BookkeepingAppend;
import io.strata.jobs.delta.DriverScan;
import io.strata.layout.LakeLayout;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
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

  private final SparkSession spark;
  private final String location;
  private final BookkeepingAppend appender;

  public RunLog(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
    this.appender = new BookkeepingAppend(spark, location, SCHEMA);
  }

  public void append(List<RunRecord> records) {
    append(records, Instant.now());
  }

  /** A few lines per append, many appends per run: a driver-side commit once the table exists (about 5x faster than a Spark write). */
  public void append(List<RunRecord> records, Instant loggedAt) {
    appender.append(records.stream().map(record -> row(record, loggedAt)).toList());
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
    // Read on the driver through Delta Kernel (see unfinished): `strata runs` is a JVM of its own each time.
    DriverScan scan = new DriverScan(spark.sparkContext().hadoopConfiguration(), location);
    Map<String, Timestamp> firstStart = new HashMap<>();
    if (!scan.read(List.of("run_id", "started_at"), row -> firstStart.merge((String) row.get("run_id"), (Timestamp) row.get("started_at"),
        (kept, next) -> next.before(kept) ? next : kept))) {
      return List.of();
    }
    Set<String> runIds = firstStart.entrySet().stream()
        .sorted(Map.Entry.<String, Timestamp>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
        .limit(runs).map(Map.Entry::getKey).collect(java.util.stream.Collectors.toSet());
    LatestLines<RunRecord> latest = new LatestLines<>();
    scan.read(COLUMNS, row -> {
      if (runIds.contains((String) row.get("run_id"))) {
        latest.offer(row, () -> record(row::get));
      }
    });
    return latest.values().stream()
        .sorted(java.util.Comparator.comparing(RunRecord::startedAt).reversed().thenComparing(RunRecord::stage).thenComparing(RunRecord::target))
        .toList();
  }

  /** A line as it was logged: the record and when it was written. */
  public record Logged(RunRecord record, Instant loggedAt) {}

  /**
   * The SUCCESS lines of targets (not whole stages) of {@code pipeline} for {@code runDate}, the
   * latest of each run, stage and target (a run that logged a target twice counts once).
   */
  public List<Logged> targetSuccesses(String pipeline, java.time.LocalDate runDate) {
    LatestLines<Logged> latest = new LatestLines<>();
    Date day = Date.valueOf(runDate);
    new DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(COLUMNS, row -> {
      if (pipeline.equals(row.get("pipeline")) && day.equals(row.get("run_date")) && RunRecord.Status.SUCCESS.name().equals(row.get("status"))
          && !RunRecord.WHOLE_STAGE.equals(row.get("target"))) {
        latest.offer(row, () -> new Logged(record(row::get), ((Timestamp) row.get("logged_at")).toInstant()));
      }
    });
    return List.copyOf(latest.values());
  }

  /** The stages and targets of {@code pipeline} whose latest line is RUNNING: running now, or left so by a run that died. */
  public List<RunRecord> unfinished(String pipeline) {
    // Every run asks this at its start, so it is read on the driver through Delta Kernel: a Spark
    // read would first build the log's snapshot state with a query, 10 to 20 s in a fresh JVM.
    LatestLines<String> latestStatus = new LatestLines<>();
    List<RunRecord> running = new ArrayList<>();
    new DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(COLUMNS, row -> {
      if (!pipeline.equals(row.get("pipeline"))) {
        return;
      }
      latestStatus.offer(row, () -> (String) row.get("status"));
      if (RunRecord.Status.RUNNING.name().equals(row.get("status"))) {
        running.add(record(row::get));
      }
    });
    return running.stream()
        .filter(record -> RunRecord.Status.RUNNING.name().equals(latestStatus.of(record)))
        .sorted(java.util.Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::runId).thenComparing(RunRecord::stage))
        .toList();
  }

  private static final List<String> COLUMNS = java.util.Arrays.stream(SCHEMA.fieldNames()).toList();

  /** A line from its column values by name, as a Kernel read gives them. */
  private static RunRecord record(java.util.function.Function<String, Object> column) {
    return new RunRecord((String) column.apply("run_id"), (String) column.apply("pipeline"), ((Date) column.apply("run_date")).toLocalDate(),
        (String) column.apply("stage"), (String) column.apply("target"), RunRecord.Status.valueOf((String) column.apply("status")),
        (Long) column.apply("rows_read"), (Long) column.apply("rows_written"), (Long) column.apply("rows_quarantined"),
        ((Timestamp) column.apply("started_at")).toInstant(), Optional.ofNullable((Timestamp) column.apply("ended_at")).map(Timestamp::toInstant),
        Optional.ofNullable((String) column.apply("error")), (String) column.apply("spark_app_id"), (String) column.apply("details"));
  }

  /** What the latest line (by {@code logged_at}) of each run, stage and target says, among the lines offered. */
  private static final class LatestLines<T> {
    private final Map<List<String>, Timestamp> loggedAt = new HashMap<>();
    private final Map<List<String>, T> values = new HashMap<>();

    void offer(Map<String, Object> row, java.util.function.Supplier<T> value) {
      List<String> key = List.of((String) row.get("run_id"), (String) row.get("stage"), (String) row.get("target"));
      Timestamp at = (Timestamp) row.get("logged_at");
      Timestamp kept = loggedAt.get(key);
      if (kept == null || at.after(kept)) {
        loggedAt.put(key, at);
        values.put(key, value.get());
      }
    }

    T of(RunRecord record) {
      return values.get(List.of(record.runId(), record.stage(), record.target()));
    }

    java.util.Collection<T> values() {
      return values.values();
    }
  }
}
