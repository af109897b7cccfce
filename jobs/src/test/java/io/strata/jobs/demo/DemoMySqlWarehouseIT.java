package io.strata.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.Stage;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingMariaDb;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped demo over both run dates, exported to a real MariaDB ({@code strata demo --warehouse
 * jdbc:mysql://...}): the star, the mart and the view arrive as the lake holds them, day 2
 * incrementally, with the run log and the quality results; the PostgreSQL-only row policies are
 * left out, and the run says so.
 */
class DemoMySqlWarehouseIT {
  @TempDir Path dir;

  @Test
  void theDemoExportsItsStarToMariaDb() throws Exception {
    String url = TestingMariaDb.shared().createDatabase("demo_warehouse");
    StringWriter console = new StringWriter();
    Map<String, String> env = new HashMap<>(System.getenv());
    env.put("STRATA_DEMO_PII_KEY", "demo-test-key");
    env.put("STRATA_DEMO_WAREHOUSE_USER", TestingMariaDb.USER);
    env.put("STRATA_DEMO_WAREHOUSE_PASSWORD", "demo"); // the test server has no grant tables: any password does

    DemoRun.Result demo = new DemoRun(new PrintWriter(console, true), ScriptRun.projectDir(), dir, freePort(), env, Optional.of(url))
        .run(Stage.EXPORT);

    PipelineConfig config = demo.config();
    assertThat(demo.warehouseUrl()).isEqualTo(url);
    assertThat(console.toString())
        .contains("is MySQL or MariaDB: the demo's row policies and grants (warehouse.security) are PostgreSQL's and are left out")
        .containsPattern("fact_sales \\(incremental\\): 7 rows copied to staging in [^;]+; first export: loaded whole")
        .containsPattern("fact_sales \\(incremental\\): 6 rows copied to staging in [^;]+; 1 partition\\(s\\) replaced")
        .contains("published 6 table(s), 1 view(s), 0 materialized view(s) with one RENAME TABLE")
        .contains("published 6 table(s), 1 view(s), 0 materialized view(s) in one transaction (5 in place), then one RENAME TABLE (1 whole)");
    try (Connection warehouse = TestingMariaDb.shared().connect("demo_warehouse")) {
      for (String table : List.of("dim_customer", "dim_product", "dim_store", "dim_date", "fact_sales", "agg_daily_sales")) {
        long lake = TestingSpark.session().read().format("delta").load(config.lake().layout().curated(table).uri().toString()).count();
        assertThat(strings(warehouse, "SELECT count(*) FROM retail." + table)).as(table).containsExactly(Long.toString(lake));
      }
      // Day 1's seven modelled lines earned 237.70, day 2's six 205.70; day 2 replaced only its own partition.
      assertThat(strings(warehouse, "SELECT concat(date, ' ', sum(revenue)) FROM retail.agg_daily_sales GROUP BY date ORDER BY date"))
          .containsExactly("2026-03-01 237.70", "2026-03-02 205.70");
      assertThat(strings(warehouse, "SELECT concat(d.date, ' ', sum(f.amount)) FROM retail.fact_sales f JOIN retail.dim_date d"
          + " ON d.date_key = f.order_date_key GROUP BY d.date ORDER BY d.date")).containsExactly("2026-03-01 237.70", "2026-03-02 205.70");
      assertThat(strings(warehouse, "SELECT count(*) FROM retail.v_sales")).containsExactly("13");
      // SCD2 in the warehouse: one current version per customer, history kept.
      assertThat(strings(warehouse, "SELECT count(*) FROM retail.dim_customer WHERE is_current GROUP BY customer_id HAVING count(*) > 1"))
          .isEmpty();
      assertThat(strings(warehouse, "SELECT concat(table_name, ' ', mode) FROM retail.strata_export_state ORDER BY table_name"))
          .contains("fact_sales incremental", "agg_daily_sales incremental");
      assertThat(strings(warehouse, "SELECT DISTINCT concat(stage, ' ', status) FROM retail.pipeline_executions"
          + " WHERE target = 'fact_sales' ORDER BY 1")).contains("model SUCCESS");
      assertThat(strings(warehouse, "SELECT count(DISTINCT run_id) FROM retail.quality_results")).containsExactly("2");
    }
  }

  /** What `strata demo --warehouse mariadb` starts: a server the export's own connections can use, gone after close. */
  @Test
  void theEmbeddedMariaDbTheDemoStartsTakesTheExportsConnections() throws Exception {
    String url;
    try (DemoMariaDb server = DemoMariaDb.start(dir.resolve("mariadb"))) {
      server.recreateDatabase(DemoRun.WAREHOUSE_DATABASE);
      url = server.jdbcUrl(DemoRun.WAREHOUSE_DATABASE);
      try (Connection connection = java.sql.DriverManager.getConnection(url.replace("jdbc:mysql:", "jdbc:mariadb:"), DemoMariaDb.USER,
          DemoMariaDb.PASSWORD)) {
        assertThat(strings(connection, "SELECT concat(database(), ' ', @@local_infile)")).containsExactly("warehouse ON");
      }
      assertThat(server.clientCommand("warehouse")).isEqualTo("mysql -h 127.0.0.1 -P " + server.port() + " -u root warehouse");
    }
    assertThat(url).startsWith("jdbc:mysql://127.0.0.1:").endsWith("/warehouse");
  }

  private static List<String> strings(Connection connection, String sql) throws SQLException {
    List<String> values = new ArrayList<>();
    try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        values.add(result.getString(1));
      }
    }
    return values;
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
