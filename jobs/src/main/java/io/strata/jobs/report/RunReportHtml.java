package io.strata.jobs.report;

import io.strata.jobs.report.RunReport.DimensionVersions;
import io.strata.jobs.report.RunReport.LayerRows;
import io.strata.jobs.report.RunReport.QualityLine;
import io.strata.jobs.report.RunReport.StageSpan;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link RunReport} as one self-contained HTML page: inline CSS, no scripts, no fonts
 * or images from the network, so it opens from disk anywhere.
 */
public final class RunReportHtml {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final String STYLE = """
      body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d2430; }
      h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
      table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .6rem; border-bottom: 1px solid #dde; }
      th { text-align: left; background: #f3f5f9; } td.n { text-align: right; font-variant-numeric: tabular-nums; }
      .bar { height: 1rem; background: #4a78c2; border-radius: 2px; } .bar.FAILED { background: #c24a4a; }
      .track { position: relative; width: 36rem; height: 1rem; background: #f3f5f9; }
      .track .bar { position: absolute; top: 0; }
      .SUCCESS, .PASS { color: #24753a; } .FAILED, .FAIL, .ERROR { color: #b02a2a; font-weight: 600; } .WARN { color: #9a6700; }
      .muted { color: #667; }
      .charts { display: flex; flex-wrap: wrap; gap: 1rem; } figure.chart { margin: 0; } figcaption { font-weight: 600; margin: .3rem 0; }
      """;

  private RunReportHtml() {}

  public static String render(RunReport report) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Strata run report: ")
        .append(escape(report.pipeline())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
    html.append("<h1>Strata run report: ").append(escape(report.pipeline())).append("</h1>\n<p class=\"muted\">Lake <code>")
        .append(escape(report.lakeRoot())).append("</code>, generated ").append(TIME.format(report.generatedAt())).append("</p>\n");
    trends(html, report.trends());
    timeline(html, report.stages());
    layers(html, report.layers());
    quality(html, report.quality());
    dimensions(html, report.dimensions());
    lineage(html, report.lineage());
    html.append("</body></html>\n");
    return html.toString();
  }

  /** Four charts over the recent runs: stage times, rows per layer, rows quarantined, quality pass rate. */
  private static void trends(StringBuilder html, List<RunTrend> trends) {
    html.append("<h2 id=\"trends\">Trends over the last ").append(trends.size()).append(trends.size() == 1 ? " run" : " runs").append("</h2>\n");
    if (trends.isEmpty()) {
      html.append("<p>No run has recorded metrics yet (a run writes them to _runs/metrics when it ends).</p>\n");
      return;
    }
    List<String> labels = trends.stream().map(trend -> trend.runDate().toString()).toList();
    html.append("<div class=\"charts\">\n");
    html.append(SvgChart.lines("trend-stage-time", "Time per stage", labels, series(trends, RunTrend::stageSeconds), "s"));
    html.append(SvgChart.lines("trend-rows", "Rows written per layer", labels, series(trends, RunTrend::rowsPerLayer), "rows"));
    html.append(SvgChart.lines("trend-quarantined", "Rows quarantined", labels,
        java.util.Map.of("quarantined", trends.stream().map(RunTrend::quarantined).toList()), "rows"));
    if (trends.stream().anyMatch(trend -> trend.qualityPassRate().isPresent())) {
      html.append(SvgChart.lines("trend-quality", "Quality checks passed", labels, java.util.Map.of("pass rate", trends.stream()
          .map(trend -> trend.qualityPassRate().isPresent() ? trend.qualityPassRate().getAsDouble() : null).toList()), "%"));
    }
    html.append("</div>\n");
  }

  /** One series per key any run has, with a value per run ({@code null} where that run has none). */
  private static java.util.Map<String, List<Double>> series(List<RunTrend> trends, java.util.function.Function<RunTrend, java.util.Map<String, Double>> of) {
    java.util.Map<String, List<Double>> series = new java.util.LinkedHashMap<>();
    trends.forEach(trend -> of.apply(trend).keySet().forEach(key -> series.putIfAbsent(key, new java.util.ArrayList<>())));
    series.forEach((key, values) -> trends.forEach(trend -> values.add(of.apply(trend).get(key))));
    return series;
  }

  private static void timeline(StringBuilder html, List<StageSpan> stages) {
    html.append("<h2 id=\"timeline\">Stage timeline</h2>\n");
    if (stages.isEmpty()) {
      html.append("<p>No stages ran.</p>\n");
      return;
    }
    Instant first = stages.stream().map(StageSpan::start).min(Instant::compareTo).orElseThrow();
    Instant last = stages.stream().map(span -> span.end() == null ? span.start() : span.end()).max(Instant::compareTo).orElseThrow();
    double total = Math.max(1, Duration.between(first, last).toMillis());
    html.append("<table><tr><th>run date</th><th>stage</th><th>status</th><th>time</th><th></th></tr>\n");
    for (StageSpan span : stages) {
      long millis = span.end() == null ? 0 : Duration.between(span.start(), span.end()).toMillis();
      double left = Duration.between(first, span.start()).toMillis() * 100 / total;
      double width = Math.max(0.5, millis * 100 / total);
      html.append("<tr><td>").append(span.runDate()).append("</td><td>").append(escape(span.stage())).append("</td><td class=\"")
          .append(span.status()).append("\">").append(span.status()).append(span.error() == null ? "" : ": " + escape(span.error()))
          .append("</td><td class=\"n\">").append(seconds(millis)).append("</td><td><div class=\"track\"><div class=\"bar ")
          .append(span.status()).append("\" style=\"left:").append(percent(left)).append("%;width:").append(percent(width))
          .append("%\"></div></div></td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void layers(StringBuilder html, List<LayerRows> layers) {
    html.append("<h2 id=\"rows\">Rows per layer</h2>\n<table><tr><th>run date</th><th>stage</th><th>source or table</th>"
        + "<th>rows read</th><th>rows written</th><th>quarantined</th></tr>\n");
    for (LayerRows rows : layers) {
      html.append("<tr><td>").append(rows.runDate()).append("</td><td>").append(escape(rows.stage())).append("</td><td>")
          .append(escape(rows.target())).append("</td><td class=\"n\">").append(rows.read()).append("</td><td class=\"n\">")
          .append(rows.written()).append("</td><td class=\"n\">").append(rows.quarantined()).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void quality(StringBuilder html, List<QualityLine> quality) {
    html.append("<h2 id=\"quality\">Quality results</h2>\n");
    if (quality.isEmpty()) {
      html.append("<p>No quality checks ran.</p>\n");
      return;
    }
    html.append("<table><tr><th>run date</th><th>table</th><th>check</th><th>severity</th><th>status</th><th>failing rows</th>"
        + "<th>message</th></tr>\n");
    for (QualityLine line : quality) {
      html.append("<tr><td>").append(line.runDate()).append("</td><td>").append(escape(line.table())).append("</td><td>")
          .append(escape(line.check())).append("</td><td>").append(escape(line.severity())).append("</td><td class=\"")
          .append(escape(line.status())).append("\">").append(escape(line.status())).append("</td><td class=\"n\">")
          .append(line.failingRows()).append("</td><td>").append(escape(line.message())).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void dimensions(StringBuilder html, List<DimensionVersions> dimensions) {
    html.append("<h2 id=\"scd2\">SCD2 versions</h2>\n");
    if (dimensions.isEmpty()) {
      html.append("<p>The model has no SCD2 dimension.</p>\n");
      return;
    }
    html.append("<table><tr><th>dimension</th><th>keys</th><th>versions</th><th>current</th><th>deleted</th></tr>\n");
    for (DimensionVersions dimension : dimensions) {
      html.append("<tr><td>").append(escape(dimension.dimension())).append("</td><td class=\"n\">").append(dimension.keys())
          .append("</td><td class=\"n\">").append(dimension.versions()).append("</td><td class=\"n\">").append(dimension.current())
          .append("</td><td class=\"n\">").append(dimension.deleted()).append("</td></tr>\n");
    }
    html.append("</table>\n");
  }

  private static void lineage(StringBuilder html, List<io.strata.jobs.lineage.LineageJob> lineage) {
    if (lineage.isEmpty()) {
      return;
    }
    html.append("<h2 id=\"lineage\">Lineage</h2>\n<p class=\"muted\">What each dataset is made from, as the config declares it;"
        + " <code>strata lineage --format json</code> gives it column by column.</p>\n");
    html.append(LineageSvg.render(lineage));
  }

  private static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  private static String percent(double value) {
    return String.format(Locale.ROOT, "%.2f", value);
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
