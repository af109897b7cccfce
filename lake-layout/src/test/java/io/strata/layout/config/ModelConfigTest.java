package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code model} section: defaults, explicit mapping, and every problem reported with its key. */
class ModelConfigTest {
  private static final String ENTITIES = """
      lake { root = "lake" }
      sources { files { type = file, entity = x, path = "/tmp/*.csv" } }
      entities {
        customers { source = files, key = [customer_id], columns { customer_id = bigint, name = string, city = string, segment = string, updated_at = timestamp } }
        sales { source = files, key = [order_id], columns { order_id = bigint, customer_id = bigint, order_ts = timestamp, quantity = int, unit_price = "decimal(10,2)" } }
      }
      """;

  @TempDir Path dir;

  private PipelineConfig load(String model) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, ENTITIES + model);
    return new PipelineConfigLoader(Map.of(), true).load(file);
  }

  private List<String> problems(String model) {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, () -> load(model));
    assertThat(thrown).as("expected a config failure").isNotNull();
    return thrown.problems().stream().map(problem -> problem.key() + ": " + problem.message()).toList();
  }

  @Test
  void appliesDefaults() throws IOException {
    ModelConfig model = load("""
        model {
          dimensions { dim_customer { source = customers, natural-key = customer_id, tracked = [city] } }
          facts { fact_sales { source = sales, grain = order_id, partition-by = order_ts, dates { order_date = order_ts },
            dimensions { customer { dimension = dim_customer, event-time = order_ts } } } }
        }
        """).model();

    DimensionConfig customer = model.dimensions().get("dim_customer");
    assertThat(customer).isEqualTo(new DimensionConfig("dim_customer", ModelSource.entity("customers"), List.of("customer_id"), 2,
        List.of("city"), List.of(), List.of(), Optional.empty(), false));
    assertThat(customer.keyColumn()).isEqualTo("dim_customer_key");
    assertThat(model.dateDimension()).hasValue(DateDimensionConfig.defaults());
    FactConfig sales = model.facts().get("fact_sales");
    assertThat(sales.dimensions()).containsExactly(
        new DimensionReference("customer", "dim_customer", List.of("customer_id"), Optional.of("order_ts")));
    assertThat(sales.dates()).containsExactly(new DateReference("order_date", "order_ts"));
    assertThat(sales.measures()).isEmpty();
  }

  @Test
  void emptyWhenAbsent() throws IOException {
    assertThat(load("").model()).isEqualTo(ModelConfig.empty());
    assertThat(ModelConfig.empty().isEmpty()).isTrue();
  }

  @Test
  void mapsEverySetting() throws IOException {
    PipelineConfig config = load("""
        model {
          dimensions {
            dim_customer {
              sql = "SELECT customer_id, city, segment, name, updated_at FROM customers"
              natural-key = [customer_id], scd-type = 2, tracked = [city, segment], type-1 = [name]
              change-time = updated_at, full-snapshot = true
            }
            dim_segment { source = customers, natural-key = [segment], scd-type = 1, columns = [city] }
          }
          dim-date { start = "2025-01-01", end = "2026-12-31", fiscal-year-start = 4 }
          facts {
            fact_sales {
              sql = "SELECT *, quantity * unit_price AS amount FROM sales"
              changed-by = [sales]
              grain = [order_id], measures = [quantity, unit_price, amount], degenerate = [order_id]
              dimensions { buyer { dimension = dim_customer, columns = [customer_id], event-time = order_ts } }
              dates { order_date = order_ts }
              partition-by = order_ts
            }
          }
        }
        """);
    ModelConfig model = config.model();

    assertThat(model.dimensions().get("dim_customer")).isEqualTo(new DimensionConfig("dim_customer",
        ModelSource.sql("SELECT customer_id, city, segment, name, updated_at FROM customers"), List.of("customer_id"), 2,
        List.of("city", "segment"), List.of("name"), List.of(), Optional.of("updated_at"), true));
    assertThat(model.dimensions().get("dim_segment")).isEqualTo(new DimensionConfig("dim_segment", ModelSource.entity("customers"),
        List.of("segment"), 1, List.of(), List.of(), List.of("city"), Optional.empty(), false));
    assertThat(model.dateDimension()).hasValue(new DateDimensionConfig(Optional.of(LocalDate.of(2025, 1, 1)),
        Optional.of(LocalDate.of(2026, 12, 31)), 4));
    assertThat(model.facts().get("fact_sales")).isEqualTo(new FactConfig("fact_sales",
        ModelSource.sql("SELECT *, quantity * unit_price AS amount FROM sales", List.of("sales")), List.of("order_id"),
        List.of("quantity", "unit_price", "amount"), List.of("order_id"),
        List.of(new DimensionReference("buyer", "dim_customer", List.of("customer_id"), Optional.of("order_ts"))),
        List.of(new DateReference("order_date", "order_ts")), "order_ts"));
    assertThat(config.describe()).contains("model.dimensions.dim_customer = scd-type 2 from sql, natural key [customer_id]",
        "model.dim-date = 2025-01-01..2026-12-31, fiscal year from month 4", "model.facts.fact_sales = from sql, grain [order_id]");
  }

  @Test
  void reportsEveryDimensionProblemWithItsKey() {
    assertThat(problems("""
        model.dimensions {
          dim_a { source = customer, natural-key = [customer_id], tracked = [city] }
          dim_b { source = customers, sql = "SELECT 1", natural-key = [customer_id], tracked = [city] }
          dim_c { source = customers, natural-key = [customer_id], tracked = [cty], type-1 = [name], change-time = updated }
          dim_d { source = customers, natural-key = [customer_id] }
          dim_e { source = customers, natural-key = [customer_id], scd-type = 1, tracked = [city] }
          dim_f { source = customers, natural-key = [customer_id], tracked = [city, customer_id], type-1 = [city], scd-type = 3 }
          dim_g { sql = "DELETE FROM customers", tracked = [x] }
          dim_h { source = customers, natural-key = [customer_id], scd-type = 1, full-snapshot = true }
          dim_i { source = customers, natural-key = [customer_id], tracked = [city], full-snapshot = true }
          dim_j { source = customers, changed-by = [customers], natural-key = [customer_id], tracked = [city] }
          dim_k { sql = "SELECT * FROM customers", changed-by = [customer], natural-key = [customer_id], tracked = [city] }
          dim_date { source = customers }
        }
        """)).containsExactly(
        "model.dimensions.dim_a.source: is 'customer', which is not a configured entity",
        "model.dimensions.dim_b.sql: is set together with model.dimensions.dim_b.source",
        "model.dimensions.dim_c.tracked: names 'cty', which entity customers does not have",
        "model.dimensions.dim_c.change-time: names 'updated', which entity customers does not have",
        "model.dimensions.dim_d.tracked: is required for scd-type = 2",
        "model.dimensions.dim_e.tracked: is for scd-type = 2 only",
        "model.dimensions.dim_f.scd-type: is 3, outside 1..2",
        "model.dimensions.dim_f.type-1: repeats tracked column(s) [city]",
        "model.dimensions.dim_f.natural-key: column(s) [customer_id] are also listed as attributes",
        "model.dimensions.dim_g.sql: is not a SELECT query",
        "model.dimensions.dim_g.natural-key: is required",
        "model.dimensions.dim_h.full-snapshot: is for scd-type = 2 only",
        "model.dimensions.dim_i.full-snapshot: needs entities.customers.full-snapshot = true: the dimension learns of deletes from the "
            + "entity's changes, and only a snapshot entity turns the keys its source dropped into deletes",
        "model.dimensions.dim_j.changed-by: is for sql sources",
        "model.dimensions.dim_k.changed-by: names 'customer', which is not a configured entity",
        "model.dimensions.dim_date: is generated by the engine");
  }

  @Test
  void reportsEveryFactProblemWithItsKey() {
    assertThat(problems("""
        model {
          dimensions { dim_customer { source = customers, natural-key = [customer_id], tracked = [city] } }
          dim-date { start = "2026-02-01", end = "2026-01-01", fiscal-year-start = 13 }
          facts {
            fact_sales {
              source = sales
              dimensions {
                customer { dimension = dim_custmer }
                buyer { dimension = dim_customer, columns = [customer_id, order_id] }
              }
              dates { order_date = order_day }
              grain = [order_id]
            }
            dim_customer { source = sales }
          }
        }
        """)).containsExactlyInAnyOrder(
        "model.dim-date.end: is 2026-01-01, before model.dim-date.start 2026-02-01",
        "model.dim-date.fiscal-year-start: is 13, outside 1..12",
        "model.facts.fact_sales.partition-by: is required but not set in section model.facts.fact_sales",
        "model.facts.fact_sales.dimensions.customer.dimension: is 'dim_custmer', which is not a dimension under model.dimensions",
        "model.facts.fact_sales.dimensions.buyer.columns: has 2 column(s) but dim_customer has natural key [customer_id]",
        "model.facts.fact_sales.dimensions.buyer.event-time: is required: dim_customer is scd-type = 2",
        "model.facts.fact_sales.dates.order_date: names 'order_day', which entity sales does not have",
        "model.facts.dim_customer: is also the name of a dimension");
  }

  @Test
  void theDemoModelLoads() {
    PipelineConfig demo = new PipelineConfigLoader(Map.of(), false).load(Path.of("../conf/demo.conf"));

    assertThat(demo.model().dimensions()).containsOnlyKeys("dim_customer", "dim_product", "dim_store");
    assertThat(demo.model().dimensions().get("dim_store").scdType()).isEqualTo(1);
    assertThat(demo.model().facts().get("fact_sales").dimensions()).extracting(DimensionReference::keyColumn)
        .containsExactly("customer_key", "product_key", "store_key");
    assertThat(demo.model().dateDimension()).hasValue(DateDimensionConfig.defaults());
  }

  @Test
  void suggestsTheNearestDimension() {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, () -> load("""
        model {
          dimensions { dim_customer { source = customers, natural-key = [customer_id], scd-type = 1 } }
          facts { fact_sales { source = sales, grain = [order_id], partition-by = order_ts, dimensions { c { dimension = dim_custmer } } } }
        }
        """));
    assertThat(thrown.getMessage()).contains("model.facts.fact_sales.dimensions.c.dimension: is 'dim_custmer'", "did you mean 'dim_customer'?");
  }
}
