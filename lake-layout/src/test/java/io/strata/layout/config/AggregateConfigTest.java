package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code model.aggregates}: grain and measures resolved against the fact's references, SQL aggregates, and every mistake named. */
class AggregateConfigTest {
  private static final String STAR = """
      lake { root = "lake" }
      sources { files { type = file, entity = x, path = "/tmp/*.csv" } }
      entities {
        customers { source = files, key = [customer_id], columns { customer_id = bigint, segment = string, updated_at = timestamp } }
        sales { source = files, key = [order_id], columns { order_id = bigint, customer_id = bigint, order_ts = timestamp, ship_ts = timestamp, amount = "decimal(10,2)" } }
      }
      model {
        dimensions { dim_customer { source = customers, natural-key = customer_id, tracked = [segment] } }
        facts { fact_sales { source = sales, grain = order_id, measures = [amount], partition-by = order_ts, dates { order_date = order_ts }
          dimensions { customer { dimension = dim_customer, event-time = order_ts } } } }
        aggregates {
      """;

  @TempDir Path dir;

  private PipelineConfig load(String aggregates) throws IOException {
    return load(aggregates, "");
  }

  private PipelineConfig load(String aggregates, String quality) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, STAR + aggregates + "\n  }\n}\n" + quality);
    return new PipelineConfigLoader(Map.of(), true).load(file);
  }

  private List<String> problems(String aggregates) {
    return problems(aggregates, "");
  }

  private List<String> problems(String aggregates, String quality) {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, () -> load(aggregates, quality));
    assertThat(thrown).as("expected a config failure").isNotNull();
    return thrown.problems().stream().map(problem -> problem.key() + ": " + problem.message() + " | " + problem.fix()).toList();
  }

  @Test
  void resolvesGrainAndMeasuresThroughTheFactsReferences() throws IOException {
    PipelineConfig config = load("""
        agg_sales { fact = fact_sales, scd2 = restated
          grain = [dim_date.year, order_date.month, customer.segment as customer_segment]
          measures {
            revenue = "sum(amount)"
            lines = "count(*)"
            buyers = "count-distinct(dim_customer.customer_id)"
            avg_amount = "avg(amount)"
          } }
        """, "quality { tables { agg_sales { totals { type = reconciliation }, lines_positive { type = range, column = lines, min = 1 } } } }");

    AggregateConfig aggregate = config.model().aggregates().get("agg_sales");
    assertThat(aggregate.fact()).hasValue("fact_sales");
    assertThat(aggregate.versions()).isEqualTo(AggregateConfig.Versions.RESTATED);
    assertThat(aggregate.grain()).containsExactly(
        new AggregateConfig.Grain(new AggregateColumn("dim_date", Optional.of("order_date"), "year"), "year"),
        new AggregateConfig.Grain(new AggregateColumn("dim_date", Optional.of("order_date"), "month"), "month"),
        new AggregateConfig.Grain(new AggregateColumn("dim_customer", Optional.of("customer"), "segment"), "customer_segment"));
    assertThat(aggregate.measures()).extracting(AggregateMeasure::describe)
        .containsExactly("sum(amount)", "count(*)", "count-distinct(customer.customer_id)", "avg(amount)");
    assertThat(aggregate.outputColumns()).containsExactly("year", "month", "customer_segment", "revenue", "lines", "buyers",
        "avg_amount_sum", "avg_amount_count", "avg_amount");
    assertThat(config.model().curatedTables()).containsExactly("dim_customer", "dim_date", "fact_sales", "agg_sales");
    assertThat(ExportConfig.defaults().tablesOf(config.model())).contains("agg_sales");
  }

  @Test
  void sqlAggregatesAreRebuiltFromTheirQueryAndDefaultToHistory() throws IOException {
    PipelineConfig config = load("""
        agg_by_day { sql = "SELECT order_date_key, count(*) AS lines FROM fact_sales GROUP BY order_date_key" }
        """);
    AggregateConfig aggregate = config.model().aggregates().get("agg_by_day");
    assertThat(aggregate.sql()).isPresent();
    assertThat(aggregate.fact()).isEmpty();
    assertThat(aggregate.versions()).isEqualTo(AggregateConfig.Versions.HISTORY);
  }

  @Test
  void namesEveryMistakeWithItsKeyAndFix() {
    assertThat(problems("""
        agg_sales { fact = fact_sale, grain = [customer.segment], measures { n = "count(*)" } }
        """)).containsExactly("model.aggregates.agg_sales.fact: is 'fact_sale', which is not a fact under model.facts | did you mean 'fact_sales'?");

    assertThat(problems("""
        agg_sales { fact = fact_sales, grain = [store.country, customer.segmnt, order_date.month, order_date.month]
          measures { revenue = "total(amount)", lines = "sum(*)", month = "count(*)", x = "max(nope)" } }
        """)).containsExactly(
            "model.aggregates.agg_sales.grain: names store.country, but store is not a reference of fact_sales | qualify the column with one"
                + " of fact_sales's references: customer, order_date, or name a column of the fact without a qualifier",
            "model.aggregates.agg_sales.grain: names customer.segmnt, but dim_customer has no column segmnt | did you mean 'segment'?",
            "model.aggregates.agg_sales.grain: names the column month twice | rename one: order_date.month as <another name>",
            "model.aggregates.agg_sales.measures.lines: is 'sum(*)': only count takes * | name the column, e.g. sum(amount)",
            "model.aggregates.agg_sales.measures.month: makes the column month, which the aggregate already has | give the measure another name",
            "model.aggregates.agg_sales.measures.revenue: is 'total(amount)', not <function>(<column>) | use one of sum, count, count-distinct,"
                + " min, max, avg, e.g. \"sum(amount)\" or \"count(*)\"",
            "model.aggregates.agg_sales.measures.x: names nope, but fact_sales has no column nope | fact_sales has: customer_key, order_date_key,"
                + " order_id, amount, partition_date");

    assertThat(problems("""
        fact_sales { sql = "SELECT 1" }
        """)).contains("model.aggregates.fact_sales: is also the name of a dimension or fact | give the aggregate its own table name,"
            + " e.g. agg_fact_sales");

    assertThat(problems("""
        agg_segments { fact = fact_sales, grain = [order_date.month], measures { segments = "count-distinct(customer.segment)", top = "max(amount)" } }
        """, "quality { tables { agg_segments { totals { type = reconciliation } } } }")).containsExactly(
            "quality.tables.agg_segments.totals.type: reconciliation compares totals of sum, count and avg measures over the fact's columns,"
                + " and agg_segments has none | add e.g. lines = \"count(*)\" to its measures");

    assertThat(problems("""
        agg_sql { sql = "SELECT 1 AS n", scd2 = restated }
        """)).containsExactly(
            "model.aggregates.agg_sql.scd2: does not go with sql | declare the aggregate either as sql = \"SELECT ...\" or as fact, grain and measures");

    assertThat(problems("""
        agg_sql { sql = "SELECT 1 AS n", grain = [customer.segment] }
        """, "quality { tables { agg_sql { totals { type = reconciliation } } } }")).containsExactly(
            "model.aggregates.agg_sql.grain: does not go with sql | declare the aggregate either as sql = \"SELECT ...\" or as fact, grain and measures",
            "quality.tables.agg_sql.totals.type: reconciliation needs an aggregate's fact and measures, and agg_sql is declared as sql"
                + " | declare it with fact, grain and measures, or check it with type = sql");
  }
}
