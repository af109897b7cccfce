package io.strata.jobs.report;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.model.DimensionColumns;
import io.strata.jobs.metrics.MetricsTable;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.layout.LakeLayout;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.jobs.report.RunReport.DimensionVersions;
import io.strata.jobs.quality.QualityResults;
import io.strata.jobs.report.RunReport.LayerRows;
import io.strata.jobs.report.RunReport.QualityLine;
import io.strata.jobs.report.RunReport.StageSpan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import io.delta.tables.DeltaTable;

/** Gathers a {@link RunReport} of some runs from the lake: the run log, the quality results and the dimensions. */
public final class RunReportCollector {
  /** How many recent runs the trend charts show. */
  public static final int TREND_RUNS = 30;

  private final SparkSession spark;
  private final PipelineConfig config;

  public RunReportCollector(SparkSession spark, PipelineConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** The report of the runs with ids {@code runIds}, oldest first. */
  public RunReport collect(Set<String> runIds) {
    List<RunRecord> records = new RunLog(spark, layout()).recent(runIds.size()).stream()
        .filter(record -> runIds.contains(record.runId()) && !record.stage().equals(RunRecord.ALERT))
        .sorted(Comparator.comparing(RunRecord::startedAt).thenComparing(RunRecord::stage).thenComparing(RunRecord::target))
        .toList();
    List<StageSpan> stages = new ArrayList<>();
    List<LayerRows> layers = new ArrayList<>();
    for (RunRecord record : records) {
      if (record.target().equals(RunRecord.WHOLE_STAGE)) {
        stages.add(new StageSpan(record.runId(), record.runDate(), record.stage(), record.status().name(), record.startedAt(),
            record.endedAt().orElse(null), record.error().orElse(null)));
      } else {
        layers.add(new LayerRows(record.runDate(), record.stage(), record.target(), record.rowsRead(), record.rowsWritten(),
            record.rowsQuarantined()));
      }
    }
    List<RunTrend> trends = RunTrend.of(new MetricsTable(spark, layout()).history(config.name(), TREND_RUNS));
    return new RunReport(config.name(), layout().root().toString(), Instant.now(), stages, layers, quality(runIds), dimensions(), trends,
        lineage());
  }

  private static final List<String> QUALITY_COLUMNS = List.of("run_id", "run_date", "table_name", "check_name", "severity", "status",
      "failing_rows", "message");

  private List<QualityLine> quality(Set<String> runIds) {
    String location = layout().runLog(QualityResults.TABLE).uri().toString();
    // Read on the driver, as the run log is: no Spark query for a table of a few lines per run.
    List<QualityLine> lines = new ArrayList<>();
    new io.strata.jobs.delta.DriverScan(spark.sparkContext().hadoopConfiguration(), location).read(QUALITY_COLUMNS, row -> {
      if (runIds.contains(row.get("run_id"))) {
        lines.add(new QualityLine(((java.sql.Date) row.get("run_date")).toLocalDate(), (String) row.get("table_name"),
            (String) row.get("check_name"), (String) row.get("severity"), (String) row.get("status"),
            row.get("failing_rows") == null ? 0 : (Long) row.get("failing_rows"), (String) row.get("message")));
      }
    });
    lines.sort(java.util.Comparator.comparing(QualityLine::runDate).thenComparing(QualityLine::table).thenComparing(QualityLine::check));
    return lines;
  }

  private List<DimensionVersions> dimensions() {
    List<DimensionVersions> versions = new ArrayList<>();
    for (DimensionConfig dimension : config.model().dimensions().values()) {
      String location = layout().curated(dimension.name()).uri().toString();
      if (dimension.scdType() != 2 || !DeltaTable.isDeltaTable(spark, location)) {
        continue;
      }
      Column[] naturalKey = dimension.naturalKey().stream().map(org.apache.spark.sql.functions::col).toArray(Column[]::new);
      Row row = spark.read().format("delta").load(location)
          .filter(col(dimension.keyColumn()).notEqual(lit(DimensionColumns.UNKNOWN_KEY)))
          .agg(countDistinct(naturalKey[0], java.util.Arrays.copyOfRange(naturalKey, 1, naturalKey.length)), count(lit(1)),
              sum(when(col(DimensionColumns.IS_CURRENT), 1).otherwise(0)), sum(when(col(DimensionColumns.IS_DELETED), 1).otherwise(0)))
          .first();
      versions.add(new DimensionVersions(dimension.name(), row.getLong(0), row.getLong(1), row.isNullAt(2) ? 0 : row.getLong(2),
          row.isNullAt(3) ? 0 : row.getLong(3)));
    }
    return versions;
  }

  /** The lineage graph; a config it cannot draw leaves it out of the report rather than failing it. */
  private List<io.strata.jobs.lineage.LineageJob> lineage() {
    try {
      return io.strata.jobs.lineage.LineageGraph.of(config);
    } catch (RuntimeException e) {
      return List.of();
    }
  }

  private LakeLayout layout() {
    return config.lake().layout();
  }
}
