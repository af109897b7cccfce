package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTables.sale;
import static io.strata.jobs.export.ExportTables.sales;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;

/**
 * Incremental mode: a fact's changed date partitions replaced, the others untouched; a dimension's
 * rows its change data feed names upserted and the keys it deleted deleted, or the dimension
 * loaded whole, saying why, when the feed cannot answer. Each ends equal to a full swap.
 */
class ExportIncrementalIT {
  private static final String ALL_CUSTOMERS = "SELECT * FROM %s.dim_customer ORDER BY dim_customer_key";

  private static ExportConfig customersOnly(ExportMode mode) {
    return new ExportConfig(Optional.of(List.of("dim_customer")), mode, Map.of(), Map.of(), Map.of(), 2);
  }

  @Test
  void replacesOnlyChangedPartitionsAndUpsertsDimensionRows() throws SQLException {
    ExportTesting lake = new ExportTesting("incremental", new ExportConfig(Optional.of(List.of("dim_customer", "fact_sales")),
        ExportMode.INCREMENTAL, Map.of(), Map.of("v_sales", "SELECT f.order_id, c.name FROM fact_sales f JOIN dim_customer c"
        + " ON c.dim_customer_key = f.customer_key"), Map.of(), 2));
    lake.curatedWithChangeFeed("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "Bob", "2.00", 2.0, "2026-03-01T00:00:00Z", true)));
    lake.factPartitions(sales(sale(1, 1001, "10.00", "2026-03-01T09:00:00Z", "day one"),
        sale(2, 1002, "20.00", "2026-03-02T09:00:00Z", "day two")));

    List<StageResult> first = lake.run(new ExportJob());

    assertThat(first).extracting(result -> result.target() + ": " + result.events()).startsWith(
        "dim_customer: [first export: loaded whole]", "fact_sales: [first export: loaded whole]");
    // Marks the warehouse copy of a partition the lake does not change next: it must stay as it is.
    ExportTesting.execute("UPDATE incremental.fact_sales SET note = 'not replaced' WHERE order_id = 1001");
    String unchangedCustomerVersion = rows("SELECT xmin FROM incremental.dim_customer WHERE dim_customer_key = 1").get(0);

    lake.factPartitions(sales(sale(2, 1002, "21.00", "2026-03-02T09:00:00Z", "day two, corrected"),
        sale(1, 1003, "30.00", "2026-03-02T18:00:00Z", "late"),
        sale(3, 1004, "40.00", "2026-03-03T09:00:00Z", "day three")));
    // Overwritten whole (as the model writes dim_date): the feed deletes and inserts every row in one commit.
    lake.curatedWithChangeFeed("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "Bob \"Robert\"", "2.50", 2.0, "2026-03-02T00:00:00Z", true),
        customer(3, 103L, "Cy", null, null, null, true)));

    List<StageResult> second = lake.run(new ExportJob());

    assertThat(second).extracting(result -> result.target() + ": " + result.events() + " " + result.metrics()).startsWith(
        "dim_customer: [3 changed row(s) upserted, 0 deleted] {deleted=0, delta_version=1, warehouse_rows=3}",
        "fact_sales: [2 partition(s) replaced] {delta_version=1, partitions=2, warehouse_rows=4}");
    assertThat(rows("SELECT order_id, amount, note, partition_date FROM incremental.fact_sales ORDER BY 1")).containsExactly(
        "1001|10.00|not replaced|2026-03-01", "1002|21.00|day two, corrected|2026-03-02", "1003|30.00|late|2026-03-02",
        "1004|40.00|day three|2026-03-03");
    assertThat(rows("SELECT dim_customer_key, name, balance FROM incremental.dim_customer ORDER BY 1")).containsExactly(
        "1|Ann|1.00", "2|Bob \"Robert\"|2.50", "3|Cy|null");
    // Copied again, but its values did not change: the row is not touched.
    assertThat(rows("SELECT xmin FROM incremental.dim_customer WHERE dim_customer_key = 1")).containsExactly(unchangedCustomerVersion);
    assertThat(rows("SELECT order_id, name FROM incremental.v_sales ORDER BY 1")).containsExactly(
        "1001|Ann", "1002|Bob \"Robert\"", "1003|Ann", "1004|Cy");
    assertThat(rows("SELECT tablename FROM pg_tables WHERE schemaname = 'incremental' ORDER BY 1"))
        .containsExactly("dim_customer", "fact_sales", "strata_export_state");

    List<StageResult> third = lake.run(new ExportJob());

    assertThat(third).extracting(result -> result.target() + ": " + result.events() + " " + result.rowsWritten()).startsWith(
        "dim_customer: [unchanged since the last export] 0", "fact_sales: [unchanged since the last export] 0");
    assertThat(rows("SELECT count(*) FROM incremental.fact_sales")).containsExactly("4");
  }

  @Test
  void upsertsOnlyTheDimensionRowsItsChangeFeedNamesAndDeletesTheRowsTheLakeDeleted() throws SQLException {
    ExportTesting lake = new ExportTesting("cdf", customersOnly(ExportMode.INCREMENTAL));
    lake.curatedWithChangeFeed("dim_customer", ExportTables.knownCustomers()); // version 0: keys -1 to 5

    assertThat(lake.run(new ExportJob())).extracting(result -> result.target() + ": " + result.events())
        .startsWith("dim_customer: [first export: loaded whole]");
    List<String> untouched = rows("SELECT xmin FROM cdf.dim_customer WHERE dim_customer_key IN (1, 4) ORDER BY dim_customer_key");

    // Version 1: the model's MERGE updates 2, inserts 6 and deletes 3 (a late change merged two SCD2 versions).
    lake.mergeDimension("dim_customer", "dim_customer_key", customers(
        customer(2, 102L, "Bob, moved", "5.00", 2.0, "2026-03-02T00:00:00Z", false),
        customer(6, 106L, "Eve", "6.00", 6.0, "2026-03-02T00:00:00Z", true)), customers(customer(3, null, null, null, null, null, null)));
    // Version 2: 2 and 6 change again (their last change wins), 4 is rewritten with the values it has.
    lake.mergeDimension("dim_customer", "dim_customer_key", customers(
        customer(2, 102L, "Bob, moved again", "7.00", 2.0, "2026-03-03T00:00:00Z", true),
        customer(4, 104L, "\\.", "10.50", null, null, true),
        customer(6, 106L, "Eve \"E\"", "6.50", null, "2026-03-03T00:00:00Z", true)), customers());
    // Version 3 inserts 7, version 4 deletes 5 and 7: a key born and gone between two exports is deleted (a no-op).
    customers(customer(7, 107L, "Gus", "1.00", 1.0, null, true)).write().format("delta").mode(SaveMode.Append)
        .save(lake.layout().curated("dim_customer").uri().toString());
    DeltaTable.forPath(TestingSpark.session(), lake.layout().curated("dim_customer").uri().toString()).delete("dim_customer_key IN (5, 7)");
    lake.progress().clear();

    List<StageResult> second = lake.run(new ExportJob());

    assertThat(second.get(0)).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten, StageResult::events,
        StageResult::metrics).containsExactly("dim_customer", 5L, 3L, List.of("3 changed row(s) upserted, 3 deleted"),
        Map.of("deleted", 3L, "delta_version", 4L, "warehouse_rows", 5L));
    assertThat(lake.progress().get(0)).matches("dim_customer \\(incremental\\): 3 changed row\\(s\\) upserted, 3 deleted in"
        + " [0-9.]+ (ms|s)");
    assertThat(rows("SELECT dim_customer_key, customer_id, name, balance, score, updated_at, is_current FROM cdf.dim_customer ORDER BY 1"))
        .containsExactly(
            "-1|null|null|null|null|null|null",
            "1|101|Ann \"the\" O'Neil, Jr.|1234567890.12|0.1|2026-03-01 10:15:30.123456+00|t",
            "2|102|Bob, moved again|7.00|2|2026-03-03 00:00:00+00|t",
            "4|104|\\.|10.50|null|null|t",
            "6|106|Eve \"E\"|6.50|null|2026-03-03 00:00:00+00|t");
    assertThat(rows("SELECT xmin FROM cdf.dim_customer WHERE dim_customer_key IN (1, 4) ORDER BY dim_customer_key"))
        .as("a row not changed, and a row rewritten with the values it had, are not touched").isEqualTo(untouched);
    assertThat(rows("SELECT tablename FROM pg_tables WHERE schemaname = 'cdf' ORDER BY 1")).containsExactly("dim_customer",
        "strata_export_state");
    // Exactly what swapping in the whole lake table gives.
    lake.sameLake("cdf_swapped", customersOnly(ExportMode.SWAP)).run(new ExportJob());
    assertThat(rows(ALL_CUSTOMERS.formatted("cdf"))).isEqualTo(rows(ALL_CUSTOMERS.formatted("cdf_swapped"))).hasSize(5);

    // Version 5 changes a table property only: a new version without a changed row.
    lake.onCurated("dim_customer", "ALTER TABLE {table} SET TBLPROPERTIES ('strata.test' = 'x')");

    assertThat(lake.run(new ExportJob()).get(0)).extracting(StageResult::rowsWritten, StageResult::events, StageResult::metrics)
        .containsExactly(0L, List.of("no row changed since the last export"), Map.of("delta_version", 5L, "warehouse_rows", 5L));
  }

  @Test
  void loadsADimensionWholeAndSaysWhyWhenItsChangeFeedCannotAnswer() throws Exception {
    ExportTesting lake = new ExportTesting("cdf_fallback", customersOnly(ExportMode.INCREMENTAL));
    ExportTesting swapped = lake.sameLake("cdf_fallback_swapped", customersOnly(ExportMode.SWAP));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, null, true),
        customer(2, 102L, "Bob", "2.00", 2.0, null, true), customer(3, 103L, "Cy", "3.00", 3.0, null, true))); // no change feed
    lake.run(new ExportJob());

    // Version 1, without a change feed: 2 changes, 3 is deleted.
    lake.mergeDimension("dim_customer", "dim_customer_key", customers(customer(2, 102L, "Bob, moved", "2.00", 2.0, null, true)),
        customers(customer(3, null, null, null, null, null, null)));

    assertThat(eventsAndRows(lake, swapped)).containsExactly(
        "change feed unavailable since version 1 (change data not recorded for version 1): loaded whole", "1|Ann", "2|Bob, moved");

    // Version 2 turns the change feed on (as a later model run does for older tables); version 3 is recorded.
    lake.onCurated("dim_customer", "ALTER TABLE {table} SET TBLPROPERTIES (delta.enableChangeDataFeed = true)");
    lake.mergeDimension("dim_customer", "dim_customer_key", customers(customer(4, 104L, "Di", "4.00", 4.0, null, true)),
        customers(customer(1, null, null, null, null, null, null)));

    assertThat(eventsAndRows(lake, swapped)).containsExactly("1 changed row(s) upserted, 1 deleted", "2|Bob, moved", "4|Di");

    // Version 4's change data files are cleaned up (as a vacuum with a short retention does).
    lake.mergeDimension("dim_customer", "dim_customer_key", customers(customer(2, 102L, "Bob, moved twice", "2.00", 2.0, null, true)),
        customers());
    Path changeData = new Path(lake.layout().curated("dim_customer").uri().toString(), "_change_data");
    FileSystem fs = changeData.getFileSystem(TestingSpark.session().sparkContext().hadoopConfiguration());
    for (FileStatus file : fs.listStatus(changeData)) {
      fs.delete(file.getPath(), true);
    }

    assertThat(eventsAndRows(lake, swapped)).containsExactly(
        "change feed unavailable since version 4 (lake history or change data files cleaned up): loaded whole", "2|Bob, moved twice",
        "4|Di");

    // Version 5 changes a column's type under the same name.
    TestingSpark.session().read().format("delta").load(lake.layout().curated("dim_customer").uri().toString())
        .withColumn("score", org.apache.spark.sql.functions.col("score").cast("string")).write().format("delta")
        .mode(SaveMode.Overwrite).option("overwriteSchema", "true").save(lake.layout().curated("dim_customer").uri().toString());

    assertThat(eventsAndRows(lake, swapped)).containsExactly(
        "change feed unavailable since version 5 (column types changed): loaded whole", "2|Bob, moved twice", "4|Di");
    assertThat(rows("SELECT data_type FROM information_schema.columns WHERE table_schema = 'cdf_fallback' AND column_name = 'score'"))
        .containsExactly("text");
  }

  /** Exports {@code lake} incrementally and swapped in whole; the incremental events, then its rows, after checking they equal the swap's. */
  private static List<String> eventsAndRows(ExportTesting lake, ExportTesting swapped) throws SQLException {
    List<String> events = lake.run(new ExportJob()).get(0).events();
    swapped.run(new ExportJob());
    assertThat(rows(ALL_CUSTOMERS.formatted(lake.schema()))).isEqualTo(rows(ALL_CUSTOMERS.formatted(swapped.schema())));
    List<String> result = new java.util.ArrayList<>(events);
    result.addAll(rows("SELECT dim_customer_key, name FROM " + lake.schema() + ".dim_customer ORDER BY 1"));
    return result;
  }
}
