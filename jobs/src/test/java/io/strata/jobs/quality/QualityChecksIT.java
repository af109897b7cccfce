package io.strata.jobs.quality;

import static io.strata.jobs.quality.QualityTesting.result;
import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.StageResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every row-level check type passing and failing on hand-built tables, all of severity warn so the
 * stage succeeds: the statuses, failing counts and samples in {@code _runs/quality_results}.
 */
class QualityChecksIT {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 1);

  @TempDir Path dir;

  @Test
  void countsAndSamplesTheFailingRowsOfEveryRowLevelCheck() throws Exception {
    QualityTesting quality = new QualityTesting(dir, """
        quality.tables {
          fact_sales {
            ids_present { type = not-null, columns = [order_id], severity = warn }
            customer_present { type = not-null, columns = [customer_key, order_id], severity = warn }
            order_unique { type = unique, columns = [order_id], severity = warn }
            line_unique { type = unique, columns = [order_id, quantity], severity = warn }
            quantity_range { type = range, column = quantity, min = 1, max = 1000, severity = warn }
            quantity_not_negative { type = range, column = quantity, min = 0, severity = warn }
            customer_known { type = referential-integrity, column = customer_key, max-unknown-percent = 50, severity = warn }
            customer_strict { type = referential-integrity, column = customer_key, max-unknown-percent = 10, severity = warn }
            date_known { type = referential-integrity, column = order_date_key, severity = warn }
            amount_not_negative { type = sql, condition = "amount >= 0", severity = warn }
            amount_large { type = sql, condition = "amount > 5", severity = warn }
            no_huge_orders { type = sql, query = "SELECT order_id, quantity FROM fact_sales WHERE quantity > 100", severity = warn }
            no_bad_segments { type = sql, query = "SELECT * FROM dim_customer WHERE segment = 'gone'", severity = warn }
            typo { type = sql, condition = "amout > 0", severity = warn }
          }
          dim_customer {
            segment_values { type = accepted-values, column = segment, values = [retail, business], severity = warn }
            segment_any { type = accepted-values, column = segment, values = [retail, vip], severity = warn }
          }
          processed.customers {
            email_shape { type = regex, column = email, pattern = "[^@]+@[^@]+\\\\.[a-z]+", severity = warn }
            segment_word { type = regex, column = segment, pattern = "[a-z]+", severity = warn }
          }
        }
        """).withRetailTables();

    List<StageResult> stage = quality.run(RUN_DATE, "run-1");

    List<Row> results = quality.results("run-1");
    assertThat(results).hasSize(18);
    assertThat(results).allSatisfy(row -> {
      assertThat(row.<String>getAs("pipeline")).isEqualTo("shop");
      assertThat(row.<java.sql.Date>getAs("run_date").toLocalDate()).isEqualTo(RUN_DATE);
      assertThat(row.<String>getAs("severity")).isEqualTo("warn");
      assertThat(row.<java.sql.Timestamp>getAs("checked_at")).isNotNull();
    });
    assertOutcome(results, "fact_sales", "ids_present", "PASS", 0L, 5L);
    Row customerPresent = assertOutcome(results, "fact_sales", "customer_present", "WARN", 1L, 5L);
    assertThat(customerPresent.<String>getAs("check_type")).isEqualTo("not-null");
    assertThat(customerPresent.<String>getAs("columns")).isEqualTo("customer_key, order_id");
    assertThat(customerPresent.<String>getAs("message")).isEqualTo("1 of 5 rows have a null in customer_key, order_id");
    assertThat(customerPresent.<String>getAs("sample")).isEqualTo(
        "[{\"customer_key\":null,\"order_date_key\":20260301,\"order_id\":4,\"quantity\":2000,\"amount\":10.00,\"partition_date\":\"2026-03-01\"}]");
    assertThat(result(results, "fact_sales", "ids_present").<String>getAs("sample")).isNull();

    Row unique = assertOutcome(results, "fact_sales", "order_unique", "WARN", 1L, 5L);
    assertThat(unique.<String>getAs("sample")).contains("\"customer_key\":99,").contains("\"customer_key\":null,")
        .doesNotContain("\"order_id\":1,");
    assertOutcome(results, "fact_sales", "line_unique", "PASS", 0L, 5L);

    Row range = assertOutcome(results, "fact_sales", "quantity_range", "WARN", 2L, 5L);
    assertThat(range.<String>getAs("message")).isEqualTo("2 of 5 rows have quantity outside [1..1000]");
    assertThat(range.<String>getAs("sample")).contains("\"quantity\":0,").contains("\"quantity\":2000,");
    assertOutcome(results, "fact_sales", "quantity_not_negative", "PASS", 0L, 5L);

    // The orphan key 99 and the null key fail; the unknown member -1 counts apart (1 of 5 = 20%).
    assertOutcome(results, "fact_sales", "customer_known", "WARN", 2L, 5L);
    Row strict = assertOutcome(results, "fact_sales", "customer_strict", "WARN", 3L, 5L);
    assertThat(strict.<String>getAs("message")).isEqualTo("2 of 5 rows have a customer_key that dim_customer.dim_customer_key does not hold;"
        + " 1 unknown member (-1) = 20.0% of rows, allowed 10%");
    assertThat(strict.<String>getAs("sample")).contains("\"customer_key\":99,").contains("\"customer_key\":-1,")
        .contains("\"customer_key\":null,").doesNotContain("\"customer_key\":1,");
    Row date = assertOutcome(results, "fact_sales", "date_known", "ERROR", null, null);
    assertThat(date.<String>getAs("message")).startsWith("dimension dim_date does not exist yet (no Delta table at file:");

    assertOutcome(results, "fact_sales", "amount_not_negative", "PASS", 0L, 5L);
    Row large = assertOutcome(results, "fact_sales", "amount_large", "WARN", 1L, 5L);
    assertThat(large.<String>getAs("message")).isEqualTo("1 of 5 rows do not satisfy amount > 5");
    Row huge = assertOutcome(results, "fact_sales", "no_huge_orders", "WARN", 1L, 5L);
    assertThat(huge.<String>getAs("sample")).isEqualTo("[{\"order_id\":4,\"quantity\":2000}]");
    assertOutcome(results, "fact_sales", "no_bad_segments", "PASS", 0L, 5L);
    assertThat(result(results, "fact_sales", "typo").<String>getAs("status")).isEqualTo("ERROR");
    assertThat(result(results, "fact_sales", "typo").<String>getAs("message")).contains("amout");

    Row segments = assertOutcome(results, "dim_customer", "segment_values", "WARN", 1L, 3L);
    assertThat(segments.<String>getAs("sample")).contains("\"segment\":\"vip\"");
    assertOutcome(results, "dim_customer", "segment_any", "PASS", 0L, 3L);
    Row email = assertOutcome(results, "processed.customers", "email_shape", "WARN", 1L, 3L);
    assertThat(email.<String>getAs("sample")).contains("not-an-email").doesNotContain("ada@");
    assertOutcome(results, "processed.customers", "segment_word", "PASS", 0L, 3L);

    assertThat(stage).extracting(StageResult::target).containsExactly("fact_sales", "dim_customer", "processed.customers");
    assertThat(stage.get(0).metrics()).containsEntry("checks", 14L).containsEntry("pass", 5L).containsEntry("warn", 7L)
        .containsEntry("error", 2L);
    assertThat(quality.progress).anySatisfy(line -> assertThat(line).matches("fact_sales +customer_strict +referential-integrity +warn +WARN +3 +5"))
        .contains("WARN fact_sales.amount_large: 1 of 5 rows do not satisfy amount > 5", "7 of 18 checks passed");
  }

  private static Row assertOutcome(List<Row> results, String table, String check, String status, Long failing, Long rows) {
    Row row = result(results, table, check);
    assertThat(row.<String>getAs("status")).as(table + "." + check + " status (" + row.getAs("message") + ")").isEqualTo(status);
    assertThat(row.<Long>getAs("failing_rows")).as(table + "." + check + " failing rows").isEqualTo(failing);
    assertThat(row.<Long>getAs("rows_checked")).as(table + "." + check + " rows checked").isEqualTo(rows);
    return row;
  }
}
