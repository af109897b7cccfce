package io.strata.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.quality.QualityResults;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Stages that fail, through the command line: undeclared PII stops process before any entity is
 * written (exit 2); a process that failed for one entity and was retried reconciles with ingest
 * over both attempts; the summary table shows what ran and what failed.
 */
class StageFailuresIT {
  private static final String DAY = "2026-03-01";
  private static final String SOURCES = """
      name = shop
      lake.root = lake
      spark { master = "local[2]", conf { "spark.ui.enabled" = false } }
      sources {
        orders_files { type = file, entity = orders, path = "in/orders*.csv" }
        customers_files { type = file, entity = customers, path = "in/customers*.csv" }
      }
      """;

  @TempDir Path dir;

  private StringWriter out;
  private StringWriter err;

  private int strata(String... args) {
    out = new StringWriter();
    err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  private Path config(String entities) throws IOException {
    Files.createDirectories(dir.resolve("lake"));
    return Files.writeString(dir.resolve("shop.conf"), SOURCES + entities);
  }

  private void landing(String customersHeader, String... customers) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.writeString(in.resolve("orders.csv"), "order_id,customer_id,amount\n1,1,9.50\n2,2,89.00\n3,1,12.00\n");
    Files.writeString(in.resolve("customers.csv"), customersHeader + "\n" + String.join("\n", customers) + "\n");
  }

  @Test
  void undeclaredPiiStopsProcessBeforeAnyEntityWithTheKeysToSet() throws IOException {
    landing("customer_id,segment,contact", "1,retail,ada@example.com", "2,vip,grace@example.org");
    Files.writeString(dir.resolve("in/suppliers.csv"), "supplier_id,phone\n7,unlisted\n");
    String entities = """
        sources.suppliers_files { type = file, entity = suppliers, path = "in/suppliers.csv" }
        entities {
          orders { source = orders_files, key = [order_id], columns { order_id = bigint, customer_id = bigint, amount = "decimal(10,2)" } }
          customers { source = customers_files, key = [customer_id], columns { customer_id = bigint, segment = string, contact { type = string%s } } }
          suppliers { source = suppliers_files, key = [supplier_id], columns { supplier_id = bigint, phone { type = string%s } } }
        }
        """;
    Path config = config(entities.formatted("", ""));
    assertThat(strata("ingest", "--config", config.toString(), "--run-date", DAY)).as(() -> err.toString()).isZero();

    assertThat(strata("process", "--config", config.toString(), "--run-date", DAY)).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);

    assertThat(err.toString()).startsWith("strata: 2 problems in the pipeline config:" + System.lineSeparator())
        .contains(System.lineSeparator() + "  - entities.customers.columns.contact.pii: is not set, but the column looks like personal data"
            + " (100% of 2 sampled values are e-mail addresses). Fix: set it to hmac, mask, tokenize, redact, email-domain, truncate-date,"
            + " generalize-number, or to none where the column is not personal data" + System.lineSeparator())
        .contains(System.lineSeparator() + "  - entities.suppliers.columns.phone.pii: is not set, but the column looks like personal data"
            + " (column name 'phone' suggests phone numbers). Fix: set it to ")
        .doesNotContain("ada@example.com").doesNotContain("unlisted");
    assertThat(out.toString()).contains("[process] FAILED after ")
        .containsPattern("(?m)^process +\\* +\\S+( ms| s) +FAILED: entities\\.\\w+\\.columns\\.\\w+\\.pii: is not set, but the column .*"
            + "\\(and 1 more\\)$")
        .contains("strata: stopped at stage process after ")
        .doesNotContain("entity orders (from source");
    assertThat(dir.resolve("lake/processed")).as("no entity is processed, not even the one without PII").doesNotExist();

    Files.writeString(config, SOURCES + entities.formatted(", pii = mask", ", pii = none"));
    assertThat(strata("process", "--config", config.toString(), "--run-date", DAY)).as(() -> err.toString()).isZero();
    assertThat(dir.resolve("lake/processed/orders")).isDirectory();
    assertThat(dir.resolve("lake/processed/customers")).isDirectory();
  }

  @Test
  void aRetriedProcessReconcilesWithIngestOverItsAttempts() throws IOException {
    landing("customer_id,segment,tier", "1,retail,gold", "2,vip,silver", "2,vip,silver");
    String entities = """
        entities {
          orders { source = orders_files, key = [order_id], columns { order_id = bigint, customer_id = bigint, amount = "decimal(10,2)" } }
          customers { source = customers_files, key = [customer_id], columns { customer_id = bigint, segment = string%s } }
        }
        quality.tables {
          processed.orders.balanced { type = reconciliation }
          processed.customers.balanced { type = reconciliation }
        }
        """;
    Path config = config(entities.formatted(""));
    assertThat(strata("ingest", "--config", config.toString(), "--run-date", DAY)).as(() -> err.toString()).isZero();

    // The first attempt: orders is processed, customers fails on a column its config does not declare.
    assertThat(strata("process", "--config", config.toString(), "--run-date", DAY)).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(err.toString()).startsWith("strata: process failed for entity customers" + System.lineSeparator()
        + "  - customers: entities.customers: the raw data has new column(s) tier.");
    assertThat(out.toString()).contains("[process] FAILED after ")
        .containsPattern("(?m)^process +orders +3 +3 +0 +\\S+( ms| s) +batches=1 inserted=3$")
        .containsPattern("(?m)^process +customers +FAILED: entities\\.customers: the raw data has new column\\(s\\) tier\\. Fix: declare");

    Files.writeString(config, SOURCES + entities.formatted(", tier = string"));
    assertThat(strata("process", "--config", config.toString(), "--run-date", DAY)).as(() -> err.toString()).isZero();
    assertThat(out.toString()).containsPattern("(?m)^process +orders +0 +0 +0 ").containsPattern("(?m)^process +customers +3 +2 +0 ");

    assertThat(strata("quality", "--config", config.toString(), "--run-date", DAY)).as(() -> err.toString()).isZero();
    assertThat(out.toString()).containsPattern("stage +target +rows checked +passed +warned +failed +time +details")
        .containsPattern("(?m)^quality +processed\\.orders +3 +1 +0 +0 ");
    assertThat(messages()).containsExactlyInAnyOrder(
        "PASS process read 3 in 2 attempts = written 3 + duplicates 0 + quarantined 0; ingest of orders_files wrote 3 raw rows,"
            + " process read 3",
        "PASS process read 3 = written 2 + duplicates 1 + quarantined 0; ingest of customers_files wrote 3 raw rows, process read 3");

    // Ingest runs again for the date and replaces the orders batch, which no process has read: a genuine mismatch.
    assertThat(strata("ingest", "--config", config.toString(), "--run-date", DAY, "--source", "orders_files")).isZero();
    assertThat(strata("quality", "--config", config.toString(), "--run-date", DAY)).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
    assertThat(err.toString()).contains("processed.orders.balanced (reconciliation, FAIL): ingest of orders_files ran again (run id ")
        .contains("after every process of orders, and replaced the batch they read: its 3 raw rows are not processed (mismatch)");
    assertThat(out.toString()).containsPattern("(?m)^quality +processed\\.orders +0 +0 +0 +1 ")
        .containsPattern("(?m)^quality +processed\\.orders +FAILED: balanced \\(reconciliation, FAIL\\): ingest of orders_files ran again");
  }

  /** The status and message of each check of the latest quality run. */
  private List<String> messages() {
    LakeLayout layout = new LakeLayout(dir.resolve("lake").toUri());
    Dataset<Row> results = TestingSpark.session().read().format("delta").load(layout.runLog(QualityResults.TABLE).uri());
    String latest = results.orderBy(col("checked_at").desc()).first().getAs("run_id");
    return results.filter(col("run_id").equalTo(latest)).collectAsList().stream()
        .map(row -> row.<String>getAs("status") + " " + row.<String>getAs("message")).toList();
  }

}
