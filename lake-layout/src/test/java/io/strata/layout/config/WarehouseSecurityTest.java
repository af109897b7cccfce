package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.config.WarehouseSecurity.RowPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code warehouse.security} section: roles, grants and row policies, and every mistake named with its key. */
class WarehouseSecurityTest {
  /** The star and an open warehouse section, with a view and a materialized view to grant. */
  private static final String MODEL = ConfigText.STAR_WITH_WAREHOUSE + """
        export {
          views { v_sales = "SELECT * FROM fact_sales" }
          materialized-views { mv_daily = "SELECT order_date_key, count(*) AS n FROM fact_sales GROUP BY 1" }
        }
      """;

  @TempDir Path dir;

  private WarehouseSecurity load(String security) throws IOException {
    return ConfigText.load(dir, MODEL + security + "\n}\n", Map.of("DW_PASSWORD", "pw")).warehouse().orElseThrow().security();
  }

  private List<String> problems(String security) {
    return ConfigText.problems(() -> load(security));
  }

  @Test
  void withoutTheSectionStrataLeavesAccessAlone() throws IOException {
    WarehouseSecurity security = load("");

    assertThat(security).isEqualTo(WarehouseSecurity.none());
    assertThat(security.isEmpty()).isTrue();
  }

  @Test
  void readsRolesGrantsAndPoliciesInBothForms() throws IOException {
    WarehouseSecurity security = load("""
        security {
          roles = [bi_readers]
          grants { fact_sales = [bi_readers], v_sales = [bi_readers, auditor] }
          policies {
            fact_sales = "customer_key IN (SELECT dim_customer_key FROM dim_customer)"
            dim_customer { using = "country = current_setting('app.country', true)", roles = [bi_readers] }
          }
        }
        """);

    assertThat(security.roles()).containsExactly("bi_readers");
    assertThat(security.grants()).containsExactly(Map.entry("fact_sales", List.of("bi_readers")),
        Map.entry("v_sales", List.of("bi_readers", "auditor")));
    assertThat(security.policies()).containsOnly(
        Map.entry("fact_sales", new RowPolicy("customer_key IN (SELECT dim_customer_key FROM dim_customer)", List.of())),
        Map.entry("dim_customer", new RowPolicy("country = current_setting('app.country', true)", List.of("bi_readers"))));
    assertThat(security.managedRoles()).containsExactly("bi_readers", "auditor");
  }

  @Test
  void namesEveryMistakeWithItsKeyAndFix() {
    List<String> problems = problems("""
        security {
          roles = ["Bad Role"]
          grants { fact_sale = [bi_readers], mv_daily = [bi_readers] }
          policies {
            v_sales = "true"
            fact_sales = "true; DROP TABLE dim_customer"
          }
          polices { }
        }
        """);

    assertThat(problems).anySatisfy(problem -> assertThat(problem).startsWith("warehouse.security.roles: names the role 'Bad Role', which is not a plain"))
        .anySatisfy(problem -> assertThat(problem).isEqualTo(
            "warehouse.security.grants.fact_sale: names 'fact_sale', which the export does not publish Fix: did you mean 'fact_sales'?"))
        .anySatisfy(problem -> assertThat(problem).startsWith("warehouse.security.grants.mv_daily: is a materialized view")
            .contains("Fix: make it a view under warehouse.export.views"))
        .anySatisfy(problem -> assertThat(problem).startsWith("warehouse.security.policies.v_sales: names 'v_sales', which the export does not publish"))
        .anySatisfy(problem -> assertThat(problem).isEqualTo(
            "warehouse.security.policies.fact_sales: holds ';': a policy is one SQL condition Fix: remove the ';'"))
        .anySatisfy(problem -> assertThat(problem).startsWith("warehouse.security.polices: is not a known setting Fix: did you mean 'warehouse.security.policies'?"));
    assertThat(problems).hasSize(6);
  }

  @Test
  void theMappingTableFormGeneratesAPolicyPerTableAndItsRolesAreManaged() throws IOException {
    WarehouseSecurity security = load("""
        security {
          grants { fact_sales = [bi_readers], dim_customer = [bi_readers] }
          access {
            cities {
              dimension = dim_customer, column = city
              members {
                reader_london = [London]
                reader_paris = [Paris, Lyon]
              }
              tables { fact_sales = customer_key, dim_customer = city }
            }
          }
        }
        """);

    MemberAccess cities = security.access().get("cities");
    assertThat(cities.table()).isEqualTo("strata_access_cities");
    assertThat(cities.members()).containsExactly(Map.entry("reader_london", List.of("London")), Map.entry("reader_paris", List.of("Paris", "Lyon")));
    String allowed = "SELECT m.value FROM strata_access_cities m WHERE pg_has_role(current_user, m.role, 'MEMBER')";
    assertThat(security.policies()).containsOnly(
        Map.entry("fact_sales", new RowPolicy("customer_key IN (SELECT d.dim_customer_key FROM dim_customer d WHERE d.city::text IN ("
            + allowed + "))", List.of())),
        Map.entry("dim_customer", new RowPolicy("city::text IN (" + allowed + ")", List.of())));
    assertThat(security.managedRoles()).containsExactly("bi_readers", "reader_london", "reader_paris");
  }

  @Test
  void theMappingTableFormNamesItsMistakes() {
    assertThat(problems("""
        security {
          policies { fact_sales = "true" }
          access {
            cities { dimension = dim_custmer, column = "city;", tables { fact_sales = customer_key, fact_sale = customer_key } }
          }
        }
        """)).containsExactly(
            "warehouse.security.access.cities.dimension: names 'dim_custmer', which the export does not publish (the policies look members up"
                + " in it) Fix: did you mean 'dim_customer'?",
            "warehouse.security.access.cities.column: names the column 'city;', which is not a plain identifier Fix: " + SqlIdentifiers.fix(),
            "warehouse.security.access.cities.members: is required Fix: map each role to the values it may see, e.g. members { country_gb = [GB] }",
            "warehouse.security.access.cities.tables.fact_sale: names 'fact_sale', which the export does not publish Fix: did you mean"
                + " 'fact_sales'?",
            "warehouse.security.access.cities: filters fact_sales, which already has a policy (under policies or another access entry) Fix:"
                + " give each table one policy: combine the conditions under policies, or list the table in one access entry");
  }
}
