package io.strata.jobs.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DateReference;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.DimensionReference;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import io.strata.layout.config.ModelSource;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A whole model on {@code s3a://}: a SQL-defined SCD2 dimension, a fact from SQL with a computed
 * measure, point-in-time keys, the unknown member, dim_date from the facts' dates, an idempotent re-run.
 */
class ModelFactIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final String[] FACT_COLUMNS = {"order_id", "customer_key", "order_date_key", "quantity", "unit_price", "amount",
      "partition_date"};

  private static ModelTesting model() {
    return model("id");
  }

  /**
   * With the sales entity keyed on {@code salesKey}: keyed on {@code order_id}, the fact's grain, its
   * source is unique on the grain by construction and the build does not group by it (GrainProof).
   */
  private static ModelTesting model(String salesKey) {
    DimensionConfig customer = new DimensionConfig("dim_customer",
        ModelSource.sql("SELECT customer_id, upper(city) AS city, updated_at FROM customers"), List.of("customer_id"), 2,
        List.of("city"), List.of(), List.of(), Optional.of("updated_at"), false);
    FactConfig sales = new FactConfig("fact_sales",
        ModelSource.sql("SELECT order_id, customer_id, order_ts, quantity, unit_price, quantity * unit_price AS amount FROM sales"),
        List.of("order_id"), List.of("quantity", "unit_price", "amount"), List.of(),
        List.of(new DimensionReference("customer", "dim_customer", List.of("customer_id"), Optional.of("order_ts"))),
        List.of(new DateReference("order_date", "order_ts")), "order_ts");
    String root = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/model-" + UUID.randomUUID();
    Map<String, List<String>> keys = new java.util.LinkedHashMap<>();
    keys.put("customers", List.of("id"));
    keys.put("sales", List.of(salesKey));
    return new ModelTesting(root, new ModelConfig(Map.of("dim_customer", customer), Optional.of(DateDimensionConfig.defaults()),
        Map.of("fact_sales", sales)), keys);
  }

  private static String customers(String... rows) {
    return "SELECT * FROM VALUES " + String.join(", ", rows) + " AS t(customer_id, city, updated_at)";
  }

  private static String sales(String... rows) {
    return "SELECT order_id, customer_id, TIMESTAMP(order_ts) AS order_ts, quantity, CAST(unit_price AS DECIMAL(10,2)) AS unit_price"
        + " FROM VALUES " + String.join(", ", rows) + " AS t(order_id, customer_id, order_ts, quantity, unit_price)";
  }

  @ParameterizedTest(name = "sales keyed on {0}")
  @ValueSource(strings = {"id", "order_id"})
  void factsGetTheVersionValidAtTheirEventTimeTheUnknownMemberAndDateKeysAndReRunIdempotently(String salesKey) {
    ModelTesting model = model(salesKey);
    model.processed("customers", customers("(1L, 'Paris', TIMESTAMP'2026-03-01 00:00:00')", "(2L, 'Rome', TIMESTAMP'2026-03-01 00:00:00')"));
    model.processed("sales", sales("(100L, 1L, '2026-03-01 12:00:00', 2, 5.00)"));
    model.run(DAY1);
    // Statistics of the columns a query filters on, not of the measures.
    String factTable = model.config().lake().layout().curated("fact_sales").uri();
    assertThat(io.delta.tables.DeltaTable.forPath(TestingSpark.session(), factTable).detail().select("properties").head().<String, String>getJavaMap(0))
        .containsEntry("delta.dataSkippingStatsColumns", "`customer_key`,`order_date_key`,`order_id`");
    assertThat(TestingSpark.session().read().json(factTable + "/_delta_log/00000000000000000000.json").filter("add IS NOT NULL")
        .select("add.stats").as(org.apache.spark.sql.Encoders.STRING()).collectAsList())
        .isNotEmpty().allSatisfy(stats -> assertThat(stats).contains("\"customer_key\"", "\"order_id\"").doesNotContain("\"amount\""));
    model.processed("customers", customers("(1L, 'Lyon', TIMESTAMP'2026-03-02 10:00:00')", "(2L, 'Rome', TIMESTAMP'2026-03-01 00:00:00')"));
    model.processed("sales", sales("(100L, 1L, '2026-03-01 12:00:00', 2, 5.00)", "(101L, 1L, '2026-03-03 09:00:00', 1, 3.50)",
        "(102L, 99L, '2026-03-03 10:00:00', 1, 1.00)", "(103L, 2L, '2026-03-03 11:00:00', 3, 2.00)"));

    List<StageResult> results = model.run(DAY2);

    assertThat(model.rows("dim_customer", "dim_customer_key", "customer_id", "city", "is_current")).containsExactly(
        "-1|null|null|true", "1|1|PARIS|false", "2|2|ROME|true", "3|1|LYON|true");
    List<String> expected = List.of(
        "100|1|20260301|2|5.00|10.00|2026-03-01",
        "101|3|20260303|1|3.50|3.50|2026-03-03",
        "102|-1|20260303|1|1.00|1.00|2026-03-03",
        "103|2|20260303|3|2.00|6.00|2026-03-03");
    assertThat(model.rows("fact_sales", FACT_COLUMNS)).isEqualTo(expected);
    StageResult fact = results.stream().filter(result -> result.target().equals("fact_sales")).findFirst().orElseThrow();
    assertThat(fact.metrics()).containsEntry("unknown_customer", 1L).containsEntry("partitions", 2L);
    assertThat(fact.events()).containsExactly(
        "full rebuild: sql source without changed-by: read whole (name the entities that drive it in changed-by to build it incrementally)",
        "1 row(s) reference an unknown customer (key -1)");
    assertThat(model.rows("dim_date", "date_key")).containsExactly("-1", "20260301", "20260302", "20260303");

    model.run(DAY2);

    assertThat(model.rows("fact_sales", FACT_COLUMNS)).isEqualTo(expected);
    assertThat(model.rows("dim_customer", "dim_customer_key", "customer_id", "city", "is_current")).containsExactly(
        "-1|null|null|true", "1|1|PARIS|false", "2|2|ROME|true", "3|1|LYON|true");
  }

  @Test
  void grainDuplicatesFailTheStageWithExamples() {
    failsOnDayOneWith(model(), sales("(100L, 1L, '2026-03-01 12:00:00', 2, 5.00)", "(100L, 1L, '2026-03-01 13:00:00', 1, 5.00)"),
        "model.facts.fact_sales.grain: rows are not unique on [order_id]; examples (grain values, rows): [100,2]. "
            + "Fix: add the missing column to grain, or deduplicate the source");
  }

  @ParameterizedTest(name = "sales keyed on {0}")
  @ValueSource(strings = {"id", "order_id"})
  void rowsWithoutAPartitionValueFailTheStageBeforeAnythingIsWritten(String salesKey) {
    ModelTesting model = failsOnDayOneWith(model(salesKey), sales("(100L, 1L, '2026-03-01 12:00:00', 2, 5.00)", "(101L, 1L, NULL, 1, 5.00)"),
        "model.facts.fact_sales.partition-by: 1 row(s) have no order_ts, so they belong to no partition. "
            + "Fix: partition by a column that is always set");
    assertThat(io.delta.tables.DeltaTable.isDeltaTable(TestingSpark.session(), model.config().lake().layout().curated("fact_sales").uri()))
        .as("no fact table written").isFalse();
  }

  /** {@code model} on day 1, with one customer and {@code sales}, fails the model stage with {@code message}; returns the model. */
  private static ModelTesting failsOnDayOneWith(ModelTesting model, String sales, String message) {
    model.processed("customers", customers("(1L, 'Paris', TIMESTAMP'2026-03-01 00:00:00')"));
    model.processed("sales", sales);
    assertThatThrownBy(() -> model.run(DAY1)).isInstanceOf(StrataException.class).hasMessage(message);
    return model;
  }
}
