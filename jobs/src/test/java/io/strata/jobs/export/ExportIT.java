package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTables.sale;
import static io.strata.jobs.export.ExportTables.sales;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.stage.StageResult;
import io.strata.layout.StrataException;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The export into a real PostgreSQL: types, keys and indexes, exact rows, the atomic swap, reconciliation and views. */
class ExportIT {
  private static final String V_SALES = "SELECT f.order_id, c.name, f.amount FROM fact_sales f JOIN dim_customer c"
      + " ON c.dim_customer_key = f.customer_key";

  private static ExportConfig swap(Map<String, String> views, Map<String, String> materialized) {
    return new ExportConfig(Optional.of(List.of("dim_customer", "fact_sales")), ExportMode.SWAP, Map.of(), views, materialized, 2);
  }

  private static ExportTesting lakeWithKnownRows(String schema, ExportConfig export) {
    ExportTesting lake = new ExportTesting(schema, export);
    lake.curated("dim_customer", ExportTables.knownCustomers());
    lake.factPartitions(sales(sale(1, 1001, "12.34", "2026-03-01T09:00:00Z", "first, \"quoted\""),
        sale(2, 1002, "0.01", "2026-03-01T23:59:59.000001Z", null),
        sale(-1, 1003, "-5.00", "2026-03-02T00:00:00Z", "")));
    return lake;
  }

  @Test
  void createsTablesWithMappedTypesPrimaryKeysAndIndexes() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("types", swap(Map.of(), Map.of()));

    List<StageResult> results = lake.run(new ExportJob());

    assertThat(results).extracting(StageResult::target, StageResult::rowsRead, StageResult::rowsWritten)
        .startsWith(org.assertj.core.groups.Tuple.tuple("dim_customer", 6L, 6L), org.assertj.core.groups.Tuple.tuple("fact_sales", 3L, 3L));
    try (Connection connection = ExportTesting.connect()) {
      DatabaseMetaData meta = connection.getMetaData();
      assertThat(columns(meta, "dim_customer")).containsExactly("dim_customer_key int8 not null", "customer_id int8", "name text",
          "balance numeric(12,2)", "score float8", "updated_at timestamptz", "is_current bool");
      assertThat(columns(meta, "fact_sales")).containsExactly("customer_key int8", "order_date_key int4", "order_id int8",
          "amount numeric(12,2)", "order_ts timestamptz", "note text", "partition_date date");
      assertThat(primaryKey(meta, "dim_customer")).isEqualTo("dim_customer_pkey(dim_customer_key)");
      assertThat(primaryKey(meta, "fact_sales")).isEmpty();
      assertThat(indexes(meta, "dim_customer")).containsOnly(Map.entry("dim_customer_pkey", "dim_customer_key"),
          Map.entry("dim_customer_customer_id_idx", "customer_id"));
      assertThat(indexes(meta, "fact_sales")).containsOnly(Map.entry("fact_sales_customer_key_idx", "customer_key"),
          Map.entry("fact_sales_order_date_key_idx", "order_date_key"));
    }
  }

  @Test
  void rowsArriveExactlyWithNullsQuotesNewlinesDecimalsAndInstants() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("exact", swap(Map.of(), Map.of()));

    lake.run(new ExportJob());

    assertThat(rows("SELECT dim_customer_key, customer_id, name, balance, score, updated_at, is_current, name IS NULL, name = ''"
        + " FROM exact.dim_customer ORDER BY 1")).containsExactly(
        "-1|null|null|null|null|null|null|t|null",
        "1|101|Ann \"the\" O'Neil, Jr.|1234567890.12|0.1|2026-03-01 10:15:30.123456+00|t|f|f",
        "2|102|line1\nline2\r\\back\\slash\t|-0.01|NaN|1999-12-31 23:59:59.999999+00|f|f|f",
        "3|103||0.00|-1.5e+300|2026-03-01 00:00:00+00|t|f|t",
        "4|104|\\.|10.50|null|null|t|f|f",
        "5|105|Zoë 東京 \u00a0NULL|99.99|3|2026-03-02 12:00:00+00|t|f|f");
    assertThat(rows("SELECT order_id, customer_key, order_date_key, amount, order_ts, note, partition_date FROM exact.fact_sales ORDER BY 1"))
        .containsExactly("1001|1|20260301|12.34|2026-03-01 09:00:00+00|first, \"quoted\"|2026-03-01",
            "1002|2|20260301|0.01|2026-03-01 23:59:59.000001+00|null|2026-03-01",
            "1003|-1|20260302|-5.00|2026-03-02 00:00:00+00||2026-03-02");
  }

  @Test
  void aFailureBetweenLoadAndSwapLeavesTheOldTablesAndViewsAndTheNextRunCleansUp() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("atomic", swap(Map.of("v_sales", V_SALES), Map.of("mv_total", "SELECT sum(amount) AS total FROM fact_sales")));
    lake.run(new ExportJob());
    lake.factPartitions(sales(sale(1, 1004, "100.00", "2026-03-03T10:00:00Z", "new")));

    assertThatThrownBy(() -> lake.run(new ExportJob(() -> {
      throw new StrataException("killed between load and swap");
    }))).hasMessage("killed between load and swap");

    assertThat(rows("SELECT count(*) FROM atomic.fact_sales")).containsExactly("3");
    assertThat(rows("SELECT order_id, name, amount FROM atomic.v_sales ORDER BY 1")).containsExactly(
        "1001|Ann \"the\" O'Neil, Jr.|12.34", "1002|line1\nline2\r\\back\\slash\t|0.01", "1003|null|-5.00");
    assertThat(rows("SELECT total FROM atomic.mv_total")).containsExactly("7.35");
    assertThat(rows("SELECT tablename FROM pg_tables WHERE schemaname = 'atomic' ORDER BY 1"))
        .contains("dim_customer__staging", "fact_sales__staging");

    lake.progress().clear();
    lake.run(new ExportJob());

    assertThat(lake.progress()).contains("dropped staging tables an earlier export left: dim_customer__staging, fact_sales__staging");
    assertThat(rows("SELECT count(*) FROM atomic.fact_sales")).containsExactly("4");
    assertThat(rows("SELECT order_id, amount FROM atomic.v_sales WHERE order_id = 1004")).containsExactly("1004|100.00");
    assertThat(rows("SELECT total FROM atomic.mv_total")).containsExactly("107.35");
    assertThat(rows("SELECT tablename FROM pg_tables WHERE schemaname = 'atomic' ORDER BY 1"))
        .containsExactly("dim_customer", "fact_sales", "strata_export_state");
    assertThat(rows("SELECT table_name, delta_version, mode, row_count FROM atomic.strata_export_state ORDER BY 1"))
        .containsExactly("dim_customer|0|swap|6", "fact_sales|1|swap|4");
  }

  @Test
  void aRowCountThatDoesNotReconcileFailsTheStageAndPublishesNothing() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("reconcile", swap(Map.of("v_sales", V_SALES), Map.of()));
    lake.run(new ExportJob());
    lake.factPartitions(sales(sale(1, 1004, "100.00", "2026-03-03T10:00:00Z", "new")));

    assertThatThrownBy(() -> lake.run(new ExportJob(() -> {
      try {
        ExportTesting.execute("DELETE FROM reconcile.fact_sales__staging WHERE order_id = 1001");
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }))).isInstanceOf(StrataException.class).hasMessage("export: reconciliation failed for fact_sales: the warehouse would hold 3 rows,"
        + " the curated table (Delta version 1) holds 4. Nothing was published; the previous tables stay. Fix: re-run the export;"
        + " if it persists, check for other writers to reconcile.fact_sales");

    assertThat(rows("SELECT count(*) FROM reconcile.fact_sales")).containsExactly("3");
    assertThat(rows("SELECT count(*) FROM reconcile.v_sales")).containsExactly("3");
    assertThat(rows("SELECT table_name, delta_version FROM reconcile.strata_export_state ORDER BY 1"))
        .containsExactly("dim_customer|0", "fact_sales|0");
  }

  @Test
  void aViewOutsideTheConfigThatBlocksTheSwapIsNamedAndNothingChanges() throws SQLException {
    ExportTesting lake = lakeWithKnownRows("blocked", swap(Map.of(), Map.of()));
    lake.run(new ExportJob());
    ExportTesting.execute("CREATE VIEW blocked.v_handmade AS SELECT order_id FROM blocked.fact_sales");

    assertThatThrownBy(() -> lake.run(new ExportJob())).isInstanceOf(StrataException.class)
        .hasMessageContaining("export: publishing failed in the warehouse jdbc:postgresql://127.0.0.1:")
        .hasMessageContaining("/export_tests as user postgres: ERROR: cannot drop table blocked.fact_sales")
        .hasMessageContaining("view blocked.v_handmade depends on table blocked.fact_sales")
        .hasMessageContaining("Fix: declare the dependent view under warehouse.export.views so the export recreates it, or drop it");
    assertThat(rows("SELECT count(*) FROM blocked.v_handmade")).containsExactly("3");
  }

  @Test
  void aColumnThatIsNotAPlainIdentifierIsRejectedBeforeAnySql() {
    ExportTesting lake = new ExportTesting("names", swap(Map.of(), Map.of()));
    lake.curated("dim_customer", customers(customer(1, 101L, "a", "1.00", 1.0, null, true)).withColumnRenamed("name", "Bad-Name"));
    lake.factPartitions(sales(sale(1, 1001, "1.00", "2026-03-01T09:00:00Z", null)));

    assertThatThrownBy(() -> lake.run(new ExportJob())).isInstanceOf(StrataException.class).hasMessage(
        "export: column 'Bad-Name' of dim_customer is not a plain identifier. Fix: name it in lower-case letters, digits and '_'"
            + " in the model (e.g. an alias in its sql)");
  }

  private static List<String> columns(DatabaseMetaData meta, String table) throws SQLException {
    List<String> columns = new ArrayList<>();
    try (ResultSet rows = meta.getColumns(null, "types", table, null)) {
      while (rows.next()) {
        String type = rows.getString("TYPE_NAME");
        String size = type.equals("numeric") ? "(" + rows.getInt("COLUMN_SIZE") + "," + rows.getInt("DECIMAL_DIGITS") + ")" : "";
        columns.add(rows.getString("COLUMN_NAME") + " " + type + size + (rows.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls ? " not null" : ""));
      }
    }
    return columns;
  }

  private static String primaryKey(DatabaseMetaData meta, String table) throws SQLException {
    StringBuilder key = new StringBuilder();
    try (ResultSet rows = meta.getPrimaryKeys(null, "types", table)) {
      while (rows.next()) {
        key.append(rows.getString("PK_NAME")).append("(").append(rows.getString("COLUMN_NAME")).append(")");
      }
    }
    return key.toString();
  }

  private static Map<String, String> indexes(DatabaseMetaData meta, String table) throws SQLException {
    Map<String, String> indexes = new LinkedHashMap<>();
    try (ResultSet rows = meta.getIndexInfo(null, "types", table, false, false)) {
      while (rows.next()) {
        indexes.merge(rows.getString("INDEX_NAME"), rows.getString("COLUMN_NAME"), (a, b) -> a + "," + b);
      }
    }
    return indexes;
  }
}
