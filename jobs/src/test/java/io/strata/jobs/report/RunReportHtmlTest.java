package io.strata.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.report.RunReport.DimensionVersions;
import io.strata.jobs.report.RunReport.LayerRows;
import io.strata.jobs.report.RunReport.QualityLine;
import io.strata.jobs.report.RunReport.StageSpan;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportHtmlTest {
  private static final LocalDate DAY = LocalDate.of(2026, 3, 1);
  private static final Instant T0 = Instant.parse("2026-03-01T06:00:00Z");

  @Test
  void showsTheTimelineRowsQualityAndVersions() {
    RunReport report = new RunReport("retail_demo", "file:/lake", T0,
        List.of(new StageSpan("r1", DAY, "ingest", "SUCCESS", T0, T0.plusSeconds(12), null),
            new StageSpan("r1", DAY, "model", "FAILED", T0.plusSeconds(12), T0.plusSeconds(15), "grain duplicates")),
        List.of(new LayerRows(DAY, "ingest", "orders_files", 8, 7, 1)),
        List.of(new QualityLine(DAY, "fact_sales", "customer_key not null", "fail", "PASS", 0, "")),
        List.of(new DimensionVersions("dim_customer", 7, 9, 7, 0)));

    String html = RunReportHtml.render(report);

    assertThat(html).startsWith("<!DOCTYPE html>").contains("<title>Strata run report: retail_demo</title>")
        .contains("<td>orders_files</td><td class=\"n\">8</td><td class=\"n\">7</td><td class=\"n\">1</td>")
        .contains("<td class=\"FAILED\">FAILED: grain duplicates</td><td class=\"n\">3.0 s</td>")
        .contains("left:80.00%;width:20.00%")
        .contains("<td>dim_customer</td><td class=\"n\">7</td><td class=\"n\">9</td>")
        .contains("<td>customer_key not null</td><td>fail</td><td class=\"PASS\">PASS</td>")
        .doesNotContain("http://", "https://", "<script");
  }

  static List<RunTrend> threeRuns() {
    return List.of(
        new RunTrend("r1", DAY, true, java.util.Map.of("ingest", 10.0, "model", 20.0), java.util.Map.of("raw", 100.0, "curated", 90.0), 1,
            java.util.OptionalDouble.of(1.0)),
        new RunTrend("r2", DAY.plusDays(1), true, java.util.Map.of("ingest", 12.0, "model", 18.0), java.util.Map.of("raw", 120.0, "curated", 95.0), 0,
            java.util.OptionalDouble.of(0.5)),
        new RunTrend("r3", DAY.plusDays(2), false, java.util.Map.of("ingest", 11.0), java.util.Map.of("raw", 80.0), 3,
            java.util.OptionalDouble.empty()));
  }

  @Test
  void drawsOnePointPerRunAndSeriesWithoutScripts() {
    String html = RunReportHtml.render(new RunReport("p", "file:/lake", T0, List.of(), List.of(), List.of(), List.of(), threeRuns()));

    assertThat(html).contains("<h2 id=\"trends\">Trends over the last 3 runs</h2>").doesNotContain("http://", "https://", "<script");
    // ingest in 3 runs, model in 2 (the third failed before it): 5 points; raw 3 and curated 2; quarantined 3; pass rate 2.
    assertThat(points(html, "trend-stage-time")).isEqualTo(5);
    assertThat(points(html, "trend-rows")).isEqualTo(5);
    assertThat(points(html, "trend-quarantined")).isEqualTo(3);
    assertThat(points(html, "trend-quality")).isEqualTo(2);
    assertThat(html).contains("<title>model 2026-03-02: 18.0 s</title>", "<title>pass rate 2026-03-02: 50%</title>",
        "<title>quarantined 2026-03-03: 3</title>");
  }

  static List<io.strata.jobs.lineage.LineageJob> twoStages() {
    var source = new io.strata.jobs.lineage.LineageDataset("postgres://db:5432", "shop.public.customers", "source", List.of());
    var raw = new io.strata.jobs.lineage.LineageDataset("file", "/lake/raw/shop_db/customers", "raw", List.of());
    var processed = new io.strata.jobs.lineage.LineageDataset("file", "/lake/processed/customers", "processed", List.of());
    return List.of(new io.strata.jobs.lineage.LineageJob(io.strata.jobs.stage.Stage.INGEST, List.of(source), List.of(raw)),
        new io.strata.jobs.lineage.LineageJob(io.strata.jobs.stage.Stage.PROCESS, List.of(raw), List.of(processed)));
  }

  @Test
  void drawsTheLineageGraphOneBoxPerDatasetAndOneLinePerInput() {
    String html = RunReportHtml.render(new RunReport("p", "file:/lake", T0, List.of(), List.of(), List.of(), List.of(), List.of(), twoStages()));

    assertThat(html).contains("<h2 id=\"lineage\">Lineage</h2>", "<svg id=\"lineage-graph\"", ">shop.public.customers</text>",
        "<title>file /lake/processed/customers</title>");
    assertThat(html.split("<g class=\"dataset\">", -1)).hasSize(1 + 3);
    assertThat(html.split("<path class=\"edge\"", -1)).hasSize(1 + 2);
  }

  /** The points drawn in the chart with this id. */
  static int points(String html, String chart) {
    int start = html.indexOf("<svg id=\"" + chart + "\"");
    assertThat(start).as("chart " + chart).isNotNegative();
    String svg = html.substring(start, html.indexOf("</svg>", start));
    return svg.split("<circle class=\"point\"", -1).length - 1;
  }

  @Test
  void escapesWhatComesFromTheData() {
    assertThat(RunReportHtml.escape("<b>\"x\" & 'y'</b>")).isEqualTo("&lt;b&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/b&gt;");
  }

  @Test
  void saysSoWhenNothingRan() {
    String html = RunReportHtml.render(new RunReport("p", "file:/lake", T0, List.of(), List.of(), List.of(), List.of()));

    assertThat(html).contains("No stages ran.", "No quality checks ran.", "The model has no SCD2 dimension.",
        "No run has recorded metrics yet");
  }
}
