package io.strata.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aggregates through the path a user takes, CSV files to the curated star and its marts by the
 * CLI: on day 2 only the groups that the day's changes touch are recomputed (a re-dated order
 * leaves its old month, a late-arriving member takes its rows out of the unknown group, a type-1
 * rename moves a member's groups without any fact change), history and restated SCD2 semantics
 * both give what a query over the star gives, the reconciliation check passes, and a re-run
 * writes no table version.
 */
class AggregatePipelineIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final String AGGREGATES = """
        aggregates {
          agg_city_month {
            fact = fact_orders
            grain = [order_date.year, order_date.month, customer.city]
            measures {
              revenue = "sum(amount)"
              orders = "count(*)"
              avg_amount = "avg(amount)"
              buyers = "count-distinct(customer.customer_id)"
            }
          }
          agg_name {
            fact = fact_orders, grain = [customer.name]
            measures {
              revenue = "sum(amount)"
              orders = "count(*)"
            }
          }
          agg_city_now {
            fact = fact_orders, scd2 = restated, grain = [dim_customer.city]
            measures {
              revenue = "sum(amount)"
              orders = "count(*)"
              largest = "max(amount)"
            }
          }
          agg_days { sql = "SELECT order_date_key, count(*) AS orders FROM fact_orders GROUP BY order_date_key" }
        }
      """;
  private static final String QUALITY = """
      quality { tables {
        agg_city_month { totals { type = reconciliation }, has_groups { type = row-count, min = 1 } }
        agg_city_now { totals { type = reconciliation } }
      } }
      """;

  @TempDir Path dir;

  @Test
  void dayTwoRecomputesOnlyTouchedGroupsAndEveryAggregateEqualsAQueryOverTheStar() throws Exception {
    ShopPipeline shop = new ShopPipeline(dir, ShopPipeline.CONFIG.replace("\nmodel {\n", "\nmodel {\n" + AGGREGATES) + QUALITY)
        .customers(DAY1, "1,Ada,London,2026-01-01 00:00:00", "2,Bob,Paris,2026-01-01 00:00:00", "3,Cy,Rome,2026-01-01 00:00:00")
        .orders(DAY1, "10,1,2026-02-20 10:00:00,5.00,2026-02-20 10:00:00", "11,2,2026-03-01 09:00:00,7.00,2026-03-01 09:00:00",
            "12,9,2026-03-01 11:00:00,3.00,2026-03-01 11:00:00", "13,3,2026-02-25 08:00:00,4.00,2026-02-25 08:00:00");
    shop.runTo(DAY1, "quality");
    assertThat(shop.output).contains("aggregate agg_city_month (over fact_orders): full rebuild (first build)")
        .contains("aggregate agg_days (sql): full rebuild (a sql aggregate is recomputed whole)");
    assertThat(shop.rows("agg_city_month", "year", "month", "city", "revenue", "orders", "avg_amount_sum", "avg_amount_count", "buyers"))
        .containsExactly("2026|2|London|5.00|1|5.00|1|1", "2026|2|Rome|4.00|1|4.00|1|1", "2026|3|Paris|7.00|1|7.00|1|1",
            "2026|3|null|3.00|1|3.00|1|0");
    assertEqualsStar(shop);

    // Day 2: Ada moves to Cambridge, Bob leaves, Cy is renamed Cyrus (type 1), Dee (customer 9) arrives late;
    // order 14 is new and order 11 moves from 1 March to 27 February.
    shop.customers(DAY2, "1,Ada,Cambridge,2026-03-02 08:00:00", "3,Cyrus,Rome,2026-01-01 00:00:00", "9,Dee,Oslo,2026-02-01 00:00:00")
        .orders(DAY2, "14,1,2026-03-02 12:00:00,9.00,2026-03-02 12:00:00", "11,2,2026-02-27 09:00:00,7.00,2026-03-02 00:00:00");
    shop.runTo(DAY2, "quality");

    assertThat(shop.output).contains("aggregate agg_city_month (over fact_orders): changes since the last build ...")
        .contains("aggregate agg_city_month (over fact_orders): ").contains(" group(s) to recompute (3 changed partition(s)")
        .doesNotContain("agg_city_month (over fact_orders): full rebuild");
    assertThat(shop.rows("agg_city_month", "year", "month", "city", "revenue", "orders", "avg_amount", "buyers")).containsExactly(
        "2026|2|London|5.00|1|5.000000|1", "2026|2|Paris|7.00|1|7.000000|1", "2026|2|Rome|4.00|1|4.000000|1",
        "2026|3|Cambridge|9.00|1|9.000000|1", "2026|3|Oslo|3.00|1|3.000000|1");
    // Cy's only order sits in a partition nothing changed: the rename reaches the aggregate through the dimension.
    assertThat(shop.rows("agg_name", "name", "revenue", "orders")).containsExactly(
        "Ada|14.00|2", "Bob|7.00|1", "Cyrus|4.00|1", "Dee|3.00|1");
    // Restated: every order of Ada counts under her latest city; Bob, deleted, under his last one.
    assertThat(shop.rows("agg_city_now", "city", "revenue", "orders", "largest")).containsExactly(
        "Cambridge|14.00|2|9.00", "Oslo|3.00|1|3.00", "Paris|7.00|1|7.00", "Rome|4.00|1|4.00");
    assertEqualsStar(shop);
    assertThat(shop.output).contains("3 of 3 checks passed");

    long[] versions = versions(shop);
    shop.runTo(DAY2, "quality");

    assertThat(versions(shop)).as("aggregate versions after re-running day 2").containsExactly(versions);
    assertThat(shop.output).contains("aggregate agg_city_month: unchanged: its fact and dimensions did not change")
        .contains("aggregate agg_days: unchanged");

    // A changed definition (restated becomes history) rebuilds that aggregate whole; --full-refresh names one.
    java.nio.file.Files.writeString(shop.config, java.nio.file.Files.readString(shop.config).replace("scd2 = restated", "scd2 = history"));
    shop.runTo(DAY2, "model", "--full-refresh=agg_city_month");
    assertThat(shop.output).contains("aggregate agg_city_month (over fact_orders): full rebuild (--full-refresh)")
        .contains("aggregate agg_city_month: unchanged")
        .contains("aggregate agg_city_now (over fact_orders): full rebuild (its definition changed)")
        .contains("aggregate agg_name: unchanged: its fact and dimensions did not change");
    assertThat(shop.rows("agg_city_now", "city", "revenue", "orders", "largest")).containsExactly(
        "Cambridge|9.00|1|9.00", "London|5.00|1|5.00", "Oslo|3.00|1|3.00", "Paris|7.00|1|7.00", "Rome|4.00|1|4.00");
    assertThat(shop.version("curated", "agg_city_month")).isEqualTo(versions[0]);
  }

  /** Each aggregate as a GROUP BY over the curated star computes it, whole. */
  private static void assertEqualsStar(ShopPipeline shop) {
    SparkSession spark = TestingSpark.session();
    for (String table : List.of("fact_orders", "dim_customer", "dim_date", "agg_city_month", "agg_name", "agg_city_now", "agg_days")) {
      shop.curated(table).createOrReplaceTempView("t_" + table);
    }
    assertSame(spark.table("t_agg_city_month").select("year", "month", "city", "revenue", "orders", "avg_amount_sum", "avg_amount_count",
        "buyers"), spark.sql("""
        SELECT d.year, d.month, c.city, sum(f.amount), count(*), sum(f.amount), count(f.amount), count(DISTINCT c.customer_id)
        FROM t_fact_orders f LEFT JOIN t_dim_customer c ON c.dim_customer_key = f.customer_key
        LEFT JOIN t_dim_date d ON d.date_key = f.order_date_key GROUP BY d.year, d.month, c.city"""));
    assertSame(spark.table("t_agg_name"), spark.sql("""
        SELECT c.name, sum(f.amount), count(*) FROM t_fact_orders f LEFT JOIN t_dim_customer c ON c.dim_customer_key = f.customer_key
        GROUP BY c.name"""));
    assertSame(spark.table("t_agg_city_now"), spark.sql("""
        SELECT CASE WHEN l.customer_id IS NULL THEN c.city ELSE l.city END AS city, sum(f.amount), count(*), max(f.amount)
        FROM t_fact_orders f LEFT JOIN t_dim_customer c ON c.dim_customer_key = f.customer_key
        LEFT JOIN (SELECT customer_id, city FROM (SELECT customer_id, city, row_number() OVER (PARTITION BY customer_id
          ORDER BY effective_from DESC) AS n FROM t_dim_customer WHERE dim_customer_key <> -1) WHERE n = 1) l
          ON l.customer_id = c.customer_id
        GROUP BY 1"""));
    assertSame(spark.table("t_agg_days"), spark.sql("SELECT order_date_key, count(*) FROM t_fact_orders GROUP BY order_date_key"));
  }

  private static void assertSame(Dataset<Row> actual, Dataset<Row> expected) {
    List<String> columns = List.of(actual.columns());
    assertThat(ShopPipeline.rows(actual, actual.columns())).as("rows of " + columns)
        .isEqualTo(ShopPipeline.rows(expected.toDF(actual.columns()), actual.columns()));
  }

  private static long[] versions(ShopPipeline shop) {
    return new long[] {shop.version("curated", "agg_city_month"), shop.version("curated", "agg_name"),
        shop.version("curated", "agg_city_now"), shop.version("curated", "agg_days"), shop.version("curated", "fact_orders")};
  }
}
