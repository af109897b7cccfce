package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.layout.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code quality} section: defaults, explicit mapping of every check type, and every problem with its key. */
class QualityConfigTest {
  private static final String PIPELINE = """
      lake { root = "lake" }
      sources { files { type = file, entity = x, path = "/tmp/*.csv" } }
      entities {
        customers { source = files, key = [customer_id], columns { customer_id = bigint, email = string, segment = string, updated_at = timestamp } }
        sales { source = files, key = [order_id], columns { order_id = bigint, customer_id = bigint, order_ts = timestamp, quantity = int } }
      }
      model {
        dimensions { dim_customer { source = customers, natural-key = customer_id, tracked = [segment] } }
        facts { fact_sales { source = sales, grain = order_id, measures = [quantity], partition-by = order_ts,
          dates { order_date = order_ts }, dimensions { customer { dimension = dim_customer, event-time = order_ts } } } }
      }
      """;

  @TempDir Path dir;

  private PipelineConfig load(String quality) throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, PIPELINE + quality);
    return new PipelineConfigLoader(Map.of(), true).load(file);
  }

  private List<String> problems(String quality) {
    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, () -> load(quality));
    assertThat(thrown).as("expected a config failure").isNotNull();
    return thrown.problems().stream().map(problem -> problem.key() + ": " + problem.message() + " | " + problem.fix()).toList();
  }

  @Test
  void emptyWhenAbsentAndFailIsTheDefaultSeverity() throws IOException {
    assertThat(load("").quality()).isEqualTo(QualityConfig.empty());

    QualityConfig quality = load("quality.tables.fact_sales.order_unique { type = unique, columns = order_id }").quality();

    assertThat(quality.sampleRows()).isEqualTo(5);
    assertThat(quality.tables()).containsExactly(new QualityTable(Layer.CURATED, "fact_sales",
        List.of(new QualityCheck("order_unique", new CheckRule.Unique(), QualityCheck.Severity.FAIL, List.of("order_id")))));
  }

  @Test
  void mapsEveryCheckType() throws IOException {
    PipelineConfig config = load("""
        quality {
          sample-rows = 3
          tables {
            fact_sales {
              keys_not_null { type = not-null, columns = [order_id, customer_key], severity = fail }
              grain_unique { type = unique, columns = [order_id, order_date_key], severity = warn }
              quantity_range { type = range, column = quantity, min = 1, max = 1000 }
              customer_known { type = referential-integrity, column = customer_key, max-unknown-percent = 2.5 }
              date_known { type = referential-integrity, column = order_date_key }
              enough_rows { type = row-count, min = 10, max-change-percent = 50 }
              reconciled { type = reconciliation }
              amount_positive { type = sql, condition = "quantity > 0" }
              no_future { type = sql, query = "SELECT * FROM fact_sales WHERE partition_date > current_date()" }
            }
            dim_customer {
              segment_values { type = accepted-values, column = segment, values = [retail, business], severity = warn }
              key_dim { type = referential-integrity, column = dim_customer_key, dimension = dim_customer }
            }
            processed.customers {
              email_shape { type = regex, column = email, pattern = "[^@]+@[^@]+" }
              fresh { type = freshness, column = updated_at, max-age-hours = 36, relative-to = run-date }
            }
            processed { sales { since_2020 { type = range, column = order_ts, min = "2020-01-01" } } }
          }
        }
        """);

    QualityConfig quality = config.quality();
    assertThat(quality.sampleRows()).isEqualTo(3);
    assertThat(quality.tables()).extracting(QualityTable::displayName)
        .containsExactly("fact_sales", "dim_customer", "processed.customers", "processed.sales");
    List<QualityCheck> sales = quality.tables().get(0).checks();
    assertThat(sales).containsExactly(
        new QualityCheck("keys_not_null", new CheckRule.NotNull(), QualityCheck.Severity.FAIL, List.of("order_id", "customer_key")),
        new QualityCheck("grain_unique", new CheckRule.Unique(), QualityCheck.Severity.WARN, List.of("order_id", "order_date_key")),
        new QualityCheck("quantity_range", new CheckRule.Range(Optional.of("1"), Optional.of("1000")), QualityCheck.Severity.FAIL,
            List.of("quantity")),
        new QualityCheck("customer_known", new CheckRule.ReferentialIntegrity("dim_customer", "dim_customer_key", Optional.of(2.5)),
            QualityCheck.Severity.FAIL, List.of("customer_key")),
        new QualityCheck("date_known", new CheckRule.ReferentialIntegrity("dim_date", "date_key", Optional.empty()),
            QualityCheck.Severity.FAIL, List.of("order_date_key")),
        new QualityCheck("enough_rows", new CheckRule.RowCount(10, Optional.of(50.0)), QualityCheck.Severity.FAIL, List.of()),
        new QualityCheck("reconciled", new CheckRule.Reconciliation(), QualityCheck.Severity.FAIL, List.of()),
        new QualityCheck("amount_positive", new CheckRule.Sql(Optional.of("quantity > 0"), Optional.empty()), QualityCheck.Severity.FAIL,
            List.of()),
        new QualityCheck("no_future", new CheckRule.Sql(Optional.empty(),
            Optional.of("SELECT * FROM fact_sales WHERE partition_date > current_date()")), QualityCheck.Severity.FAIL, List.of()));
    assertThat(quality.tables().get(1).checks().get(0).rule()).isEqualTo(new CheckRule.AcceptedValues(List.of("retail", "business")));
    assertThat(quality.tables().get(2).layer()).isEqualTo(Layer.PROCESSED);
    assertThat(quality.tables().get(2).checks()).extracting(QualityCheck::rule)
        .containsExactly(new CheckRule.Regex("[^@]+@[^@]+"), new CheckRule.Freshness(36, true));
    assertThat(quality.tables().get(3).checks().get(0).rule()).isEqualTo(new CheckRule.Range(Optional.of("2020-01-01"), Optional.empty()));
    assertThat(config.describe()).contains("quality.tables.processed.customers = 2 check(s): email_shape (regex, fail), fresh (freshness, fail)");
  }

  @Test
  void reportsUnknownTablesAndColumnsWithSuggestions() {
    assertThat(problems("""
        quality.tables {
          fact_sale { rows { type = row-count, min = 1 } }
          processed.customer { rows { type = row-count, min = 1 } }
          fact_sales {
            ids { type = not-null, columns = [order_idd] }
            qty { type = range, column = quantity, mni = 1 }
          }
        }
        """)).containsExactlyInAnyOrder(
        "quality.tables.fact_sale: is not a table of the model | did you mean 'fact_sales'?",
        "quality.tables.processed.customer: is not a configured entity | did you mean 'processed.customers'?",
        "quality.tables.fact_sales.ids.columns: names 'order_idd', which fact_sales does not have | did you mean 'order_id'?",
        "quality.tables.fact_sales.qty.min: and max are both missing | set min, max or both, e.g. min = 1, max = 1000 (inclusive)",
        "quality.tables.fact_sales.qty.mni: is not a known setting | did you mean 'quality.tables.fact_sales.qty.min'?");
  }

  @Test
  void reportsWrongTypesAndValues() {
    assertThat(problems("""
        quality.tables.fact_sales {
          a { type = not-nul, columns = [order_id] }
          b { type = unique, severity = error, columns = [order_id] }
          c { type = regex, column = order_id, pattern = "[a-" }
          d { type = range, column = quantity, min = 10, max = 1 }
          e { type = range, column = order_date_key, min = yesterday }
          f { type = accepted-values, column = quantity }
          g { type = referential-integrity, column = quantity }
          h { type = referential-integrity, column = customer_key, max-unknown-percent = 120 }
          i { type = row-count }
          j { type = freshness, column = partition_date }
          k { type = sql, condition = "a > 1", query = "SELECT 1" }
          l { type = sql, query = "DELETE FROM fact_sales" }
          m { type = not-null }
        }
        quality.tables.dim_customer.n { type = reconciliation }
        quality.tables.dim_customer.o { type = referential-integrity, column = dim_customer_key, dimension = dim_custom }
        """)).containsExactlyInAnyOrder(
        "quality.tables.fact_sales.a.type: is 'not-nul', not a check type | did you mean 'not-null'?",
        "quality.tables.fact_sales.b.severity: is 'error', which is not one of warn, fail | use one of warn, fail",
        "quality.tables.fact_sales.c.pattern: is not a valid regular expression: Illegal character range near index 3"
            + " | correct the expression (Java syntax; backslashes are doubled inside HOCON quotes)",
        "quality.tables.fact_sales.d.max: is 1, below quality.tables.fact_sales.d.min 10 | make max the larger bound",
        "quality.tables.fact_sales.e.min: is 'yesterday', not a number, date or timestamp | write e.g. min = 0 or min = \"2026-01-01\"",
        "quality.tables.fact_sales.f.values: is required | list the allowed values, e.g. values = [retail, business]",
        "quality.tables.fact_sales.g.dimension: is required: quantity is not a dimension key of a configured fact"
            + " | name the dimension, e.g. dimension = dim_customer",
        "quality.tables.fact_sales.h.max-unknown-percent: is '120', not a percentage | write a number, e.g. max-unknown-percent = 5 (meaning 5%)",
        "quality.tables.fact_sales.i.min: and max-change-percent are both missing"
            + " | set min = 1 (fewest rows), max-change-percent = 50 (against the previous run), or both",
        "quality.tables.fact_sales.j.max-age-hours: is required | write max-age-hours = 24 (how old the latest partition_date may be)",
        "quality.tables.fact_sales.k.query: is set together with quality.tables.fact_sales.k.condition"
            + " | write condition = \"quantity > 0\" (every row satisfies it) or query = \"SELECT ... \" (returns no rows)",
        "quality.tables.fact_sales.l.query: is not a SELECT query | write query = \"SELECT ... FROM fact_sales WHERE ...\"",
        "quality.tables.fact_sales.m.columns: is required | write columns = [order_id] (one or more columns of fact_sales)",
        "quality.tables.dim_customer.n.type: reconciliation applies to processed entities, facts and aggregates, not to dim_customer"
            + " | check a processed entity (tables { processed.<entity> { ... } }), a fact or an aggregate",
        "quality.tables.dim_customer.o.dimension: is 'dim_custom', which is not a dimension under model.dimensions (or dim_date)"
            + " | did you mean 'dim_customer'?");
  }

  @Test
  void aFactWithoutGrainReportsTheMissingKeyAloneWithoutFollowOnColumnErrors() throws IOException {
    Path file = dir.resolve("pipeline.conf");
    Files.writeString(file, PIPELINE.replace("grain = order_id, ", "")
        + "quality.tables.fact_sales.one_row_per_order { type = unique, columns = [order_id, order_date_key] }");

    StrataConfigException thrown = catchThrowableOfType(StrataConfigException.class, () -> new PipelineConfigLoader(Map.of(), true).load(file));

    assertThat(thrown.problems()).extracting(ConfigProblem::key).containsExactly("model.facts.fact_sales.grain");
  }

  @Test
  void checksProcessedColumnsIncludingAuditColumns() throws IOException {
    assertThat(load("quality.tables.processed.sales.batch { type = not-null, columns = [_batch_id, order_id] }").quality().tables())
        .hasSize(1);
    assertThat(problems("quality.tables.processed.sales.q { type = not-null, columns = [quantiy] }"))
        .containsExactly("quality.tables.processed.sales.q.columns: names 'quantiy', which processed.sales does not have | did you mean 'quantity'?");
  }
}
