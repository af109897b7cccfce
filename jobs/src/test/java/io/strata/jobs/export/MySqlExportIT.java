package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTables.sale;
import static io.strata.jobs.export.ExportTables.sales;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingMariaDb;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.StrataException;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import io.strata.layout.config.Secret;
import io.strata.layout.config.StrataConfigException;
import io.strata.layout.config.WarehouseSecurity;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The export into a real MariaDB (MySQL's protocol and SQL): column types, keys and indexes, exact
 * rows through {@code LOAD DATA LOCAL INFILE}, the swap with one {@code RENAME TABLE}, incremental
 * partitions and upserts, reconciliation, views, and what only PostgreSQL offers named as config errors.
 */
class MySqlExportIT {
  private static final String V_SALES = "SELECT f.order_id, c.name, f.amount FROM fact_sales f JOIN dim_customer c"
      + " ON c.dim_customer_key = f.customer_key";

  private static ExportConfig export(ExportMode mode, Map<String, String> views) {
    return new ExportConfig(Optional.of(List.of("dim_customer", "fact_sales")), mode, Map.of(), views, Map.of(), 2);
  }

  /** A lake exported to a MariaDB database of its own, named {@code database}. */
  private static ExportTesting lake(String database, ExportConfig export) {
    String url = TestingMariaDb.shared().createDatabase(database);
    return new ExportTesting(database, export, TestingMariaDb.USER, Secret.of("test", TestingMariaDb.shared().password()), url);
  }

  /** The awkward values LOAD DATA's text format must carry: tabs, newlines, backslashes, a literal \N, empty text, unicode. */
  private static ExportTesting lakeWithKnownRows(String database, ExportConfig export) {
    ExportTesting lake = lake(database, export);
    lake.curatedWithChangeFeed("dim_customer", customers(
        customer(-1, null, null, null, null, null, null),
        customer(1, 101L, "Ann \"the\" O'Neil, Jr.", "1234567890.12", 0.1, "2026-03-01T10:15:30.123456Z", true),
        customer(2, 102L, "line1\nline2\r\\back\\slash\t", "-0.01", -1.5e300, "1999-12-31T23:59:59.999999Z", false),
        customer(3, 103L, "", "0.00", 2.5, "2026-03-01T00:00:00Z", true),
        customer(4, 104L, "\\N", "10.50", null, null, true),
        customer(5, 105L, "Zoë 東京 \u00a0NULL\u0000", "99.99", 3.0, "2026-03-02T12:00:00Z", true)));
    lake.factPartitions(sales(sale(1, 1001, "12.34", "2026-03-01T09:00:00Z", "first, \"quoted\""),
        sale(2, 1002, "0.01", "2026-03-01T23:59:59.000001Z", null),
        sale(-1, 1003, "-5.00", "2026-03-02T00:00:00Z", "")));
    return lake;
  }

  @Test
  void swapLoadsTypedKeyedTablesWithExactRowsAndViews() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("my_swap", export(ExportMode.SWAP, Map.of("v_sales", V_SALES)));

    List<StageResult> results = lake.run(new ExportJob());

    assertThat(results).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten)
        .startsWith(org.assertj.core.groups.Tuple.tuple("dim_customer", 6L, 6L), org.assertj.core.groups.Tuple.tuple("fact_sales", 3L, 3L));
    assertThat(lake.progress()).anyMatch(line -> line.startsWith("published 2 table(s), 1 view(s), 0 materialized view(s) with one"
        + " RENAME TABLE"));
    assertThat(rows("my_swap", "SELECT column_name, column_type, is_nullable FROM information_schema.columns"
        + " WHERE table_schema = 'my_swap' AND table_name = 'dim_customer' ORDER BY ordinal_position")).containsExactly(
        "dim_customer_key|bigint(20)|NO", "customer_id|bigint(20)|YES", "name|longtext|YES", "balance|decimal(12,2)|YES",
        "score|double|YES", "updated_at|datetime(6)|YES", "is_current|tinyint(1)|YES");
    assertThat(rows("my_swap", "SELECT table_name, index_name, column_name FROM information_schema.statistics"
        + " WHERE table_schema = 'my_swap' AND table_name IN ('dim_customer', 'fact_sales')")).containsExactlyInAnyOrder(
        "dim_customer|PRIMARY|dim_customer_key", "dim_customer|dim_customer_customer_id_idx|customer_id",
        "fact_sales|fact_sales_customer_key_idx|customer_key", "fact_sales|fact_sales_order_date_key_idx|order_date_key");
    assertThat(rows("my_swap", "SELECT dim_customer_key, customer_id, name, balance, score, updated_at, is_current, name IS NULL,"
        + " name = '' FROM dim_customer ORDER BY 1")).containsExactly(
        "-1|null|null|null|null|null|null|1|null",
        "1|101|Ann \"the\" O'Neil, Jr.|1234567890.12|0.1|2026-03-01 10:15:30.123456|1|0|0",
        "2|102|line1\nline2\r\\back\\slash\t|-0.01|-1.5e300|1999-12-31 23:59:59.999999|0|0|0",
        "3|103||0.00|2.5|2026-03-01 00:00:00.000000|1|0|1",
        "4|104|\\N|10.50|null|null|1|0|0",
        "5|105|Zoë 東京 \u00a0NULL\u0000|99.99|3|2026-03-02 12:00:00.000000|1|0|0");
    assertThat(rows("my_swap", "SELECT order_id, customer_key, order_date_key, amount, order_ts, note, partition_date FROM fact_sales"
        + " ORDER BY 1")).containsExactly(
        "1001|1|20260301|12.34|2026-03-01 09:00:00.000000|first, \"quoted\"|2026-03-01",
        "1002|2|20260301|0.01|2026-03-01 23:59:59.000001|null|2026-03-01",
        "1003|-1|20260302|-5.00|2026-03-02 00:00:00.000000||2026-03-02");
    assertThat(rows("my_swap", "SELECT order_id, amount FROM v_sales ORDER BY 1")).containsExactly("1001|12.34", "1002|0.01",
        "1003|-5.00");

    lake.factPartitions(sales(sale(1, 1004, "100.00", "2026-03-03T10:00:00Z", "new")));
    lake.run(new ExportJob());

    assertThat(rows("my_swap", "SELECT order_id, amount FROM v_sales ORDER BY 1")).containsExactly("1001|12.34", "1002|0.01",
        "1003|-5.00", "1004|100.00");
    assertThat(rows("my_swap", "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'my_swap' ORDER BY 1"))
        .containsExactly("dim_customer|BASE TABLE", "fact_sales|BASE TABLE", "strata_export_state|BASE TABLE", "v_sales|VIEW");
    assertThat(rows("my_swap", "SELECT table_name, delta_version, mode, row_count FROM strata_export_state ORDER BY 1"))
        .containsExactly("dim_customer|0|swap|6", "fact_sales|1|swap|4");
  }

  @Test
  void incrementalReplacesChangedPartitionsAndUpsertsAndDeletesDimensionRowsInOneTransaction() throws SQLException {
    ExportTesting lake = lake("my_incremental", export(ExportMode.INCREMENTAL, Map.of("v_sales", V_SALES)));
    lake.curatedWithChangeFeed("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "Bob", "2.00", 2.0, "2026-03-01T00:00:00Z", true),
        customer(4, 104L, "Dee", "4.00", 4.0, "2026-03-01T00:00:00Z", true)));
    lake.factPartitions(sales(sale(1, 1001, "10.00", "2026-03-01T09:00:00Z", "day one"),
        sale(2, 1002, "20.00", "2026-03-02T09:00:00Z", "day two")));
    lake.run(new ExportJob());
    // Marks the warehouse copy of a partition the lake does not change next: it must stay as it is.
    execute("my_incremental", "UPDATE fact_sales SET note = 'not replaced' WHERE order_id = 1001");

    lake.factPartitions(sales(sale(2, 1002, "21.00", "2026-03-02T09:00:00Z", "day two, corrected"),
        sale(1, 1003, "30.00", "2026-03-02T18:00:00Z", "late"),
        sale(3, 1004, "40.00", "2026-03-03T09:00:00Z", "day three")));
    lake.mergeDimension("dim_customer", "dim_customer_key",
        customers(customer(2, 102L, "Bob\t\"Robert\"", "2.50", 2.0, "2026-03-02T00:00:00Z", true),
            customer(3, 103L, "Cy", null, null, null, true)),
        customers(customer(4, 104L, "Dee", "4.00", 4.0, "2026-03-01T00:00:00Z", true)));

    List<StageResult> second = lake.run(new ExportJob());

    assertThat(second).extracting(result -> result.target() + ": " + result.events() + " " + result.metrics()).startsWith(
        "dim_customer: [2 changed row(s) upserted, 1 deleted] {deleted=1, delta_version=1, warehouse_rows=3}",
        "fact_sales: [2 partition(s) replaced] {delta_version=1, partitions=2, warehouse_rows=4}");
    assertThat(rows("my_incremental", "SELECT order_id, amount, note, partition_date FROM fact_sales ORDER BY 1")).containsExactly(
        "1001|10.00|not replaced|2026-03-01", "1002|21.00|day two, corrected|2026-03-02", "1003|30.00|late|2026-03-02",
        "1004|40.00|day three|2026-03-03");
    assertThat(rows("my_incremental", "SELECT dim_customer_key, name, balance FROM dim_customer ORDER BY 1")).containsExactly(
        "1|Ann|1.00", "2|Bob\t\"Robert\"|2.50", "3|Cy|null");
    assertThat(rows("my_incremental", "SELECT order_id, name FROM v_sales ORDER BY 1")).containsExactly(
        "1001|Ann", "1002|Bob\t\"Robert\"", "1003|Ann", "1004|Cy");
    assertThat(rows("my_incremental", "SELECT table_name FROM information_schema.tables WHERE table_schema = 'my_incremental'"
        + " AND table_type = 'BASE TABLE' ORDER BY 1")).containsExactly("dim_customer", "fact_sales", "strata_export_state");
    assertThat(rows("my_incremental", "SELECT table_name, delta_version, mode, row_count FROM strata_export_state ORDER BY 1"))
        .containsExactly("dim_customer|1|incremental|3", "fact_sales|1|incremental|4");

    List<StageResult> third = lake.run(new ExportJob());

    assertThat(third).extracting(result -> result.target() + ": " + result.events()).startsWith(
        "dim_customer: [unchanged since the last export]", "fact_sales: [unchanged since the last export]");
  }

  @Test
  void aRowCountThatDoesNotReconcilePublishesNothingAndTheNextRunCleansUp() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("my_reconcile", export(ExportMode.SWAP, Map.of()));
    lake.run(new ExportJob());
    lake.factPartitions(sales(sale(1, 1004, "100.00", "2026-03-03T10:00:00Z", "new")));

    assertThatThrownBy(() -> lake.run(new ExportJob(() -> execute("my_reconcile", "DELETE FROM fact_sales__staging WHERE order_id = 1001"))))
        .isInstanceOf(StrataException.class).hasMessage("export: reconciliation failed for fact_sales: the warehouse would hold 3 rows,"
        + " the curated table (Delta version 1) holds 4. Nothing was published; the previous tables stay. Fix: re-run the export;"
        + " if it persists, check for other writers to my_reconcile.fact_sales");

    assertThat(rows("my_reconcile", "SELECT count(*) FROM fact_sales")).containsExactly("3");
    assertThat(rows("my_reconcile", "SELECT table_name, delta_version FROM strata_export_state ORDER BY 1"))
        .containsExactly("dim_customer|0", "fact_sales|0");

    lake.progress().clear();
    lake.run(new ExportJob());

    assertThat(lake.progress()).contains("dropped staging tables an earlier export left: dim_customer__staging, fact_sales__staging");
    assertThat(rows("my_reconcile", "SELECT count(*) FROM fact_sales")).containsExactly("4");
  }

  @Test
  void whatOnlyPostgreSqlOffersIsAConfigErrorNamingTheKey() throws SQLException {
    ExportTesting lake = lake("my_config", new ExportConfig(Optional.of(List.of("dim_customer")), ExportMode.SWAP, Map.of(), Map.of(),
        Map.of("mv_total", "SELECT 1 AS one"), 2));
    lake.curated("dim_customer", ExportTables.knownCustomers());

    assertThatThrownBy(() -> lake.run(new ExportJob())).isInstanceOf(StrataConfigException.class)
        .hasMessageContaining("warehouse.export.materialized-views: are not supported by MySQL or MariaDB")
        .hasMessageContaining("declare them under warehouse.export.views, or as model.aggregates");
    assertThat(rows("my_config", "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'my_config'")).containsExactly("0");
  }

  @Test
  void aValueMySqlCannotTakeFailsTheLoadWithTheServersWords() {
    ExportTesting lake = lake("my_refused", export(ExportMode.SWAP, Map.of()));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", Double.NaN, null, true)));
    lake.factPartitions(sales(sale(1, 1001, "12.34", "2026-03-01T09:00:00Z", "x")));

    assertThatThrownBy(() -> lake.run(new ExportJob())).isInstanceOf(StrataException.class)
        .hasMessageStartingWith("export: copying rows into dim_customer__staging failed in the warehouse jdbc:mysql://")
        .hasMessageContaining("the server could not take every value: Incorrect double value: 'NaN' for column")
        .hasMessageEndingWith("[SQLSTATE 22000]. Fix: a value does not fit its warehouse column (the server names it): clean or cast it"
            + " in the model")
        .hasMessageNotContaining(TestingSpark.LAKE_BUCKET);
  }

  private static List<String> rows(String database, String query) throws SQLException {
    try (Connection connection = TestingMariaDb.shared().connect(database)) {
      return ExportTesting.rows(connection, query);
    }
  }

  private static void execute(String database, String sql) {
    try (Connection connection = TestingMariaDb.shared().connect(database); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
