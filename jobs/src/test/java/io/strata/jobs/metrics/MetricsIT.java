package io.strata.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run metrics through the command line: each run, failed or not, writes its lines to the lake's
 * {@code _runs/metrics} and pushes them to a Pushgateway (a real HTTP server standing in for it),
 * and {@code strata metrics} prints them in the Prometheus text format.
 */
class MetricsIT {
  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();

  @BeforeAll
  static void sharedSession() {
    TestingSpark.session();
  }

  @Test
  void everyRunPublishesItsMetricsAndStrataMetricsPrintsThem() throws Exception {
    try (HttpReceiver gateway = new HttpReceiver()) {
      Files.createDirectories(dir.resolve("in"));
      Files.writeString(dir.resolve("in/day1.csv"), "id,amount\n1,10\n2,20\n3,x\n");
      Path config = Files.writeString(dir.resolve("measured.conf"), """
          name = measured
          lake.root = lake
          sources { sales { type = file, entity = sales, path = "in/*.csv", max-bad-records = 5 } }
          entities { sales { source = sales, key = [id], columns { id { type = bigint, nullable = false }, amount = int } } }
          quality.tables."processed.sales" { small { type = range, column = amount, min = 0, max = 100 } }
          metrics.pushgateway { url = "%s", job = nightly }
          """.formatted(gateway.url("")));

      int day1 = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "quality");

      assertThat(day1).as(cli.out() + cli.err()).isZero();
      assertThat(cli.out()).contains("metrics pushed to http://127.0.0.1:");
      List<HttpReceiver.Received> pushes = gateway.received("/metrics/job/nightly/pipeline/measured");
      assertThat(pushes).singleElement().satisfies(push -> assertThat(push.body())
          .contains("# TYPE strata_rows_written_total counter")
          .contains("strata_rows_written_total{pipeline=\"measured\",stage=\"ingest\",target=\"sales\"} 3.0")
          .contains("strata_rows_quarantined_total{pipeline=\"measured\",stage=\"process\",target=\"sales\"} 1.0")
          .contains("strata_quality_checks_total{pipeline=\"measured\",status=\"pass\",table=\"processed.sales\"} 1.0")
          .contains("strata_run_success{pipeline=\"measured\"} 1.0")
          .containsPattern("strata_stage_duration_seconds\\{pipeline=\"measured\",stage=\"process\",target=\"\\*\"} \\d+\\.\\d+"));

      int printed = cli.run("metrics", "--config", config.toString());

      assertThat(printed).isZero();
      assertThat(cli.out()).contains("# HELP strata_run_success 1 when the run finished every stage it ran, 0 when a stage failed")
          .contains("strata_rows_read_total{pipeline=\"measured\",stage=\"process\",target=\"sales\"} 3.0")
          .contains("strata_stage_success{pipeline=\"measured\",stage=\"quality\"} 1.0");

      // Day 2 fails its quality gate: the metrics say so, and still reach the lake and the gateway.
      Files.writeString(dir.resolve("in/day2.csv"), "id,amount\n4,500\n");
      int day2 = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-02", "--to", "quality");

      assertThat(day2).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
      assertThat(gateway.received("/metrics/job/nightly/pipeline/measured")).hasSize(2).last().satisfies(push -> assertThat(push.body())
          .contains("strata_run_success{pipeline=\"measured\"} 0.0")
          .contains("strata_stage_success{pipeline=\"measured\",stage=\"quality\"} 0.0")
          .contains("strata_quality_checks_total{pipeline=\"measured\",status=\"fail\",table=\"processed.sales\"} 1.0"));
      List<Row> lake = TestingSpark.session().read().format("delta").load(dir.resolve("lake/_runs/metrics").toUri().toString())
          .filter("metric = 'strata_run_success'").orderBy("run_date").collectAsList();
      assertThat(lake).extracting(row -> row.getAs("run_date").toString() + " " + row.<Double>getAs("value"))
          .containsExactly("2026-03-01 1.0", "2026-03-02 0.0");

      Path file = dir.resolve("strata.prom");
      assertThat(cli.run("metrics", "--config", config.toString(), "--output", file.toString())).isZero();
      assertThat(Files.readString(file)).contains("strata_run_success{pipeline=\"measured\"} 0.0");
      // The report draws both runs in its trend charts: four stages each (model has nothing to build), and the quality pass rate.
      Path report = dir.resolve("report.html");
      assertThat(cli.run("report", "--config", config.toString(), "--runs", "2", "--output", report.toString())).isZero();
      assertThat(cli.out()).contains("(2 run(s) in detail, trends over 2)");
      String html = Files.readString(report);
      assertThat(html).contains("Trends over the last 2 runs", "<title>pass rate 2026-03-01: 100%</title>", "<title>pass rate 2026-03-02: 0%</title>");
      assertThat(html.substring(html.indexOf("<svg id=\"trend-stage-time\""), html.indexOf("<svg id=\"trend-rows\""))
          .split("<circle class=\"point\"", -1)).hasSize(1 + 4 * 2);

      assertThat(cli.run("metrics", "--config", config.toString(), "--run", "no-such-run")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
      assertThat(cli.err()).contains("no metrics of run no-such-run");
    }
  }
}
