package io.strata.jobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog through the command line: after {@code strata run}, the processed and curated
 * tables answer by name in Spark's catalog (the default, which needs no server), a second lake
 * re-points the names, and {@code strata catalog} prints the data dictionary.
 */
class CatalogIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();

  @BeforeAll
  static void sharedSession() {
    TestingSpark.session();
  }

  private Path pipeline(String name, int customers) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.createDirectories(home.resolve("in"));
    StringBuilder csv = new StringBuilder("customer_id,email,segment,updated_at\n");
    for (int i = 1; i <= customers; i++) {
      csv.append(i).append(",person").append(i).append("@example.com,retail,2026-02-01 00:00:00\n");
    }
    Files.writeString(home.resolve("in/c.csv"), csv.toString());
    Files.createDirectories(home.resolve("stores"));
    Files.writeString(home.resolve("stores/s.csv"), "store_id,email\n1,shop@example.com\n");
    return Files.writeString(home.resolve("catalogued.conf"), """
        name = catalogued
        lake.root = lake
        sources {
          crm { type = file, entity = customers, path = "in/*.csv" }
          shops { type = file, entity = stores, path = "stores/*.csv" }
        }
        entities {
          customers {
            source = crm, key = [customer_id], change-order = updated_at
            description = "Customers as the CRM holds them, one row per customer"
            owner = "crm-team@example.com"
            columns {
              customer_id { type = bigint, nullable = false }
              email { type = string, pii = mask, description = "Where the customer is written to" }
              segment { type = string, description = "Retail or wholesale" }
              updated_at = timestamp
            }
          }
        }
        entities.stores { source = shops, key = [store_id], columns { store_id { type = bigint, nullable = false }, email { type = string, pii = none } } }
        model.dimensions.dim_store { source = stores, natural-key = [store_id], scd-type = 1 }
        model.dimensions.dim_customer {
          source = customers, natural-key = [customer_id], scd-type = 2, tracked = [segment], type-1 = [email], change-time = updated_at
          description = "Customers with their segment's history"
          owner = "analytics@example.com"
        }
        """);
  }

  @Test
  void tablesAnswerByNameAfterARunAndStrataCatalogDescribesThem() throws Exception {
    SparkSession spark = TestingSpark.session();
    Path first = pipeline("first", 3);
    // A managed table already holds one of the names: Strata never drops it (its files would go with it).
    spark.sql("CREATE DATABASE IF NOT EXISTS curated");
    spark.sql("DROP TABLE IF EXISTS curated.dim_store");
    spark.sql("CREATE TABLE curated.dim_store (store_id BIGINT) USING parquet");

    assertThat(cli.run("run", "--config", first.toString(), "--run-date", "2026-03-01", "--to", "model")).as(cli.out() + cli.err()).isZero();

    assertThat(cli.out()).contains("2 processed table(s) registered in the session catalog as processed.<name>",
        "2 column comment(s) of the processed tables written from the config", 
        "1 curated table(s) registered in the session catalog as curated.<name>",
        "warning: curated.dim_store is a managed table in the catalog, not this lake's; left as it is");
    // dim_customer's first build takes its columns, comments included, from processed.customers: none is left to write.
    assertThat(cli.out()).doesNotContain("of the curated tables written");
    assertThat(spark.catalog().getTable("curated", "dim_store").tableType()).isEqualTo("MANAGED");
    spark.sql("DROP TABLE curated.dim_store");
    assertThat(spark.sql("SELECT count(*) FROM curated.dim_customer WHERE is_current AND dim_customer_key <> -1").first().getLong(0)).isEqualTo(3L);
    assertThat(spark.sql("SELECT email FROM processed.customers ORDER BY customer_id").first().getString(0))
        .as("the registered table is the masked one").isNotEqualTo("person1@example.com");

    assertThat(cli.run("catalog", "--config", first.toString(), "--format", "json")).as(cli.err()).isZero();
    JsonNode tables = JSON.readTree(cli.out());
    assertThat(tables).extracting(table -> table.get("name").asText())
        .containsExactly("processed.customers", "processed.stores", "curated.dim_store", "curated.dim_customer");
    JsonNode customers = tables.get(0);
    // A column named like another entity's PII column is not PII: each table takes the methods of its own source.
    assertThat(tables.get(2).get("columns")).filteredOn(column -> column.get("name").asText().equals("email")).singleElement()
        .satisfies(column -> assertThat(column.has("pii")).isFalse());
    assertThat(customers.get("description").asText()).isEqualTo("Customers as the CRM holds them, one row per customer");
    assertThat(customers.get("owner").asText()).isEqualTo("crm-team@example.com");
    assertThat(customers.get("rows").asLong()).isEqualTo(3L);
    assertThat(customers.get("last_update").asText()).startsWith("20");
    assertThat(customers.get("columns")).anySatisfy(column -> {
      assertThat(column.get("name").asText()).isEqualTo("email");
      assertThat(column.get("pii").asText()).isEqualTo("mask");
      assertThat(column.get("description").asText()).isEqualTo("Where the customer is written to");
    });
    JsonNode dimension = tables.get(3);
    assertThat(dimension.get("owner").asText()).isEqualTo("analytics@example.com");
    assertThat(dimension.get("columns")).anySatisfy(column -> assertThat(column.get("name").asText()).isEqualTo("dim_customer_key"))
        .anySatisfy(column -> {
          assertThat(column.get("name").asText()).isEqualTo("email");
          assertThat(column.get("pii").asText()).as("a masked column keeps its method in the curated layer").isEqualTo("mask");
        });

    assertThat(cli.run("catalog", "--config", first.toString(), "--format", "markdown")).isZero();
    assertThat(cli.out()).startsWith("# Data dictionary: catalogued").contains("## processed.customers", "| owner | crm-team@example.com |",
        "| email | string | masked: mask | Where the customer is written to |", "| rows | 3 |");

    // The comments are in the tables' own schema, so every catalog they are registered in shows them.
    assertThat(spark.table("processed.customers").schema().apply("email").getComment().get())
        .isEqualTo("Where the customer is written to (PII, masked: mask)");
    assertThat(spark.table("curated.dim_customer").schema().apply("segment").getComment().get()).isEqualTo("Retail or wholesale");
    assertThat(spark.table("curated.dim_customer").schema().apply("email").getComment().get())
        .isEqualTo("Where the customer is written to (PII, masked: mask)");
    assertThat(spark.table("processed.customers").schema().apply("customer_id").getComment().isDefined())
        .as("a column the config says nothing of gets no comment").isFalse();
    assertThat(io.delta.tables.DeltaTable.forName(spark, "processed.customers").history()
        .where("userMetadata = 'strata:column-comments' AND operation = 'CHANGE COLUMN'").count())
        .as("comment commits are tagged, so export and maintain know they changed no data").isEqualTo(2L);
    // A re-run with the same data and config commits nothing, comments included.
    long processedVersion = io.delta.tables.DeltaTable.forName(spark, "processed.customers").history(1).first().getLong(0);
    long curatedVersion = io.delta.tables.DeltaTable.forName(spark, "curated.dim_customer").history(1).first().getLong(0);
    assertThat(cli.run("run", "--config", first.toString(), "--run-date", "2026-03-01", "--to", "model")).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).doesNotContain("column comment(s)");
    assertThat(io.delta.tables.DeltaTable.forName(spark, "processed.customers").history(1).first().getLong(0)).isEqualTo(processedVersion);
    assertThat(io.delta.tables.DeltaTable.forName(spark, "curated.dim_customer").history(1).first().getLong(0)).isEqualTo(curatedVersion);

    // A description changed in the config reaches both layers with the next run that writes them.
    Files.writeString(first, Files.readString(first).replace("\"Retail or wholesale\"", "\"Retail or wholesale, as sales sees it\""));
    Files.writeString(first.resolveSibling("in/c2.csv"), "customer_id,email,segment,updated_at\n2,person2@example.com,wholesale,2026-03-01 12:00:00\n");
    assertThat(cli.run("run", "--config", first.toString(), "--run-date", "2026-03-02", "--to", "model")).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("1 column comment(s) of the processed tables written from the config",
        "1 column comment(s) of the curated tables written from the config");
    assertThat(spark.table("curated.dim_customer").schema().apply("segment").getComment().get())
        .isEqualTo("Retail or wholesale, as sales sees it");

    // Another lake with the same pipeline: the names now point at it.
    Path second = pipeline("second", 5);
    assertThat(cli.run("run", "--config", second.toString(), "--run-date", "2026-03-01", "--to", "model")).isZero();
    assertThat(spark.sql("SELECT count(*) FROM curated.dim_customer WHERE is_current AND dim_customer_key <> -1").first().getLong(0)).isEqualTo(5L);
    assertThat(spark.sql("DESCRIBE DETAIL processed.customers").select("location").first().getString(0)).contains("/second/lake/");
  }
}
