package io.strata.jobs.quality;

import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * A small retail pipeline in a local lake: hand-built processed and curated Delta tables, and a
 * {@code quality} section given by each test, loaded through the real config loader.
 */
final class QualityTesting {
  static final String PIPELINE = """
      name = shop
      lake.root = lake
      sources.files { type = file, entity = customers, path = "in/*.csv" }
      entities.customers { source = files, key = [customer_id],
        columns { customer_id = bigint, email = string, segment = string, updated_at = timestamp } }
      model {
        dimensions { dim_customer { source = customers, natural-key = [customer_id], scd-type = 1, columns = [segment] } }
        facts { fact_sales { sql = "SELECT * FROM sales", grain = [order_id], measures = [quantity, amount], partition-by = order_ts,
          dates { order_date = order_ts }, dimensions { customer { dimension = dim_customer, columns = [customer_id] } } } }
      }
      """;

  final Path dir;
  final PipelineConfig config;
  final List<String> progress = new ArrayList<>();

  QualityTesting(Path dir, String quality) throws IOException {
    this.dir = dir;
    Files.createDirectories(dir.resolve("lake"));
    Path file = Files.writeString(dir.resolve("shop.conf"), PIPELINE + quality);
    this.config = new PipelineConfigLoader(Map.of(), true).load(file);
  }

  Path configFile() {
    return dir.resolve("shop.conf");
  }

  /** The retail tables: a fact with a duplicate, a null key, an orphan key, the unknown member and quantities out of range. */
  QualityTesting withRetailTables() {
    curated("fact_sales", "SELECT customer_key, order_date_key, order_id, quantity, CAST(amount AS DECIMAL(10,2)) AS amount,"
        + " DATE(partition_date) AS partition_date FROM VALUES"
        + " (1L, 20260301, 1L, 2, 9.0, '2026-03-01'), (2L, 20260301, 2L, 1, 89.0, '2026-03-01'), (-1L, 20260301, 3L, 4, 48.0, '2026-03-01'),"
        + " (99L, 20260301, 4L, 0, 0.0, '2026-03-01'), (CAST(NULL AS BIGINT), 20260301, 4L, 2000, 10.0, '2026-03-01')"
        + " AS t(customer_key, order_date_key, order_id, quantity, amount, partition_date)");
    curated("dim_customer", "SELECT * FROM VALUES (-1L, CAST(NULL AS BIGINT), CAST(NULL AS STRING)), (1L, 1L, 'retail'), (2L, 2L, 'vip')"
        + " AS t(dim_customer_key, customer_id, segment)");
    write(config.lake().layout().processed("customers").uri(), "SELECT customer_id, email, segment, TIMESTAMP(updated_at) AS updated_at"
        + " FROM VALUES (1L, 'ada@example.com', 'retail', '2026-03-01 10:00:00'), (2L, 'not-an-email', 'vip', '2026-02-28 08:00:00'),"
        + " (3L, CAST(NULL AS STRING), 'retail', '2026-02-27 08:00:00') AS t(customer_id, email, segment, updated_at)");
    return this;
  }

  void curated(String table, String query) {
    write(config.lake().layout().curated(table).uri(), query);
  }

  private static void write(String location, String query) {
    TestingSpark.session().sql(query).write().format("delta").mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(location);
  }

  List<StageResult> run(LocalDate runDate, String runId) {
    return new QualityJob().run(new StageContext(config, TestingSpark.session(), runDate, runId, progress::add));
  }

  /** The results of one run, ordered as the checks ran. */
  List<Row> results(String runId) {
    return TestingSpark.session().read().format("delta").load(config.lake().layout().runLog(QualityResults.TABLE).uri())
        .filter("run_id = '" + runId + "'").collectAsList();
  }

  static Row result(List<Row> results, String table, String check) {
    return results.stream().filter(row -> row.getAs("table_name").equals(table) && row.getAs("check_name").equals(check)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + table + "." + check));
  }
}
