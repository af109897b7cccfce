package io.strata.jobs.quality;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.demo.DemoCatalogServer;
import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJobs;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's quality section on the demo data: ingest, process, model and quality run through the
 * pipeline runner (so reconciliation reads a real run log) on two run dates, and every check passes.
 */
class DemoQualityIT {
  @TempDir Path dir;

  @Test
  void everyDemoCheckPassesOnTheDemoData() throws Exception {
    Path project = ScriptRun.projectDir();
    TestingPostgres postgres = TestingPostgres.shared();
    String shopUrl = postgres.createDatabase("demo_quality_shop");
    try (Connection connection = postgres.connect("demo_quality_shop"); Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(project.resolve("demo/data/customers.sql")));
    }
    Path products = Files.copy(project.resolve("demo/data/products.json"), dir.resolve("products.json"));
    Path orders = Files.createDirectories(dir.resolve("orders"));
    Files.copy(project.resolve("demo/data/orders/orders-2026-03-01.csv"), orders.resolve("orders-2026-03-01.csv"));
    TestingSpark.session();

    try (DemoCatalogServer catalog = DemoCatalogServer.start(0, products)) {
      PipelineConfig config = new PipelineConfigLoader(Map.of(
          "STRATA_LAKE_ROOT", dir.resolve("lake").toString(),
          "STRATA_DEMO_ORDERS_PATH", orders + "/*.csv",
          "STRATA_DEMO_SHOP_DB_URL", shopUrl,
          "STRATA_DEMO_CATALOG_URL", catalog.url(),
          "STRATA_DEMO_STORES_PATH", project.resolve("demo/data/stores.csv").toString(),
          "STRATA_DEMO_PII_KEY", "demo-test-key"), true).load(project.resolve("conf/demo.conf"));
      Files.createDirectories(dir.resolve("lake"));
      StringWriter out = new StringWriter();
      PipelineRunner runner = new PipelineRunner(new PrintWriter(out), StageJobs.standard());

      runner.run(config, Stage.slice(Stage.INGEST, Stage.QUALITY), LocalDate.of(2026, 3, 1));
      // Day 2 brings new orders, a moved customer and a new product, as in DemoPipelineIT.
      Files.copy(project.resolve("demo/data/orders/orders-2026-03-02.csv"), orders.resolve("orders-2026-03-02.csv"));
      try (Connection connection = postgres.connect("demo_quality_shop"); Statement statement = connection.createStatement()) {
        statement.execute("UPDATE customers SET city = 'Cambridge', updated_at = '2026-03-01 18:00:00' WHERE customer_id = 1");
      }
      Files.writeString(products, Files.readString(products).replace("\n]", ",\n  {\"sku\": \"SKU-008\", \"name\": \"Desk mat\", "
          + "\"category\": \"home\", \"price\": 19.5, \"updated_at\": \"2026-03-01T12:00:00Z\"}\n]"));
      runner.run(config, Stage.slice(Stage.INGEST, Stage.QUALITY), LocalDate.of(2026, 3, 2));

      List<Row> results = TestingSpark.session().read().format("delta")
          .load(config.lake().layout().runLog(QualityResults.TABLE).uri()).collectAsList();
      int checks = config.quality().tables().stream().mapToInt(table -> table.checks().size()).sum();
      assertThat(results).hasSize(2 * checks);
      assertThat(results).allSatisfy(row -> assertThat(row.<String>getAs("status"))
          .as(row.getAs("run_date") + " " + row.getAs("table_name") + "." + row.getAs("check_name") + ": " + row.getAs("message"))
          .isEqualTo("PASS"));
      assertThat(results).filteredOn(row -> row.getAs("check_name").equals("known_customer") && row.getAs("run_date").toString().equals("2026-03-02"))
          .extracting(row -> row.<String>getAs("message"))
          .containsExactly("0 of 9 rows have a customer_key that dim_customer.dim_customer_key does not hold; 1 unknown member (-1) = 11.1% of rows,"
              + " allowed 20%");
      assertThat(out.toString()).contains(checks + " of " + checks + " checks passed");
    }
  }
}
