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
import org.apache.spark.sql.SaveMode;
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

  public MetricsTable(SparkSession spark, LakeLayout layout) {
    this.spark = requireNonNull(spark, "spark is null");
    this.location = layout.runLog(TABLE).uri();
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

  public void append(List<Row> rows) {
    spark.createDataFrame(rows, SCHEMA).write().format("delta").mode(SaveMode.Append).save(location);
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
    List<MetricSample> samples = new ArrayList<>();
    for (Row row : lines.filter(col("run_id").equalTo(wanted.get())).orderBy("metric", "stage", "target", "label").collectAsList()) {
      StrataMetric.byName(row.getAs("metric")).ifPresent(metric -> samples.add(new MetricSample(metric,
          Optional.ofNullable(row.getAs("stage")), Optional.ofNullable(row.getAs("target")), Optional.ofNullable(row.getAs("label")),
          row.<Double>getAs("value"))));
    }
    return samples.isEmpty() ? Optional.empty() : Optional.of(new Run(wanted.get(), samples));
  }

  /** One run's samples as read back. */
  public record Run(String runId, List<MetricSample> samples) {}
}
