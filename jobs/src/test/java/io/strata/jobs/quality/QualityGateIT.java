package io.strata.jobs.quality;

import static io.strata.jobs.quality.QualityTesting.result;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.cli.StrataCli;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageJobs;
import io.strata.jobs.testing.TestingSpark;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Severity and the gate: a failed check of severity fail stops the stage after its results are
 * kept, exits 3 through the CLI and keeps later stages from running; and the table-level checks
 * (row count against the previous run, freshness, reconciliation from the run log).
 */
class QualityGateIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final String GATE = """
      quality.tables.fact_sales {
        order_unique { type = unique, columns = [order_id] }
        quantity_range { type = range, column = quantity, min = 1, max = 1000, severity = warn }
        amount_set { type = not-null, columns = [amount], severity = fail }
      }
      """;

  @TempDir Path dir;

  @Test
  void aFailedCheckOfSeverityFailFailsTheStageAfterItsResultsAreKept() throws Exception {
    QualityTesting quality = new QualityTesting(dir, GATE).withRetailTables();

    QualityGateFailedException thrown = catchThrowableOfType(QualityGateFailedException.class, () -> quality.run(DAY1, "gate-1"));

    assertThat(thrown).hasMessage("quality gate failed: 1 check of severity fail did not pass" + System.lineSeparator()
        + "  - fact_sales.order_unique (unique, FAIL): 1 of 5 rows repeat a key of (order_id) already held by another row"
        + System.lineSeparator() + "  The results (with samples of failing rows) are in the quality_results table of the run log area");
    List<Row> results = quality.results("gate-1");
    assertThat(results).extracting(row -> row.getAs("check_name") + " " + row.getAs("severity") + " " + row.getAs("status"))
        .containsExactlyInAnyOrder("order_unique fail FAIL", "quantity_range warn WARN", "amount_set fail PASS");
    assertThat(quality.progress).contains("WARN fact_sales.quantity_range: 2 of 5 rows have quantity outside [1..1000]",
        "FAIL fact_sales.order_unique: 1 of 5 rows repeat a key of (order_id) already held by another row");
  }

  @Test
  void warningsAloneLetTheStageSucceed() throws Exception {
    QualityTesting quality = new QualityTesting(dir, GATE.replace("order_unique { type = unique, columns = [order_id] }",
        "order_unique { type = unique, columns = [order_id], severity = warn }")).withRetailTables();

    assertThat(quality.run(DAY1, "warn-1")).hasSize(1);
    assertThat(quality.results("warn-1")).extracting(row -> row.<String>getAs("status")).containsExactlyInAnyOrder("WARN", "WARN", "PASS");
  }

  @Test
  void theCliExitsThreeAndRunStopsBeforeExport() throws Exception {
    QualityTesting quality = new QualityTesting(dir, GATE).withRetailTables();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));

    int code = cli.execute("quality", "--config", quality.configFile().toString(), "--run-date", "2026-03-01");

    assertThat(code).isEqualTo(ExitCodes.QUALITY_GATE_FAILED);
    assertThat(err.toString()).contains("strata: quality gate failed: 1 check of severity fail did not pass")
        .contains("fact_sales.order_unique (unique, FAIL)").doesNotContain("\tat ");
    assertThat(out.toString()).containsPattern("fact_sales +order_unique +unique +fail +FAIL +1 +5")
        .containsPattern("(?m)^stage +target +rows checked +passed +warned +failed +time +details$")
        .containsPattern("(?m)^quality +fact_sales +5 +1 +1 +1 +\\S+ m?s$")
        .containsPattern("(?m)^quality +fact_sales +FAILED: order_unique \\(unique, FAIL\\): 1 of 5 rows repeat a key of \\(order_id\\)");

    List<String> exported = new ArrayList<>();
    StageJob export = context -> {
      exported.add(context.runId());
      return List.of();
    };
    StageJobs jobs = StageJobs.of(Map.of(Stage.QUALITY, new QualityJob(), Stage.EXPORT, export));
    QualityGateFailedException thrown = catchThrowableOfType(QualityGateFailedException.class, () ->
        new PipelineRunner(new PrintWriter(new StringWriter()), jobs).run(quality.config, Stage.slice(Stage.QUALITY, Stage.EXPORT), DAY2));

    assertThat(thrown).hasMessageContaining("fact_sales.order_unique");
    assertThat(exported).as("export must not run after a failed gate").isEmpty();
    List<RunRecord> log = new RunLog(TestingSpark.session(), quality.config.lake().layout()).recent(1);
    assertThat(log).extracting(RunRecord::stage, RunRecord::target, RunRecord::status, RunRecord::rowsRead).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple("quality", RunRecord.WHOLE_STAGE, RunRecord.Status.FAILED, 5L),
        org.assertj.core.groups.Tuple.tuple("quality", "fact_sales", RunRecord.Status.FAILED, 5L));
    assertThat(log).filteredOn(record -> record.target().equals(RunRecord.WHOLE_STAGE)).singleElement()
        .satisfies(record -> assertThat(record.error()).hasValueSatisfying(error -> assertThat(error).startsWith("quality gate failed: 1 check")));
    assertThat(log).filteredOn(record -> record.target().equals("fact_sales")).singleElement().satisfies(record -> {
      assertThat(record.error()).hasValue("order_unique (unique, FAIL): 1 of 5 rows repeat a key of (order_id) already held by another row");
      assertThat(record.details()).contains("\"fail\":1", "\"pass\":1", "\"warn\":1");
    });
  }

  @Test
  void rowCountComparesWithTheLatestEarlierRunDate() throws Exception {
    QualityTesting quality = new QualityTesting(dir, """
        quality.tables.dim_customer.rows { type = row-count, min = 3, max-change-percent = 50, severity = warn }
        """).withRetailTables();

    quality.run(DAY1, "count-1");
    quality.curated("dim_customer", "SELECT * FROM VALUES (-1L, CAST(NULL AS BIGINT), 'x') AS t(dim_customer_key, customer_id, segment)");
    quality.run(DAY2, "count-2");
    quality.run(DAY1, "count-1-again");

    assertThat(result(quality.results("count-1"), "dim_customer", "rows").<String>getAs("message"))
        .isEqualTo("3 rows (min 3); no earlier run to compare with");
    Row second = result(quality.results("count-2"), "dim_customer", "rows");
    assertThat(second.<String>getAs("status")).isEqualTo("WARN");
    assertThat(second.<Long>getAs("rows_checked")).isEqualTo(1L);
    assertThat(second.<String>getAs("message"))
        .isEqualTo("1 rows (min 3); 3 on 2026-03-01, change -66.7% (max 50%): fewer than 3, changed more than allowed");
    assertThat(result(quality.results("count-1-again"), "dim_customer", "rows").<String>getAs("message"))
        .as("a re-run of a date never compares with itself or a later date").endsWith("no earlier run to compare with: fewer than 3");
  }

  @Test
  void freshnessMeasuresTheLatestValueFromTheEndOfTheRunDateOrNow() throws Exception {
    QualityTesting quality = new QualityTesting(dir, """
        quality.tables.processed.customers {
          day_old { type = freshness, column = updated_at, max-age-hours = 24, relative-to = run-date }
          hours_old { type = freshness, column = updated_at, max-age-hours = 12, relative-to = run-date, severity = warn }
          now { type = freshness, column = updated_at, max-age-hours = 24, severity = warn }
        }
        """).withRetailTables();

    quality.run(DAY1, "fresh-1");

    List<Row> results = quality.results("fresh-1");
    assertThat(result(results, "processed.customers", "day_old").<String>getAs("status")).isEqualTo("PASS");
    Row hours = result(results, "processed.customers", "hours_old");
    assertThat(hours.<String>getAs("status")).isEqualTo("WARN");
    assertThat(hours.<String>getAs("message"))
        .isEqualTo("latest updated_at 2026-03-01T10:00:00Z is 14.0 h before the end of run date 2026-03-01 (max 12 h)");
    assertThat(result(results, "processed.customers", "now").<String>getAs("status")).isEqualTo("WARN");
  }

  @Test
  void reconciliationBalancesTheRunLogCountsOfTheRunDate() throws Exception {
    QualityTesting quality = new QualityTesting(dir, """
        quality.tables {
          processed.customers.balanced { type = reconciliation }
          fact_sales.balanced { type = reconciliation, severity = warn }
        }
        """).withRetailTables();
    RunLog log = new RunLog(TestingSpark.session(), quality.config.lake().layout());
    log.append(List.of(
        record(DAY1, "ingest", "files", 7, 6, 1, "{}"),
        record(DAY1, "process", "customers", 6, 4, 1, "{\"metrics\":{\"duplicates\":1}}"),
        record(DAY1, "model", "fact_sales", 5, 5, 0, "{}"),
        record(DAY2, "ingest", "files", 6, 6, 0, "{}"),
        record(DAY2, "process", "customers", 5, 4, 0, "{\"metrics\":{\"duplicates\":0}}"),
        record(DAY2, "model", "fact_sales", 5, 4, 0, "{}")));

    quality.run(DAY1, "rec-1");
    QualityGateFailedException thrown = catchThrowableOfType(QualityGateFailedException.class, () -> quality.run(DAY2, "rec-2"));
    catchThrowableOfType(QualityGateFailedException.class, () -> quality.run(DAY1.minusDays(1), "rec-0"));

    List<Row> first = quality.results("rec-1");
    Row processed = result(first, "processed.customers", "balanced");
    assertThat(processed.<String>getAs("status")).isEqualTo("PASS");
    assertThat(processed.<String>getAs("message"))
        .isEqualTo("process read 6 = written 4 + duplicates 1 + quarantined 1; ingest of files wrote 6 raw rows, process read 6");
    assertThat(result(first, "fact_sales", "balanced").<String>getAs("status")).isEqualTo("PASS");

    List<Row> second = quality.results("rec-2");
    Row unbalanced = result(second, "processed.customers", "balanced");
    assertThat(unbalanced.<String>getAs("status")).isEqualTo("FAIL");
    assertThat(unbalanced.<Long>getAs("failing_rows")).isEqualTo(2L);
    assertThat(unbalanced.<String>getAs("message")).isEqualTo("process read 5 = written 4 + duplicates 0 + quarantined 0 does not hold;"
        + " ingest of files wrote 6 raw rows, process read 5 (mismatch)");
    assertThat(result(second, "fact_sales", "balanced").<String>getAs("message")).isEqualTo("model read 5 source rows, wrote 4 fact rows");
    assertThat(thrown).hasMessageContaining("processed.customers.balanced (reconciliation, FAIL)");

    Row missing = result(quality.results("rec-0"), "processed.customers", "balanced");
    assertThat(missing.<String>getAs("status")).isEqualTo("ERROR");
    assertThat(missing.<String>getAs("message"))
        .isEqualTo("the run log has no successful process of customers for run date 2026-02-28; run the process stage for this date first");
  }

  @Test
  void reconciliationAddsTheAttemptsOfTheRunDateSinceItsLatestIngest() throws Exception {
    QualityTesting quality = new QualityTesting(dir, """
        quality.tables {
          processed.customers.balanced { type = reconciliation }
          fact_sales.balanced { type = reconciliation }
        }
        """).withRetailTables();
    RunLog log = new RunLog(TestingSpark.session(), quality.config.lake().layout());
    Instant t = Instant.parse("2026-03-03T06:00:00Z");
    LocalDate day3 = LocalDate.of(2026, 3, 3);
    // A process retried after another entity failed: the first attempt did this entity's work, the retry found nothing new.
    log.append(List.of(record("i-1", day3, "ingest", "files", 7, 6, 1, "{}")), t);
    log.append(List.of(record("p-1", day3, "process", "customers", 6, 4, 1, "{\"metrics\":{\"duplicates\":1}}"),
        record("p-1", day3, "model", "fact_sales", 5, 5, 0, "{}")), t.plusSeconds(60));
    log.append(List.of(record("p-2", day3, "process", "customers", 0, 0, 0, "{\"metrics\":{\"duplicates\":0}}"),
        record("p-2", day3, "model", "fact_sales", 0, 0, 0, "{}"),
        // One attempt that logged a target twice counts once.
        record("p-1", day3, "process", "customers", 6, 4, 1, "{\"metrics\":{\"duplicates\":1}}")), t.plusSeconds(120));

    quality.run(day3, "retry-1");

    List<Row> retried = quality.results("retry-1");
    assertThat(result(retried, "processed.customers", "balanced").<String>getAs("message")).isEqualTo(
        "process read 6 in 2 attempts = written 4 + duplicates 1 + quarantined 1; ingest of files wrote 6 raw rows, process read 6");
    assertThat(result(retried, "fact_sales", "balanced").<String>getAs("message")).isEqualTo("model read 5 source rows in 2 attempts, wrote 5 fact rows");
    assertThat(retried).extracting(row -> row.<String>getAs("status")).containsOnly("PASS");

    // Ingest ran again for the date: its new batch replaced the one both process attempts read, and nothing processed it yet.
    log.append(List.of(record("i-2", day3, "ingest", "files", 8, 7, 1, "{}")), t.plusSeconds(180));
    catchThrowableOfType(QualityGateFailedException.class, () -> quality.run(day3, "retry-2"));
    Row stale = result(quality.results("retry-2"), "processed.customers", "balanced");
    assertThat(stale.<String>getAs("status")).isEqualTo("FAIL");
    assertThat(stale.<Long>getAs("failing_rows")).isEqualTo(7L);
    assertThat(stale.<String>getAs("message")).isEqualTo("ingest of files ran again (run id i-2) after every process of customers, and replaced"
        + " the batch they read: its 7 raw rows are not processed (mismatch); run the process stage for this date again");

    // Process ran after it and read the new batch: the attempts before that ingest no longer count.
    log.append(List.of(record("p-3", day3, "process", "customers", 7, 6, 0, "{\"metrics\":{\"duplicates\":1}}")), t.plusSeconds(240));
    quality.run(day3, "retry-3");
    Row rerun = result(quality.results("retry-3"), "processed.customers", "balanced");
    assertThat(rerun.<String>getAs("status")).isEqualTo("PASS");
    assertThat(rerun.<String>getAs("message")).isEqualTo("process read 7 = written 6 + duplicates 1 + quarantined 0; ingest of files wrote 7"
        + " raw rows, process read 7; 2 earlier process attempts are not counted: ingest ran again after them (run id i-2)"
        + " and replaced the batch they read");
  }

  private static RunRecord record(String runId, LocalDate runDate, String stage, String target, long read, long written, long quarantined,
      String details) {
    Instant now = Instant.now();
    return new RunRecord(runId, "shop", runDate, stage, target, RunRecord.Status.SUCCESS, read, written, quarantined, now,
        Optional.of(now), Optional.empty(), "app", details);
  }

  private static RunRecord record(LocalDate runDate, String stage, String target, long read, long written, long quarantined, String details) {
    Instant now = Instant.now();
    return new RunRecord("log-" + runDate, "shop", runDate, stage, target, RunRecord.Status.SUCCESS, read, written, quarantined, now,
        Optional.of(now), Optional.empty(), "app", details);
  }
}
