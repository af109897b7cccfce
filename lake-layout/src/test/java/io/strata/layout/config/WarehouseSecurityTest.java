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
    assertThat(security.policies()).containsExactly(
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
}
