package io.strata.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.delta.RowLevelTables;
import io.strata.jobs.delta.TableLog;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The incremental promises through the path a user takes, CSV files to the curated star by the
 * CLI: a customer dropped from the snapshot becomes a deleted version, a late-arriving customer
 * re-keys the fact rows that waited for it, an order whose date moved leaves its old partition,
 * only the partitions holding changes are rewritten, and a re-run writes no table version.
 */
class IncrementalPipelineIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final String OPEN = "9999-12-31 23:59:59.0";

  @TempDir Path dir;

  @Test
  void aDayCostsWhatChangedAndDeletesLateMembersAndMovedRowsArriveAsAFullBuildWouldHaveThem() throws Exception {
    ShopPipeline shop = new ShopPipeline(dir);
    deliverTwoDays(shop, () -> { });

    assertThat(TableLog.properties(TestingSpark.session(), shop.location("processed", "customers")))
        .as("a table this small goes without deletion vectors").doesNotContainKey(RowLevelTables.DELETION_VECTORS_PROPERTY);
  }

  /**
   * The same days with deletion vectors on every processed table and dimension from its creation
   * (as a table of 4 MiB gets them): day 2's updates and deletes mark the old rows deleted in place,
   * and the rows that arrive are the same.
   */
  @Test
  void withDeletionVectorsFromTheStartTheSameRowsArrive() throws Exception {
    // One shuffle partition: day 1 writes each processed table as one file (see below).
    ShopPipeline shop = new ShopPipeline(dir, ShopPipeline.CONFIG + "spark.conf { \"" + RowLevelTables.FROM_BYTES_SETTING + "\" = \"0\" }\n"
        + "spark.shuffle-partitions = 1\n");
    List<String> tables = List.of("processed/customers", "processed/orders", "curated/dim_customer");
    try {
      deliverTwoDays(shop, () -> tables.forEach(table -> assertThat(TableLog.properties(TestingSpark.session(), location(shop, table)))
          .as(table + " after the run that created it").containsEntry(RowLevelTables.DELETION_VECTORS_PROPERTY, "true")));
    } finally {
      // The CLI ran in this JVM's shared session.
      TestingSpark.session().conf().unset(RowLevelTables.FROM_BYTES_SETTING);
      TestingSpark.session().conf().unset("spark.sql.shuffle.partitions");
    }

    // Delta writes a deletion vector where a MERGE changes some rows of a file and not others: day 1's three customers
    // are in one file, and day 2's update of Ada leaves Bob's and Cy's rows in it.
    assertThat(deletionVectorsAdded(location(shop, "processed/customers"))).as("deletion vectors day 2's MERGEs wrote").isPositive();
  }

  private static String location(ShopPipeline shop, String layerAndTable) {
    return shop.location(layerAndTable.split("/")[0], layerAndTable.split("/")[1]);
  }

  private static long deletionVectorsAdded(String location) {
    return io.delta.tables.DeltaTable.forPath(TestingSpark.session(), location).history().collectAsList().stream()
        .map(commit -> commit.<String, String>getJavaMap(commit.fieldIndex("operationMetrics")))
        .mapToLong(metrics -> metrics == null ? 0 : Long.parseLong(metrics.getOrDefault("numTargetDeletionVectorsAdded", "0")))
        .sum();
  }

  /** Day 1, {@code afterDayOne}'s checks, then day 2 and its re-run, each through the CLI, asserting the star after them. */
  private static void deliverTwoDays(ShopPipeline shop, Runnable afterDayOne) throws Exception {
    shop
        .customers(DAY1, "1,Ada,London,2026-01-01 00:00:00", "2,Bob,Paris,2026-01-01 00:00:00", "3,Cy,Rome,2026-01-01 00:00:00")
        .orders(DAY1, "10,1,2026-02-20 10:00:00,5.00,2026-02-20 10:00:00", "11,2,2026-03-01 09:00:00,7.00,2026-03-01 09:00:00",
            "12,9,2026-03-01 11:00:00,3.00,2026-03-01 11:00:00", "13,3,2026-02-25 08:00:00,4.00,2026-02-25 08:00:00");
    shop.run(DAY1);
    afterDayOne.run();
    assertThat(shop.rows("fact_orders", ShopPipeline.FACT_COLUMNS)).contains("12|-1|20260301|3.00|2026-03-01");
    List<String> filesBefore = shop.filesByPartition("fact_orders");

    // Day 2: Ada moves, Bob leaves the shop, Dee (customer 9, known since February) arrives, Cy is unchanged;
    // order 14 is new and order 11 was re-dated to 27 February.
    shop.customers(DAY2, "1,Ada,Cambridge,2026-03-02 08:00:00", "3,Cy,Rome,2026-01-01 00:00:00", "9,Dee,Oslo,2026-02-01 00:00:00")
        .orders(DAY2, "14,1,2026-03-02 12:00:00,9.00,2026-03-02 12:00:00", "11,2,2026-02-27 09:00:00,7.00,2026-03-02 00:00:00");
    shop.run(DAY2);

    assertThat(shop.output).contains("entity customers: 3 rows in, 3 compared (1 new, 1 changed, 1 unchanged), 1 deleted")
        .contains("dimension dim_customer (scd-type 2, from entity customers): changes since the last build")
        .contains("fact fact_orders (from entity orders): 3 changed partition(s)");
    assertThat(shop.rows("dim_customer", ShopPipeline.CUSTOMER_COLUMNS)).containsExactly(
        "-1|null|null|null|1900-01-01 00:00:00.0|" + OPEN + "|true|false",
        "1|1|Ada|London|2026-01-01 00:00:00.0|2026-03-02 08:00:00.0|false|false",
        "2|2|Bob|Paris|2026-01-01 00:00:00.0|2026-03-02 00:00:00.0|false|true",
        "3|3|Cy|Rome|2026-01-01 00:00:00.0|" + OPEN + "|true|false",
        "4|1|Ada|Cambridge|2026-03-02 08:00:00.0|" + OPEN + "|true|false",
        "5|9|Dee|Oslo|2026-02-01 00:00:00.0|" + OPEN + "|true|false");
    assertThat(shop.rows("fact_orders", ShopPipeline.FACT_COLUMNS)).containsExactly(
        "10|1|20260220|5.00|2026-02-20",
        "11|2|20260227|7.00|2026-02-27",
        "12|5|20260301|3.00|2026-03-01",
        "13|3|20260225|4.00|2026-02-25",
        "14|4|20260302|9.00|2026-03-02");
    // Cy's order day held no change, and Ada's February order keeps its version (her move starts on 2 March):
    // neither file was rewritten.
    List<String> filesAfter = shop.filesByPartition("fact_orders");
    for (String untouched : List.of("2026-02-20 ", "2026-02-25 ")) {
      assertThat(filesAfter).filteredOn(line -> line.startsWith(untouched))
          .isEqualTo(filesBefore.stream().filter(line -> line.startsWith(untouched)).toList()).hasSize(1);
    }
    assertThat(filesAfter).filteredOn(line -> line.startsWith("2026-03-01 "))
        .doesNotContainAnyElementsOf(filesBefore).hasSize(1);
    assertThat(TestingSpark.session().read().format("delta").load(shop.location("processed", "customers"))
        .select("customer_id").as(org.apache.spark.sql.Encoders.LONG()).collectAsList()).containsExactlyInAnyOrder(1L, 3L, 9L);

    long[] versions = versions(shop);
    shop.run(DAY2);

    assertThat(versions(shop)).as("table versions after re-running day 2").containsExactly(versions);
    assertThat(shop.output).contains("dimension dim_customer: unchanged").contains("fact fact_orders: unchanged");
  }

  private static long[] versions(ShopPipeline shop) {
    return new long[] {shop.version("processed", "customers"), shop.version("processed", "orders"), shop.version("curated", "dim_customer"),
        shop.version("curated", "fact_orders"), shop.version("curated", "dim_date")};
  }
}
