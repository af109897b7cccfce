package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTables.sale;
import static io.strata.jobs.export.ExportTables.sales;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Incremental mode: a fact's changed date partitions replaced, the others untouched; a dimension upserted on its surrogate key. */
class ExportIncrementalIT {
  @Test
  void replacesOnlyChangedPartitionsAndUpsertsDimensionRows() throws SQLException {
    ExportTesting lake = new ExportTesting("incremental", new ExportConfig(Optional.of(List.of("dim_customer", "fact_sales")),
        ExportMode.INCREMENTAL, Map.of(), Map.of("v_sales", "SELECT f.order_id, c.name FROM fact_sales f JOIN dim_customer c"
        + " ON c.dim_customer_key = f.customer_key"), Map.of(), 2));
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
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
    lake.curated("dim_customer", customers(customer(1, 101L, "Ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "Bob \"Robert\"", "2.50", 2.0, "2026-03-02T00:00:00Z", true),
        customer(3, 103L, "Cy", null, null, null, true)));

    List<StageResult> second = lake.run(new ExportJob());

    assertThat(second).extracting(result -> result.target() + ": " + result.events() + " " + result.metrics()).startsWith(
        "dim_customer: [upserted] {delta_version=1, warehouse_rows=3}",
        "fact_sales: [2 partition(s) replaced] {delta_version=1, partitions=2, warehouse_rows=4}");
    assertThat(rows("SELECT order_id, amount, note, partition_date FROM incremental.fact_sales ORDER BY 1")).containsExactly(
        "1001|10.00|not replaced|2026-03-01", "1002|21.00|day two, corrected|2026-03-02", "1003|30.00|late|2026-03-02",
        "1004|40.00|day three|2026-03-03");
    assertThat(rows("SELECT dim_customer_key, name, balance FROM incremental.dim_customer ORDER BY 1")).containsExactly(
        "1|Ann|1.00", "2|Bob \"Robert\"|2.50", "3|Cy|null");
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
}
