package io.strata.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.ingest.IngestJob;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;

/**
 * conf/demo.conf end to end through ingest, process and model: one source of each kind (files,
 * a PostgreSQL table, a paginated API) into the raw layer, the demo entities into Delta with
 * their PII masked, and the retail star with SCD2 history, across two run dates.
 */
class DemoPipelineIT {
  @TempDir Path dir;

  @Test
  void ingestsEverySourceOfTheDemoAcrossTwoRunDates() throws Exception {
    Path project = ScriptRun.projectDir();
    TestingPostgres postgres = TestingPostgres.shared();
    String shopUrl = postgres.createDatabase("demo_shop");
    try (Connection connection = postgres.connect("demo_shop"); Statement statement = connection.createStatement()) {
      statement.execute(Files.readString(project.resolve("demo/data/customers.sql")));
    }
    Path products = Files.copy(project.resolve("demo/data/products.json"), dir.resolve("products.json"));
    Path orders = Files.createDirectories(dir.resolve("orders"));
    Files.copy(project.resolve("demo/data/orders/orders-2026-03-01.csv"), orders.resolve("orders-2026-03-01.csv"));

    try (DemoCatalogServer catalog = DemoCatalogServer.start(0, products)) {
      PipelineConfig config = new PipelineConfigLoader(Map.of(
          "STRATA_LAKE_ROOT", dir.resolve("lake").toString(),
          "STRATA_DEMO_ORDERS_PATH", orders + "/*.csv",
          "STRATA_DEMO_SHOP_DB_URL", shopUrl,
          "STRATA_DEMO_CATALOG_URL", catalog.url(),
          "STRATA_DEMO_STORES_PATH", project.resolve("demo/data/stores.csv").toString(),
          "STRATA_DEMO_PII_KEY", "demo-test-key"), true).load(project.resolve("conf/demo.conf"));
      Files.createDirectories(dir.resolve("lake"));

      List<StageResult> first = ingest(config, LocalDate.of(2026, 3, 1), "day1");

      assertThat(first).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten, StageResult::rowsQuarantined)
          .containsExactly(tuple("orders_files", 6L, 5L, 1L), tuple("stores_files", 3L, 3L, 0L), tuple("shop_db", 6L, 6L, 0L),
              tuple("catalog_api", 7L, 7L, 0L));
      List<StageResult> processed = process(config, LocalDate.of(2026, 3, 1), "day1");
      assertThat(processed).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten)
          .containsExactly(tuple("customers", 6L, 6L), tuple("products", 7L, 7L), tuple("stores", 3L, 3L), tuple("sales", 5L, 5L));
      List<Row> customers = TestingSpark.session().read().format("delta").load(config.lake().layout().processed("customers").uri())
          .orderBy("customer_id").collectAsList();
      assertThat(customers.get(0).<String>getAs("name")).isEqualTo("A** ********");
      assertThat(customers.get(0).<String>getAs("phone")).isEqualTo("+** ** **** 0001");
      assertThat(customers.get(0).<String>getAs("email")).isNotEqualTo("ada@example.com").endsWith(".com").contains("@");
      assertThat(customers.get(0).<String>getAs("card_number")).isNotEqualTo("4111 1111 1111 1111").matches("\\d{4} \\d{4} \\d{4} \\d{4}");
      List<Row> sales = TestingSpark.session().read().format("delta").load(config.lake().layout().processed("sales").uri())
          .orderBy("order_id").collectAsList();
      assertThat(sales.get(0).<String>getAs("card_number")).isEqualTo(customers.get(0).getAs("card_number"));
      model(config, LocalDate.of(2026, 3, 1), "day1");

      Files.copy(project.resolve("demo/data/orders/orders-2026-03-02.csv"), orders.resolve("orders-2026-03-02.csv"));
      try (Connection connection = postgres.connect("demo_shop"); Statement statement = connection.createStatement()) {
        statement.execute("UPDATE customers SET city = 'Cambridge', updated_at = '2026-03-01 18:00:00' WHERE customer_id = 1");
      }
      Files.writeString(products, Files.readString(products).replace("\n]", ",\n  {\"sku\": \"SKU-008\", \"name\": \"Desk mat\", "
          + "\"category\": \"home\", \"price\": 19.5, \"updated_at\": \"2026-03-01T12:00:00Z\"}\n]"));

      List<StageResult> second = ingest(config, LocalDate.of(2026, 3, 2), "day2");

      assertThat(second).extracting(StageResult::target, StageResult::rowsWritten)
          .containsExactly(tuple("orders_files", 4L), tuple("stores_files", 0L), tuple("shop_db", 1L), tuple("catalog_api", 1L));
      assertThat(process(config, LocalDate.of(2026, 3, 2), "day2"))
          .extracting(StageResult::target, StageResult::rowsWritten)
          .containsExactly(tuple("customers", 1L), tuple("products", 1L), tuple("stores", 0L), tuple("sales", 4L));
      model(config, LocalDate.of(2026, 3, 2), "day2");
      List<Row> ada = TestingSpark.session().read().format("delta").load(config.lake().layout().curated("dim_customer").uri())
          .filter("customer_id = 1").orderBy("version").collectAsList();
      assertThat(ada).extracting(row -> row.getAs("city"), row -> row.getAs("is_current"))
          .containsExactly(tuple("London", false), tuple("Cambridge", true));
      Map<Long, Long> customerKeyByOrder = new java.util.HashMap<>();
      TestingSpark.session().read().format("delta").load(config.lake().layout().curated("fact_sales").uri()).collectAsList()
          .forEach(row -> customerKeyByOrder.put(row.getAs("order_id"), row.getAs("customer_key")));
      assertThat(customerKeyByOrder).hasSize(9);
      // A sale before Ada's move points to the old version, one after it to the new one.
      assertThat(customerKeyByOrder.get(1001L)).isEqualTo(ada.get(0).<Long>getAs("dim_customer_key"));
      assertThat(customerKeyByOrder.get(1007L)).isEqualTo(ada.get(1).<Long>getAs("dim_customer_key"));
      assertThat(customerKeyByOrder.get(1009L)).as("customer 7 does not exist").isEqualTo(-1L);
      assertThat(TestingSpark.session().read().parquet(config.lake().layout().rawEntity("shop_db", "customers").uri())
          .filter("batch_id = 'day2'").collectAsList())
          .extracting(row -> row.getAs("customer_id"), row -> row.getAs("city")).containsExactly(tuple(1L, "Cambridge"));
      assertThat(TestingSpark.session().read().parquet(config.lake().layout().rawEntity("catalog_api", "products").uri())
          .filter("batch_id = 'day2'").collectAsList())
          .extracting(row -> row.getAs("sku")).containsExactly("SKU-008");
    }
  }

  private static List<StageResult> model(PipelineConfig config, LocalDate runDate, String runId) {
    return new io.strata.jobs.model.ModelJob().run(new StageContext(config, TestingSpark.session(), runDate, runId, line -> { }));
  }

  private static List<StageResult> process(PipelineConfig config, LocalDate runDate, String runId) {
    return new io.strata.jobs.process.ProcessJob(Optional.empty(), io.strata.jobs.process.StandardPiiPolicy::of)
        .run(new StageContext(config, TestingSpark.session(), runDate, runId, line -> { }));
  }

  private static List<StageResult> ingest(PipelineConfig config, LocalDate runDate, String runId) {
    List<String> progress = new ArrayList<>();
    return new IngestJob(Optional.empty(), IngestJob.standardReaders())
        .run(new StageContext(config, TestingSpark.session(), runDate, runId, progress::add));
  }
}
