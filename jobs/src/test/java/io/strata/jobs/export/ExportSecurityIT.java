package io.strata.jobs.export;

import static io.strata.jobs.export.ExportTables.customer;
import static io.strata.jobs.export.ExportTables.customers;
import static io.strata.jobs.export.ExportTables.sale;
import static io.strata.jobs.export.ExportTables.sales;
import static io.strata.jobs.export.ExportTesting.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.testing.TestingPostgres;
import io.strata.layout.StrataException;
import io.strata.layout.config.ExportConfig;
import io.strata.layout.config.ExportMode;
import io.strata.layout.config.MemberAccess;
import io.strata.layout.config.WarehouseSecurity;
import io.strata.layout.config.WarehouseSecurity.RowPolicy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Row-level security in the warehouse: two login roles see exactly their rows in the tables and
 * in a view, after a first export, a swap and an incremental load; a role without a grant sees
 * nothing; a role the config names that does not exist stops the publish.
 */
class ExportSecurityIT {
  private static final String UK = "rls_uk_reader";
  private static final String FR = "rls_fr_reader";
  private static final String NOBODY = "rls_no_grant";
  private static final String READERS = "rls_bi_readers";
  /** Each login role sees the customers of its country; the names carry the country here. */
  private static final String OWN_CUSTOMERS = "name LIKE CASE current_user WHEN '" + UK + "' THEN 'uk-%' WHEN '" + FR
      + "' THEN 'fr-%' END";
  private static final String V_SALES = "SELECT f.order_id, c.name, f.amount FROM fact_sales f JOIN dim_customer c"
      + " ON c.dim_customer_key = f.customer_key";

  @BeforeAll
  static void loginRoles() throws SQLException {
    ExportTesting.database();
    try (Connection connection = ExportTesting.connect(); Statement statement = connection.createStatement()) {
      for (String role : List.of(UK, FR, NOBODY)) {
        statement.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '" + role + "') THEN CREATE ROLE " + role
            + " LOGIN; END IF; END $$");
      }
    }
  }

  private static WarehouseSecurity security() {
    return new WarehouseSecurity(List.of(READERS),
        Map.of("dim_customer", List.of(READERS), "fact_sales", List.of(READERS), "v_sales", List.of(READERS)),
        Map.of("dim_customer", new RowPolicy(OWN_CUSTOMERS, List.of()),
            "fact_sales", new RowPolicy("customer_key IN (SELECT dim_customer_key FROM dim_customer)", List.of())));
  }

  private static ExportTesting lake(String schema, ExportMode mode) {
    ExportTesting lake = new ExportTesting(schema, new ExportConfig(Optional.of(List.of("dim_customer", "fact_sales")), mode, Map.of(),
        Map.of("v_sales", V_SALES), Map.of(), 2)).secured(security());
    lake.curatedWithChangeFeed("dim_customer", customers(customer(1, 101L, "uk-ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "fr-bob", "2.00", 2.0, "2026-03-01T00:00:00Z", true),
        customer(3, 103L, "uk-cy", "3.00", 3.0, "2026-03-01T00:00:00Z", true)));
    lake.factPartitions(sales(sale(1, 1001, "10.00", "2026-03-01T09:00:00Z", null), sale(2, 1002, "20.00", "2026-03-01T10:00:00Z", null),
        sale(3, 1003, "30.00", "2026-03-02T09:00:00Z", null), sale(2, 1004, "40.00", "2026-03-02T10:00:00Z", null)));
    return lake;
  }

  /** The first export creates the group role; the administrator then makes the login roles members. */
  private static void grantReaders() throws SQLException {
    ExportTesting.execute("GRANT " + READERS + " TO " + UK + ", " + FR);
  }

  @Test
  void eachRoleSeesItsRowsInTablesAndViewsAcrossSwaps() throws SQLException {
    ExportTesting lake = lake("rls_swap", ExportMode.SWAP);

    lake.run(new ExportJob());
    grantReaders();

    assertThat(seen(UK, "SELECT order_id FROM rls_swap.fact_sales ORDER BY 1")).containsExactly("1001", "1003");
    assertThat(seen(FR, "SELECT order_id FROM rls_swap.fact_sales ORDER BY 1")).containsExactly("1002", "1004");
    assertThat(seen(UK, "SELECT name FROM rls_swap.dim_customer ORDER BY 1")).containsExactly("uk-ann", "uk-cy");
    assertThat(seen(FR, "SELECT order_id || ' ' || name FROM rls_swap.v_sales ORDER BY 1")).containsExactly("1002 fr-bob", "1004 fr-bob");
    assertThat(seen(UK, "SELECT sum(amount) FROM rls_swap.v_sales")).containsExactly("40.00");
    assertThat(rows("SELECT count(*) FROM rls_swap.fact_sales")).as("the owner, who exports, sees every row").containsExactly("4");
    assertThat(denied(NOBODY, "SELECT * FROM rls_swap.fact_sales")).startsWith("ERROR: permission denied for schema");
    assertThat(denied(NOBODY, "SELECT * FROM rls_swap.v_sales")).startsWith("ERROR: permission denied for schema");

    // A second swap: new tables replace the old ones, with their grants and policies from the start.
    lake.curatedWithChangeFeed("dim_customer", customers(customer(1, 101L, "uk-ann", "1.00", 1.0, "2026-03-01T00:00:00Z", true),
        customer(2, 102L, "fr-bob", "2.00", 2.0, "2026-03-01T00:00:00Z", true),
        customer(3, 103L, "uk-cy", "3.00", 3.0, "2026-03-01T00:00:00Z", true),
        customer(4, 104L, "fr-dee", "4.00", 4.0, "2026-03-02T00:00:00Z", true)));
    lake.factPartitions(sales(sale(3, 1003, "30.00", "2026-03-02T09:00:00Z", null), sale(2, 1004, "40.00", "2026-03-02T10:00:00Z", null),
        sale(4, 1005, "50.00", "2026-03-02T11:00:00Z", null)));
    String before = rows("SELECT 'rls_swap.fact_sales'::regclass::oid").get(0);

    lake.run(new ExportJob());

    assertThat(rows("SELECT 'rls_swap.fact_sales'::regclass::oid")).as("swapped in: a new table").doesNotContain(before);
    assertThat(seen(FR, "SELECT order_id || ' ' || name FROM rls_swap.v_sales ORDER BY 1"))
        .containsExactly("1002 fr-bob", "1004 fr-bob", "1005 fr-dee");
    assertThat(seen(UK, "SELECT order_id FROM rls_swap.fact_sales ORDER BY 1")).containsExactly("1001", "1003");
    assertThat(denied(NOBODY, "SELECT * FROM rls_swap.dim_customer")).startsWith("ERROR: permission denied for schema");
    assertThat(rows("SELECT tablename || ':' || policyname || ':' || roles::text FROM pg_policies WHERE schemaname = 'rls_swap' ORDER BY 1"))
        .containsExactly("dim_customer:strata_row_policy:{public}", "fact_sales:strata_row_policy:{public}");
  }

  @Test
  void anIncrementalLoadKeepsThePoliciesAndFiltersTheNewRows() throws SQLException {
    ExportTesting lake = lake("rls_incremental", ExportMode.INCREMENTAL);
    lake.run(new ExportJob());
    grantReaders();
    String before = rows("SELECT 'rls_incremental.fact_sales'::regclass::oid").get(0);

    lake.mergeDimension("dim_customer", "dim_customer_key", customers(customer(4, 104L, "fr-dee", "4.00", 4.0, "2026-03-02T00:00:00Z", true)),
        customers().limit(0));
    lake.factPartitions(sales(sale(3, 1003, "30.00", "2026-03-02T09:00:00Z", null), sale(2, 1004, "40.00", "2026-03-02T10:00:00Z", null),
        sale(4, 1005, "50.00", "2026-03-02T11:00:00Z", null), sale(1, 1006, "60.00", "2026-03-02T12:00:00Z", null)));

    lake.run(new ExportJob());

    assertThat(rows("SELECT 'rls_incremental.fact_sales'::regclass::oid")).as("loaded in place").containsExactly(before);
    assertThat(seen(UK, "SELECT order_id FROM rls_incremental.fact_sales ORDER BY 1")).containsExactly("1001", "1003", "1006");
    assertThat(seen(FR, "SELECT order_id || ' ' || name FROM rls_incremental.v_sales ORDER BY 1"))
        .containsExactly("1002 fr-bob", "1004 fr-bob", "1005 fr-dee");
    assertThat(denied(NOBODY, "SELECT * FROM rls_incremental.fact_sales")).startsWith("ERROR: permission denied for schema");
  }

  @Test
  void aGrantToARoleThatDoesNotExistPublishesNothing() throws SQLException {
    ExportTesting lake = lake("rls_missing_role", ExportMode.SWAP);
    lake.run(new ExportJob());
    ExportTesting broken = lake.secured(new WarehouseSecurity(List.of(),
        Map.of("fact_sales", List.of("rls_nobody_created_this")), Map.of()));
    lake.factPartitions(sales(sale(1, 1009, "90.00", "2026-03-03T09:00:00Z", null)));

    assertThatThrownBy(() -> broken.run(new ExportJob())).isInstanceOf(StrataException.class)
        .hasMessageContaining("role 'rls_nobody_created_this' does not exist in the warehouse. Nothing was published")
        .hasMessageContaining("warehouse.security.roles");
    assertThat(rows("SELECT order_id FROM rls_missing_role.fact_sales ORDER BY 1")).containsExactly("1001", "1002", "1003", "1004");
  }

  /** The mapping-table form: which customer names each role may see is data the export publishes. */
  private static WarehouseSecurity byMapping(List<String> ukNames, List<String> frNames) {
    MemberAccess names = new MemberAccess("customer_names", "dim_customer", "name", Map.of(UK, ukNames, FR, frNames),
        Map.of("fact_sales", "customer_key", "dim_customer", "name"));
    return new WarehouseSecurity(List.of(READERS),
        Map.of("dim_customer", List.of(READERS), "fact_sales", List.of(READERS), "v_sales", List.of(READERS)),
        Map.of("dim_customer", new RowPolicy(names.policy("dim_customer"), List.of()),
            "fact_sales", new RowPolicy(names.policy("fact_sales"), List.of())),
        Map.of("customer_names", names));
  }

  @Test
  void aMappingTableGivesEachRoleItsMembersAndAConfigChangeMovesThem() throws SQLException {
    ExportTesting lake = lake("rls_mapping", ExportMode.SWAP).secured(byMapping(List.of("uk-ann", "uk-cy"), List.of("fr-bob")));
    lake.run(new ExportJob());
    grantReaders();

    assertThat(rows("SELECT role || ' ' || value FROM rls_mapping.strata_access_customer_names ORDER BY 1"))
        .containsExactly("rls_fr_reader fr-bob", "rls_uk_reader uk-ann", "rls_uk_reader uk-cy");
    assertThat(seen(UK, "SELECT order_id FROM rls_mapping.fact_sales ORDER BY 1")).containsExactly("1001", "1003");
    assertThat(seen(FR, "SELECT order_id || ' ' || name FROM rls_mapping.v_sales ORDER BY 1")).containsExactly("1002 fr-bob", "1004 fr-bob");
    assertThat(seen(UK, "SELECT name FROM rls_mapping.dim_customer ORDER BY 1")).containsExactly("uk-ann", "uk-cy");
    assertThat(denied(NOBODY, "SELECT * FROM rls_mapping.fact_sales")).startsWith("ERROR: permission denied for schema");

    // uk-cy moves to the French readers: a config change, published with the next export.
    lake.secured(byMapping(List.of("uk-ann"), List.of("fr-bob", "uk-cy"))).run(new ExportJob());

    assertThat(seen(UK, "SELECT order_id FROM rls_mapping.fact_sales ORDER BY 1")).containsExactly("1001");
    assertThat(seen(FR, "SELECT order_id FROM rls_mapping.fact_sales ORDER BY 1")).containsExactly("1002", "1003", "1004");
    assertThat(rows("SELECT count(*) FROM rls_mapping.fact_sales")).as("the owner sees every row").containsExactly("4");
  }

  /** The rows {@code role} sees, logged in as itself (the test server trusts loopback logins). */
  private static List<String> seen(String role, String query) throws SQLException {
    List<String> rows = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(TestingPostgres.shared().jdbcUrl(ExportTesting.DATABASE), role, "unused");
         Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
      while (result.next()) {
        rows.add(result.getString(1));
      }
    }
    return rows;
  }

  private static String denied(String role, String query) {
    try {
      return "no error; rows: " + seen(role, query);
    } catch (SQLException e) {
      return e.getMessage();
    }
  }
}
