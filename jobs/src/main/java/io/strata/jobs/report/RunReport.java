package io.strata.jobs.report;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.lineage.LineageJob;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * What the HTML run report shows, gathered from the lake: the stages of each run on a timeline,
 * the rows each layer received, the quality results, the versions of each SCD2 dimension, and
 * the trends over the pipeline's recent runs, and the lineage graph the config declares.
 */
public record RunReport(String pipeline, String lakeRoot, Instant generatedAt, List<StageSpan> stages, List<LayerRows> layers,
    List<QualityLine> quality, List<DimensionVersions> dimensions, List<RunTrend> trends, List<LineageJob> lineage) {

  public RunReport {
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(lakeRoot, "lakeRoot is null");
    requireNonNull(generatedAt, "generatedAt is null");
    stages = List.copyOf(stages);
    layers = List.copyOf(layers);
    quality = List.copyOf(quality);
    dimensions = List.copyOf(dimensions);
    trends = List.copyOf(trends);
    lineage = List.copyOf(lineage);
  }

  /** A report without the lineage graph. */
  public RunReport(String pipeline, String lakeRoot, Instant generatedAt, List<StageSpan> stages, List<LayerRows> layers,
      List<QualityLine> quality, List<DimensionVersions> dimensions, List<RunTrend> trends) {
    this(pipeline, lakeRoot, generatedAt, stages, layers, quality, dimensions, trends, List.of());
  }

  /** A report without trends. */
  public RunReport(String pipeline, String lakeRoot, Instant generatedAt, List<StageSpan> stages, List<LayerRows> layers,
      List<QualityLine> quality, List<DimensionVersions> dimensions) {
    this(pipeline, lakeRoot, generatedAt, stages, layers, quality, dimensions, List.of(), List.of());
  }

  /** One stage of one run. */
  public record StageSpan(String runId, LocalDate runDate, String stage, String status, Instant start, Instant end, String error) {}

  /** The rows one stage moved for one source or table on one run date. */
  public record LayerRows(LocalDate runDate, String stage, String target, long read, long written, long quarantined) {}

  /** One data-quality check's outcome. */
  public record QualityLine(LocalDate runDate, String table, String check, String severity, String status, long failingRows,
      String message) {}

  /** How many versions an SCD2 dimension holds. */
  public record DimensionVersions(String dimension, long keys, long versions, long current, long deleted) {}
}
