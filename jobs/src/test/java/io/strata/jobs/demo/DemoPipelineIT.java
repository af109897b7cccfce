package io.strata.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.quality.QualityResults;
import io.strata.jobs.stage.PipelineRun;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo end to end, as {@code strata demo} runs it: its PostgreSQL and catalog API on
 * loopback, conf/demo.conf over both run dates with the day-2 changes from demo/data/changes (a
 * customer moves, another changes segment, a product's price drops, new customers and products
 * arrive), the retail star with SCD2 history, the run report and the lines scripts read.
 */
class DemoPipelineIT {
  @TempDir Path dir;

  @Test
  void runsTheShippedDemoStoryAcrossTwoRunDates() throws Exception {
    StringWriter console = new StringWriter();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("STRATA_DEMO_PII_KEY", "demo-test-key");

    int port = freePort();
    DemoRun.Result demo = new DemoRun(new PrintWriter(console, true), ScriptRun.projectDir(), dir, port, env).run(Stage.EXPORT);

    PipelineConfig config = demo.config();
    List<PipelineRun> runs = demo.runs();
    assertThat(runs).extracting(PipelineRun::runDate).containsExactlyElementsOf(DemoScenario.RUN_DATES);
    assertThat(results(runs.get(0), Stage.INGEST))
        .extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten, StageResult::rowsQuarantined)
        .containsExactly(tuple("orders_files", 8L, 7L, 1L), tuple("stores_files", 3L, 3L, 0L), tuple("shop_db", 6L, 6L, 0L),
            tuple("catalog_api", 7L, 7L, 0L));
    assertThat(results(runs.get(0), Stage.PROCESS)).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten)
        .containsExactly(tuple("customers", 6L, 6L), tuple("products", 7L, 7L), tuple("stores", 3L, 3L), tuple("sales", 7L, 7L));
    assertThat(results(runs.get(1), Stage.INGEST)).extracting(StageResult::target, StageResult::rowsWritten)
        .containsExactly(tuple("orders_files", 6L), tuple("stores_files", 0L), tuple("shop_db", 3L), tuple("catalog_api", 2L));
    assertThat(results(runs.get(1), Stage.PROCESS)).extracting(StageResult::target, StageResult::rowsWritten)
        .containsExactly(tuple("customers", 3L), tuple("products", 2L), tuple("stores", 0L), tuple("sales", 6L));

    // PII is masked in the processed layer, and the same card tokenizes the same way everywhere.
    List<Row> customers = delta(config.lake().layout().processed("customers").uri().toString()).orderBy("customer_id").collectAsList();
    assertThat(customers.get(0).<String>getAs("name")).isEqualTo("A** ********");
    assertThat(customers.get(0).<String>getAs("phone")).isEqualTo("+** ** **** 0001");
    assertThat(customers.get(0).<String>getAs("email")).isNotEqualTo("ada@example.com").endsWith(".com").contains("@");
    assertThat(customers.get(0).<String>getAs("card_number")).isNotEqualTo("4111 1111 1111 1111").matches("\\d{4} \\d{4} \\d{4} \\d{4}");
    Row firstLine = delta(config.lake().layout().processed("sales").uri().toString()).orderBy("order_id", "line_number").first();
    assertThat(firstLine.<String>getAs("card_number")).isEqualTo(customers.get(0).getAs("card_number"));

    List<Row> ada = curated(config, "dim_customer").filter("customer_id = 1").orderBy("version").collectAsList();
    assertThat(ada).extracting(row -> row.getAs("city"), row -> row.getAs("is_current"))
        .containsExactly(tuple("London", false), tuple("Cambridge", true));
    assertThat(curated(config, "dim_customer").filter("customer_id = 4").orderBy("version").collectAsList())
        .extracting(row -> row.getAs("segment"), row -> row.getAs("is_current"))
        .containsExactly(tuple("corporate", false), tuple("consumer", true));
    List<Row> keyboard = curated(config, "dim_product").filter("sku = 'SKU-004'").orderBy("version").collectAsList();
    assertThat(keyboard).extracting(row -> row.<BigDecimal>getAs("price").toPlainString(), row -> row.getAs("is_current"))
        .containsExactly(tuple("89.00", false), tuple("79.00", true));
    assertThat(curated(config, "dim_customer").filter("is_current").count()).as("seven live customers and the unknown member").isEqualTo(8);

    Map<String, Row> lines = new HashMap<>();
    curated(config, "fact_sales").collectAsList().forEach(row -> lines.put(row.getAs("order_id") + "/" + row.getAs("line_number"), row));
    assertThat(lines).hasSize(13);
    // A sale before Ada's move points to the old version, one after it to the new one; likewise the keyboard's price.
    assertThat(lines.get("1001/1").<Long>getAs("customer_key")).isEqualTo(ada.get(0).<Long>getAs("dim_customer_key"));
    assertThat(lines.get("1007/1").<Long>getAs("customer_key")).isEqualTo(ada.get(1).<Long>getAs("dim_customer_key"));
    assertThat(lines.get("1002/1").<Long>getAs("product_key")).isEqualTo(keyboard.get(0).<Long>getAs("dim_product_key"));
    assertThat(lines.get("1009/1").<Long>getAs("product_key")).isEqualTo(keyboard.get(1).<Long>getAs("dim_product_key"));
    assertThat(lines.get("1009/1").<Long>getAs("customer_key")).as("customer 7 does not exist").isEqualTo(-1L);
    assertThat(lines.get("1011/1").<Long>getAs("customer_key")).as("customer 8 arrived on day 2").isPositive();
    assertThat(lines.get("1001/2").<BigDecimal>getAs("amount")).isEqualByComparingTo("21.60");
    assertThat(lines.get("1001/2").<BigDecimal>getAs("discount")).isEqualByComparingTo("2.40");

    // Every demo check passes on both run dates; order 1009's unknown customer is within the warned share.
    List<Row> checks = delta(config.lake().layout().runLog(QualityResults.TABLE).uri().toString()).collectAsList();
    int declared = config.quality().tables().stream().mapToInt(table -> table.checks().size()).sum();
    assertThat(checks).hasSize(2 * declared);
    assertThat(checks).allSatisfy(row -> assertThat(row.<String>getAs("status"))
        .as(row.getAs("run_date") + " " + row.getAs("table_name") + "." + row.getAs("check_name") + ": " + row.getAs("message"))
        .isEqualTo("PASS"));
    assertThat(checks).filteredOn(row -> row.getAs("check_name").equals("known_customer") && row.getAs("run_date").toString().equals("2026-03-02"))
        .extracting(row -> row.<String>getAs("message"))
        .containsExactly("0 of 13 rows have a customer_key that dim_customer.dim_customer_key does not hold; 1 unknown member (-1) = 7.7% of rows,"
            + " allowed 20%");
    assertThat(console.toString()).contains(declared + " of " + declared + " checks passed");
    // Day 1 builds the mart, day 2 recomputes only the groups its sales touch.
    assertThat(console.toString()).contains("aggregate agg_daily_sales (over fact_sales): full rebuild (first build)")
        .containsPattern("aggregate agg_daily_sales \\(over fact_sales\\): \\d+ group\\(s\\) to recompute \\(\\d+ changed partition");

    // Alerts: the demo's own receiver got one success alert per run date, and nothing else (every check passed).
    assertThat(console.toString()).contains("alert success sent to demo_receiver")
        .containsPattern("demo alert receiver got: \\[strata\\] retail_demo 2026-03-01: run succeeded in .+\\R    - stages: ingest, process, model, quality, export")
        .contains("demo alert receiver got: [strata] retail_demo 2026-03-02: run succeeded in ")
        .doesNotContain("severity warn did not pass").doesNotContain("warning: alert");

    // The demo stopped its PostgreSQL; started again on its data directory (as `strata warehouse start` does), the
    // warehouse holds the star as the curated layer does, the BI view, the run log and the quality results.
    try (DemoPostgres again = DemoPostgres.start(dir.resolve("postgres"), port); Connection warehouse = again.connect(DemoRun.WAREHOUSE_DATABASE)) {
      assertThat(again.jdbcUrl(DemoRun.WAREHOUSE_DATABASE)).isEqualTo(demo.warehouseUrl());
      for (String table : List.of("dim_customer", "dim_product", "dim_store", "dim_date", "fact_sales", "agg_daily_sales")) {
        assertThat(count(warehouse, "retail." + table)).as(table).isEqualTo(curated(config, table).count());
      }
      // The mart, refreshed incrementally on day 2, holds what a GROUP BY over the exported star gives.
      String byHand = "SELECT d.date, s.country, c.segment, p.category, sum(f.amount), sum(f.quantity), count(*),"
          + " count(DISTINCT f.order_id), sum(f.unit_price), count(f.unit_price) FROM retail.fact_sales f"
          + " LEFT JOIN retail.dim_customer c ON c.dim_customer_key = f.customer_key"
          + " LEFT JOIN retail.dim_product p ON p.dim_product_key = f.product_key"
          + " LEFT JOIN retail.dim_store s ON s.dim_store_key = f.store_key"
          + " LEFT JOIN retail.dim_date d ON d.date_key = f.order_date_key GROUP BY 1, 2, 3, 4";
      String mart = "SELECT date, country, segment, category, revenue, units, order_lines, orders, unit_price_sum, unit_price_count"
          + " FROM retail.agg_daily_sales";
      assertThat(strings(warehouse, "SELECT count(*) FROM ((" + mart + " EXCEPT ALL " + byHand + ") UNION ALL (" + byHand
          + " EXCEPT ALL " + mart + ")) difference")).containsExactly("0");
      // Day 1's seven modelled lines earned 237.70, day 2's six 205.70 (order 1005 was quarantined: it has no discount).
      assertThat(strings(warehouse, "SELECT date || ' ' || sum(revenue) FROM retail.agg_daily_sales GROUP BY date ORDER BY date"))
          .containsExactly("2026-03-01 237.70", "2026-03-02 205.70");
      assertThat(strings(warehouse, "SELECT order_id || '/' || line_number || ' ' || customer_city FROM retail.v_sales"
          + " WHERE order_id IN (1001, 1007) ORDER BY order_id, line_number"))
          .containsExactly("1001/1 London", "1001/2 London", "1007/1 Cambridge");
      assertThat(strings(warehouse, "SELECT DISTINCT run_id FROM retail.pipeline_executions ORDER BY run_id"))
          .containsExactlyElementsOf(runs.stream().map(PipelineRun::runId).sorted().toList());
      // The export's own closing line is written as it happens, not left for the next export.
      assertThat(strings(warehouse, "SELECT run_id FROM retail.pipeline_executions WHERE stage = 'export' AND target = '*'"
          + " AND status = 'SUCCESS' ORDER BY run_id")).containsExactlyElementsOf(runs.stream().map(PipelineRun::runId).sorted().toList());
      assertThat(strings(warehouse, "SELECT count(*) - count(DISTINCT (run_id, stage, target, status)) FROM retail.pipeline_executions"))
          .containsExactly("0");
      assertThat(count(warehouse, "retail.quality_results")).isEqualTo(2L * declared);
      // Metrics: each run's lines reached the warehouse when the run ended, once, as they are in the lake.
      assertThat(strings(warehouse, "SELECT run_id || ' ' || value::bigint FROM retail.pipeline_metrics WHERE metric = 'strata_run_success' ORDER BY run_id"))
          .containsExactlyElementsOf(runs.stream().map(run -> run.runId() + " 1").sorted().toList());
      assertThat(strings(warehouse, "SELECT run_date || ' ' || sum(value)::bigint FROM retail.pipeline_metrics WHERE metric = 'strata_quality_checks_total'"
          + " AND label = 'pass' GROUP BY run_date ORDER BY run_date")).containsExactly("2026-03-01 " + declared, "2026-03-02 " + declared);
      assertThat(count(warehouse, "retail.pipeline_metrics"))
          .isEqualTo(delta(config.lake().layout().runLog(io.strata.jobs.metrics.MetricsTable.TABLE).uri().toString()).count());
      assertThat(strings(warehouse, "SELECT DISTINCT status FROM retail.quality_results")).doesNotContain("FAIL", "ERROR");

      // Row-level security: which country each role may see is the exported mapping table; a reader holding the GB country
      // role sees only the London store's sales, in the table, the view and the mart.
      assertThat(strings(warehouse, "SELECT role || ' ' || value FROM retail.strata_access_store_countries ORDER BY 1"))
          .containsExactly("demo_country_gb GB", "demo_country_us US");
      try (java.sql.Statement statement = warehouse.createStatement()) {
        statement.execute("CREATE ROLE demo_it_alice LOGIN");
        statement.execute("GRANT demo_readers, demo_country_gb TO demo_it_alice");
      }
      try (Connection alice = java.sql.DriverManager.getConnection(again.jdbcUrl(DemoRun.WAREHOUSE_DATABASE), "demo_it_alice", "")) {
        assertThat(strings(alice, "SELECT DISTINCT store_city FROM retail.v_sales")).containsExactly("London");
        assertThat(strings(alice, "SELECT count(*) FROM retail.fact_sales")).containsExactlyElementsOf(strings(warehouse,
            "SELECT count(*) FROM retail.fact_sales f JOIN retail.dim_store s ON s.dim_store_key = f.store_key WHERE s.country = 'GB'"));
        // The mart has its own policy: alice sees the GB totals only, and they add up to the GB sales she may see.
        assertThat(strings(alice, "SELECT DISTINCT country FROM retail.agg_daily_sales")).containsExactly("GB");
        assertThat(strings(alice, "SELECT sum(revenue) FROM retail.agg_daily_sales"))
            .containsExactlyElementsOf(strings(alice, "SELECT sum(amount) FROM retail.fact_sales"));
      }
      assertThat(strings(warehouse, "SELECT count(DISTINCT coalesce(store_city, 'online')) FROM retail.v_sales")).as("the owner sees every store")
          .containsExactly("3");
    }

    String report = Files.readString(demo.report());
    assertThat(report).contains("Trends over the last 2 runs", "<title>raw 2026-03-01: ", "<title>warehouse 2026-03-02: ",
        "<title>pass rate 2026-03-02: 100%</title>");
    assertThat(report).contains("<svg id=\"lineage-graph\"", ">dim_customer</text>", ">retail.fact_sales</text>");
    assertThat(report).contains("<td>known_customer</td><td>warn</td><td class=\"PASS\">PASS</td>")
        .contains("<td>orders_files</td><td class=\"n\">8</td><td class=\"n\">7</td><td class=\"n\">1</td>")
        .contains("<td>dim_product</td><td class=\"n\">8</td><td class=\"n\">9</td><td class=\"n\">8</td>");
    // OpenLineage: START and COMPLETE for each stage of each run date, with the datasets and column lineage of the demo's star.
    List<String> lineageLines = Files.readAllLines(demo.lineage());
    List<io.openlineage.client.OpenLineage.RunEvent> events = lineageLines.stream()
        .map(io.openlineage.client.OpenLineageClientUtils::runEventFromJson).toList();
    List<String> perStage = new ArrayList<>();
    for (String stage : List.of("ingest", "process", "model", "quality", "export")) {
      perStage.add("retail_demo." + stage + " START");
      perStage.add("retail_demo." + stage + " COMPLETE");
    }
    List<String> expected = new ArrayList<>(perStage);
    expected.addAll(perStage);
    assertThat(events).extracting(event -> event.getJob().getName() + " " + event.getEventType()).containsExactlyElementsOf(expected);
    assertThat(events).allSatisfy(event -> assertThat(event.getJob().getNamespace()).isEqualTo("retail-demo"));
    io.openlineage.client.OpenLineage.RunEvent model = events.get(5);
    var dimCustomer = model.getOutputs().stream().filter(output -> output.getName().endsWith("curated/dim_customer")).findFirst().orElseThrow();
    assertThat(dimCustomer.getFacets().getSchema().getFields()).extracting(io.openlineage.client.OpenLineage.SchemaDatasetFacetFields::getName)
        .containsExactly("dim_customer_key", "customer_id", "city", "segment", "name", "effective_from", "effective_to", "is_current",
            "version", "is_deleted", "row_hash");
    assertThat(dimCustomer.getFacets().getColumnLineage().getFields().getAdditionalProperties().get("city").getInputFields())
        .singleElement().satisfies(input -> assertThat(input.getName()).endsWith("processed/customers"));
    var processedCustomers = events.get(3).getOutputs().stream().filter(output -> output.getName().endsWith("processed/customers"))
        .findFirst().orElseThrow();
    assertThat(processedCustomers.getFacets().getColumnLineage().getFields().getAdditionalProperties().get("email").getInputFields())
        .singleElement().satisfies(input -> assertThat(input.getTransformations()).singleElement()
            .satisfies(transformation -> assertThat(transformation.getMasking()).isTrue()));
    var factSales = model.getOutputs().stream().filter(output -> output.getName().endsWith("curated/fact_sales")).findFirst().orElseThrow();
    assertThat(factSales.getFacets().getColumnLineage().getFields().getAdditionalProperties().get("customer_key").getInputFields())
        .extracting(io.openlineage.client.OpenLineage.InputField::getName).anySatisfy(name -> assertThat(name).endsWith("curated/dim_customer"));
    assertThat(events.get(9).getOutputs()).extracting(io.openlineage.client.OpenLineage.OutputDataset::getName)
        .contains("warehouse.retail.fact_sales", "warehouse.retail.dim_customer");
    assertThat(String.join("\n", lineageLines)).as("no raw PII value in the lineage events").doesNotContain("ada@example.com", "grace@example.org");
    assertThat(console.toString()).contains("strata demo: summary", "lake: " + config.lake().layout().root(),
        "warehouse: " + demo.warehouseUrl(), "report: " + demo.report(), "psql -h 127.0.0.1 -p ",
        "lineage: " + demo.lineage());
  }

  private static long count(Connection connection, String table) throws java.sql.SQLException {
    return Long.parseLong(strings(connection, "SELECT count(*) FROM " + table).get(0));
  }

  private static List<String> strings(Connection connection, String sql) throws java.sql.SQLException {
    List<String> values = new java.util.ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    }
    return values;
  }

  private static List<StageResult> results(PipelineRun run, Stage stage) {
    return run.results().stream().filter(result -> result.stage() == stage).toList();
  }

  private static Dataset<Row> curated(PipelineConfig config, String table) {
    return delta(config.lake().layout().curated(table).uri().toString());
  }

  private static Dataset<Row> delta(String location) {
    return TestingSpark.session().read().format("delta").load(location);
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
