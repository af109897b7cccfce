package io.strata.jobs.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.ChildJvm;
import io.strata.jobs.testing.TestingHiveMetastore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog against a real Hive metastore (Hive's Thrift server with Derby, in a child JVM):
 * {@code strata run} with {@code catalog { type = hive, uri = ... }} registers the processed and
 * curated tables there, and another Spark application that shares the metastore queries them by
 * name, with the config's column comments. Strata and the other application run in JVMs of their
 * own: a Spark application's catalog implementation is fixed when it starts, and the shared test
 * session uses Spark's in-memory one.
 */
class HiveCatalogIT {
  @TempDir static Path dir;

  private static TestingHiveMetastore metastore;

  @BeforeAll
  static void startMetastore() throws Exception {
    metastore = TestingHiveMetastore.start(dir.resolve("metastore"));
  }

  @AfterAll
  static void stopMetastore() throws Exception {
    if (metastore != null) {
      metastore.close();
    }
  }

  @Test
  void aRunRegistersItsTablesInTheMetastoreAndAnotherApplicationQueriesThemByName() throws Exception {
    Path home = Files.createDirectories(dir.resolve("shop"));
    Files.createDirectories(home.resolve("in"));
    Files.writeString(home.resolve("in/c.csv"), """
        customer_id,email,segment,updated_at
        1,ann@example.com,retail,2026-02-01 00:00:00
        2,bob@example.com,wholesale,2026-02-01 00:00:00
        3,cy@example.com,retail,2026-02-01 00:00:00
        """);
    Path config = Files.writeString(home.resolve("hive.conf"), """
        name = hive_catalogued
        lake.root = lake
        catalog { type = hive, uri = "%s", database-prefix = shop_ }
        sources.crm { type = file, entity = customers, path = "in/*.csv" }
        entities.customers {
          source = crm, key = [customer_id], change-order = updated_at
          columns {
            customer_id { type = bigint, nullable = false }
            email { type = string, pii = mask, description = "Where the customer is written to" }
            segment = string
            updated_at = timestamp
          }
        }
        model.dimensions.dim_customer { source = customers, natural-key = [customer_id], scd-type = 2, tracked = [segment], change-time = updated_at }
        """.formatted(metastore.uri()));

    String first = run(home, "io.strata.jobs.cli.StrataMain", "run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "model");
    assertThat(first).contains("1 processed table(s) registered in the hive catalog as shop_processed.<name>",
        "1 curated table(s) registered in the hive catalog as shop_curated.<name>",
        "1 column comment(s) of the processed tables written from the config");

    String query = run(home, "io.strata.jobs.testing.HiveSqlQuery", metastore.uri(),
        "SHOW TABLES IN shop_curated",
        "SELECT count(*) FROM shop_curated.dim_customer WHERE is_current AND dim_customer_key <> -1",
        "SELECT count(*) FROM shop_processed.customers WHERE email LIKE '%@example.com'",
        "SELECT email FROM shop_processed.customers ORDER BY customer_id",
        "DESCRIBE TABLE shop_processed.customers",
        "DESCRIBE DATABASE shop_curated");
    assertThat(query).contains("row: shop_curated|dim_customer|false", "row: 3\n", "row: 0\n",
        "row: email|string|Where the customer is written to (PII, masked: mask)",
        "row: Location|file:" + home.resolve("lake/_catalog/shop_curated.db"));
    // The reader gets the masked values, never the source's.
    assertThat(query).contains("sql: SELECT email FROM").doesNotContain("ann@example.com", "bob@example.com");
    String emails = query.substring(query.indexOf("sql: SELECT email"), query.indexOf("sql: DESCRIBE TABLE"));
    assertThat(emails.lines().filter(line -> line.startsWith("row: "))).as("three masked e-mails").hasSize(3)
        .noneSatisfy(line -> assertThat(line).contains("@example.com"));

    // A second run of the same date: the names stand, nothing is re-registered or re-commented.
    String second = run(home, "io.strata.jobs.cli.StrataMain", "run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "model");
    assertThat(second).doesNotContain("registered in the hive catalog").doesNotContain("column comment(s)");
  }

  /** Runs a main class in a JVM of its own with the Hive classes, and returns its output once it exited 0. */
  private static String run(Path workDir, String mainClass, String... arguments) throws Exception {
    List<String> command = ChildJvm.command("1g", TestingHiveMetastore.hiveClasspath(), mainClass, List.of(arguments));
    Path log = Files.createTempFile(dir, "child", ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = builder.start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError(mainClass + " did not end in 5 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("exit code of %s %s:\n%s\n--- metastore:\n%s", mainClass, String.join(" ", arguments), output, metastore.tail())
        .isZero();
    return output;
  }
}
