package io.strata.jobs.metrics;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.max;

import io.delta.tables.DeltaTable;
import io.strata.layout.LakeLayout;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Every run's metrics in the lake: a Delta table at {@code _runs/metrics}, one line per sample,
 * appended when a run ends (whether it succeeded or not). The export copies it to the warehouse's
 * {@code pipeline_metrics}; {@code strata metrics} prints a run's lines in the Prometheus format.
 */
public final class MetricsTable {
  public static final String TABLE = "metrics";
  /** Its name in the warehouse. */
  public static final String WAREHOUSE_TABLE = "pipeline_metrics";
  static final StructType SCHEMA = new StructType()
      .add("run_id", DataTypes.StringType, false)
      .add("pipeline", DataTypes.StringType, false)
      .add("run_date", DataTypes.DateType, false)
      .add("metric", DataTypes.StringType, false)
      .add("stage", DataTypes.StringType, true)
      .add("target", DataTypes.StringType, true)
      .add("label", DataTypes.StringType, true)
      .add("value", DataTypes.DoubleType, false)
      .add("recorded_at", DataTypes.TimestampType, false);

  private final SparkSession spark;
  private final String location;
  private final io.strata.jobs.delta.BookkeepingAppend appender;

  public MetricsTable(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
    this.appender = new io.strata.jobs.delta.BookkeepingAppend(spark, location, SCHEMA);
  }

  public static StructType schema() {
    return SCHEMA;
  }

  /** The lines of {@code run} in the order of {@link #schema()}. */
  public static List<Row> rows(RunMetrics run, Instant recordedAt) {
    List<Row> rows = new ArrayList<>();
    for (MetricSample sample : run.samples()) {
      rows.add(RowFactory.create(run.runId(), run.pipeline(), Date.valueOf(run.runDate()), sample.metric().metricName(),
          sample.stage().orElse(null), sample.target().orElse(null), sample.label().orElse(null), sample.value(), Timestamp.from(recordedAt)));
    }
    return rows;
  }

  /** A run's lines: a driver-side commit once the table exists (see {@link io.strata.jobs.delta.BookkeepingAppend}). */
  public void append(List<Row> rows) {
    appender.append(rows);
  }

  /** The samples of {@code runId}, or of the pipeline's latest run when empty; none before the first run. */
  public Optional<Run> read(String pipeline, Optional<String> runId) {
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return Optional.empty();
    }
    var lines = spark.read().format("delta").load(location).filter(col("pipeline").equalTo(pipeline));
    Optional<String> wanted = runId.isPresent() ? runId : Optional.ofNullable(lines.agg(max(col("recorded_at"))).first().getTimestamp(0))
        .map(latest -> lines.filter(col("recorded_at").equalTo(latest)).select("run_id").first().getString(0));
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    List<Run> runs = runs(lines.filter(col("run_id").equalTo(wanted.get())));
    return runs.stream().findFirst();
  }

  /** The pipeline's last {@code count} runs that recorded metrics, oldest first. */
  public List<Run> history(String pipeline, int count) {
    if (!DeltaTable.isDeltaTable(spark, location)) {
      return List.of();
    }
    var lines = spark.read().format("delta").load(location).filter(col("pipeline").equalTo(pipeline));
    List<String> latest = lines.groupBy("run_id").agg(max(col("recorded_at")).as("at")).orderBy(col("at").desc()).limit(count)
        .select("run_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    return runs(lines.filter(col("run_id").isin(latest.toArray())));
  }

  private static List<Run> runs(org.apache.spark.sql.Dataset<Row> lines) {
    java.util.Map<String, Run> runs = new java.util.LinkedHashMap<>();
    for (Row row : lines.orderBy("recorded_at", "run_id", "metric", "stage", "target", "label").collectAsList()) {
      Run run = runs.computeIfAbsent(row.getAs("run_id"), id -> new Run(id, row.<Date>getAs("run_date").toLocalDate(), new ArrayList<>()));
      StrataMetric.byName(row.getAs("metric")).ifPresent(metric -> run.samples().add(new MetricSample(metric,
          Optional.ofNullable(row.getAs("stage")), Optional.ofNullable(row.getAs("target")), Optional.ofNullable(row.getAs("label")),
          row.<Double>getAs("value"))));
    }
    return List.copyOf(runs.values());
  }

  /** One run's samples as read back. */
  public record Run(String runId, java.time.LocalDate runDate, List<MetricSample> samples) {}
}
