package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code warehouse.export} section: defaults, explicit mapping, and every problem reported with its key. */
class ExportConfigTest {
  private static final String MODEL = ConfigText.STAR_WITH_WAREHOUSE;

  @TempDir Path dir;

  private ExportConfig load(String export) throws IOException {
    return ConfigText.load(dir, MODEL + export + "\n}\n", Map.of("DW_PASSWORD", "pw")).warehouse().orElseThrow().export();
  }

  private List<String> problems(String export) {
    return ConfigText.problems(() -> load(export));
  }

  @Test
  void defaultsToTheWholeModelExportedIncrementally() throws IOException {
    ExportConfig export = load("");
    ModelConfig model = new PipelineConfigLoader(Map.of("DW_PASSWORD", "pw"), true).load(dir.resolve("pipeline.conf")).model();

    assertThat(export).isEqualTo(ExportConfig.defaults());
    assertThat(export.tablesOf(model)).containsExactly("dim_customer", "dim_date", "fact_sales");
    assertThat(export.defaultMode()).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(export.modeOf("fact_sales")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(export.modeOf("dim_customer")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(export.modeOf("dim_date")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(export.connections()).isEqualTo(4);
  }

  @Test
  void readsTablesModesViewsAndMaterializedViews() throws IOException {
    ExportConfig export = load("""
        export {
          tables = [dim_customer, fact_sales]
          mode = swap
          modes { fact_sales = incremental }
          views {
            v_sales = "SELECT f.order_id, c.city FROM fact_sales f JOIN dim_customer c ON c.dim_customer_key = f.customer_key"
            v_cities = "WITH c AS (SELECT city FROM v_sales) SELECT DISTINCT city FROM c"
          }
          materialized-views { mv_count = "SELECT count(*) AS n FROM fact_sales" }
          connections = 2
        }
        """);

    assertThat(export.tables()).hasValue(List.of("dim_customer", "fact_sales"));
    assertThat(export.modeOf("fact_sales")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(export.modeOf("dim_customer")).isEqualTo(ExportMode.SWAP);
    assertThat(export.views().keySet()).containsExactly("v_sales", "v_cities");
    assertThat(export.materializedViews()).containsEntry("mv_count", "SELECT count(*) AS n FROM fact_sales");
    assertThat(export.connections()).isEqualTo(2);
    assertThat(load("export.mode = swap").modeOf("dim_date")).isEqualTo(ExportMode.SWAP);
    assertThat(load("export.modes { dim_customer = swap }").modeOf("dim_customer")).isEqualTo(ExportMode.SWAP);
    assertThat(load("export.modes { dim_customer = swap }").modeOf("fact_sales")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(load("export.tables = fact_sales").tables()).isEqualTo(Optional.of(List.of("fact_sales")));
  }

  @Test
  void rejectsNamesThatAreNotPlainIdentifiersOrNotTablesOfTheModel() {
    assertThat(problems("""
        export {
          tables = ["fact_sales; drop table x", dim_customr, "Dim_Customer"]
          mode = swp
          modes { fact_sales = increment, "bad name" = swap }
          views { "v-sales" = "SELECT 1", v_two = "DELETE FROM fact_sales", v_three = "SELECT 1; DROP TABLE fact_sales" }
          materialized-views { v_two = "SELECT 2" }
          conections = 2
        }
        """)).containsExactlyInAnyOrder(
        "warehouse.export.tables: names 'fact_sales; drop table x', which is not a plain identifier Fix: use lower-case letters,"
            + " digits and '_' (at most 63), starting with a letter or '_'",
        "warehouse.export.tables: names 'dim_customr', which is not a table of the model Fix: did you mean 'dim_customer'?",
        "warehouse.export.tables: names 'Dim_Customer', which is not a plain identifier Fix: use lower-case letters,"
            + " digits and '_' (at most 63), starting with a letter or '_'",
        "warehouse.export.mode: is 'swp', which is not one of swap, incremental Fix: did you mean 'swap'?",
        "warehouse.export.modes.fact_sales: is 'increment', which is not one of swap, incremental Fix: did you mean 'incremental'?",
        "warehouse.export.modes.bad name: names 'bad name', which is not a plain identifier Fix: use lower-case letters,"
            + " digits and '_' (at most 63), starting with a letter or '_'",
        "warehouse.export.views.v-sales: is not a plain identifier Fix: use lower-case letters, digits and '_' (at most 63),"
            + " starting with a letter or '_'",
        "warehouse.export.views.v_two: is not a query Fix: write a SELECT (or WITH ... SELECT) statement",
        "warehouse.export.views.v_three: holds ';': one view is one statement Fix: remove the ';' and write a single SELECT",
        "warehouse.export.conections: is not a known setting Fix: did you mean 'warehouse.export.connections'?");
  }

  @Test
  void theDemoWarehouseValidatesWithoutItsPasswordAndNamesItWhenTheExportNeedsIt() {
    PipelineConfig demo = new PipelineConfigLoader(Map.of("STRATA_DEMO_PII_KEY", "k"), true).load(Path.of("../conf/demo.conf"));

    WarehouseConfig warehouse = demo.warehouse().orElseThrow();
    assertThat(warehouse.url()).isEqualTo("jdbc:postgresql://127.0.0.1:54331/warehouse");
    assertThat(warehouse.export().tablesOf(demo.model())).containsExactly("dim_customer", "dim_product", "dim_store", "dim_date", "fact_sales",
        "agg_daily_sales");
    assertThat(warehouse.export().modeOf("fact_sales")).isEqualTo(ExportMode.INCREMENTAL);
    assertThat(warehouse.export().views().get("v_sales")).startsWith("SELECT f.order_id").contains("JOIN dim_date d");
    assertThat(warehouse.passwordProblem()).hasValue("warehouse.password: env:STRATA_DEMO_WAREHOUSE_PASSWORD is not set."
        + " Fix: export STRATA_DEMO_WAREHOUSE_PASSWORD before running the export stage");
  }
}
