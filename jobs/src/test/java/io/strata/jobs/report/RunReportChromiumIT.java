package io.strata.jobs.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.jobs.report.RunReport.DimensionVersions;
import io.strata.jobs.report.RunReport.LayerRows;
import io.strata.jobs.report.RunReport.QualityLine;
import io.strata.jobs.report.RunReport.StageSpan;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run report opened in a real browser (Debian's chromium, headless), with no network. */
class RunReportChromiumIT {
  @TempDir Path dir;

  @Test
  void chromiumRendersTheReportWithItsNumbers() throws Exception {
    Optional<Path> chromium = chromium();
    assumeTrue(chromium.isPresent(), "no chromium on PATH (Debian: apt-get install chromium); the report's browser test is skipped");
    LocalDate day = LocalDate.of(2026, 3, 2);
    Instant start = Instant.parse("2026-03-02T06:00:00Z");
    Path page = dir.resolve("report.html");
    Files.writeString(page, RunReportHtml.render(new RunReport("retail_demo", "file:/lake", start,
        List.of(new StageSpan("r2", day, "ingest", "SUCCESS", start, start.plusMillis(4_321), null)),
        List.of(new LayerRows(day, "process", "sales", 6, 6, 0), new LayerRows(day, "ingest", "orders_files", 8, 7, 1)),
        List.of(new QualityLine(day, "fact_sales", "unique order line", "fail", "PASS", 0, "")),
        List.of(new DimensionVersions("dim_product", 8, 9, 8, 0)), RunReportHtmlTest.threeRuns(), RunReportHtmlTest.twoStages())));

    String dom = run(chromium.get(), "--dump-dom", page.toUri().toString());
    Path screenshot = dir.resolve("report.png");
    run(chromium.get(), "--screenshot=" + screenshot, "--window-size=1200,900", page.toUri().toString());

    assertThat(dom).contains("Strata run report: retail_demo", "<td>orders_files</td>", ">4.3 s<", "<td>dim_product</td>",
        "<td>unique order line</td>");
    assertThat(Files.size(screenshot)).as("a rendered page, not a blank file").isGreaterThan(5_000);
    // The browser parsed the inline SVG charts: every point is in its DOM, with the runs' numbers.
    assertThat(RunReportHtmlTest.points(dom, "trend-stage-time")).isEqualTo(5);
    assertThat(RunReportHtmlTest.points(dom, "trend-rows")).isEqualTo(5);
    assertThat(RunReportHtmlTest.points(dom, "trend-quarantined")).isEqualTo(3);
    assertThat(RunReportHtmlTest.points(dom, "trend-quality")).isEqualTo(2);
    assertThat(dom).contains("Trends over the last 3 runs", "<polyline");
    assertThat(dom.split("<g class=\"dataset\">", -1)).as("the lineage graph's boxes in the DOM").hasSize(1 + 3);
    assertThat(dom.split("<path class=\"edge\"", -1)).hasSize(1 + 2);
  }

  private String run(Path chromium, String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--no-first-run", "--user-data-dir=" + dir.resolve("profile")));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectError(dir.resolve("chromium.err").toFile()).start();
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("chromium finished").isTrue();
    assertThat(process.exitValue()).as("chromium exit code; its errors: " + Files.readString(dir.resolve("chromium.err"))).isZero();
    return out;
  }

  private static Optional<Path> chromium() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .flatMap(folder -> Stream.of("chromium", "chromium-browser", "google-chrome").map(name -> Path.of(folder, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
