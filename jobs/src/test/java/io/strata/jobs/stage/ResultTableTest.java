package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.StrataException;
import io.strata.layout.config.ConfigProblem;
import io.strata.layout.config.StrataConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one formatter for counts, sizes and times that the CLI, the summary and the report print, and the summary table itself. */
class ResultTableTest {
  private static final String NL = System.lineSeparator();

  @Test
  void countsTakeTheSingularForExactlyOne() {
    assertThat(ResultTable.count(1, "file")).isEqualTo("1 file");
    assertThat(ResultTable.count(0, "file")).isEqualTo("0 files");
    assertThat(ResultTable.count(2, "partition")).isEqualTo("2 partitions");
    assertThat(ResultTable.count(1_204, "row")).isEqualTo("1,204 rows");
  }

  @Test
  void sizesAndTimes() {
    assertThat(ResultTable.bytes(18)).isEqualTo("18 B");
    assertThat(ResultTable.bytes(3 * 1024 * 1024)).isEqualTo("3.0 MiB");
    assertThat(ResultTable.format(Duration.ofMillis(56_900))).isEqualTo("56.9 s");
  }

  @Test
  void qualityAndMaintainGetColumnsOfTheirOwn() {
    List<StageResult> results = List.of(
        new StageResult(Stage.INGEST, "orders", 1_204, 1_200, 4, Duration.ofMillis(1_500), Map.of("files", 2L, "bytes", 2_048L)),
        new StageResult(Stage.QUALITY, "fact_sales", 5, 0, 0, Duration.ofMillis(300),
            Map.of("checks", 4L, "pass", 1L, "warn", 1L, "fail", 1L, "error", 1L)),
        new StageResult(Stage.EXPORT, "fact_sales", 5, 5, 0, Duration.ofMillis(2_100), Map.of()),
        new StageResult(Stage.MAINTAIN, "raw/orders_files/orders", 0, 0, 0, Duration.ofMillis(12),
            Map.of("dry_run", 1L, "partitions_expired", 1L, "files_expired", 2L, "bytes", 18L)),
        new StageResult(Stage.MAINTAIN, "processed/sales", 0, 0, 0, Duration.ofSeconds(65),
            Map.of("files_before", 5L, "files_after", 1L, "files_compacted", 5L, "files_written", 1L, "compacted", 1L, "vacuum_files", 3L)));

    assertThat(ResultTable.render(results)).isEqualTo(""
        + "stage   target      rows read  rows written  quarantined   time  details" + NL
        + "ingest  orders          1,204         1,200            4  1.5 s  bytes=2.0 KiB files=2" + NL
        + "export  fact_sales          5             5            0  2.1 s" + NL
        + NL
        + "stage    target      rows checked  passed  warned  failed    time  details" + NL
        + "quality  fact_sales             5       1       1       1  300 ms  error=1" + NL
        + NL
        + "stage     target                   files compacted  files expired  bytes expired  files vacuumed        time  details" + NL
        + "maintain  raw/orders_files/orders                0              2           18 B               0       12 ms"
        + "  dry_run=1 partitions_expired=1" + NL
        + "maintain  processed/sales                        5              0            0 B               3  1 min 05 s"
        + "  compacted=1 files_after=1 files_before=5 files_written=1" + NL);
  }

  @Test
  void aFailureFollowsWhatFinishedInItsStagesBlock() {
    List<StageResult> results = List.of(
        new StageResult(Stage.INGEST, "orders", 1_204, 1_200, 4, Duration.ofMillis(1_500), Map.of("files", 2L, "bytes", 2_048L)),
        new StageResult(Stage.PROCESS, "orders", 1_200, 1_200, 0, Duration.ofMillis(2_100), Map.of("inserted", 1_200L)));
    Map<String, String> failures = new LinkedHashMap<>();
    failures.put("customers", "entities.customers: the raw data has new column(s) tier. Fix: declare them" + NL + "  and more");
    TargetsFailedException failed = new TargetsFailedException("process failed for entity customers", List.of(), failures);

    assertThat(ResultTable.render(results, StageFailure.of(Stage.PROCESS, Duration.ofSeconds(3), failed))).isEqualTo(""
        + "stage    target     rows read  rows written  quarantined   time  details" + NL
        + "ingest   orders         1,204         1,200            4  1.5 s  bytes=2.0 KiB files=2" + NL
        + "process  orders         1,200         1,200            0  2.1 s  inserted=1,200" + NL
        + "process  customers                                               FAILED: entities.customers: the raw data has new column(s) tier."
        + " Fix: declare them" + NL);
  }

  @Test
  void aFailureWithoutTargetsIsTheStagesAndSaysItsFirstLine() {
    StrataConfigException config = new StrataConfigException(List.of(
        new ConfigProblem("", "entities.customers.columns.contact.pii", "is not set, but the column looks like personal data", "set it"),
        new ConfigProblem("", "entities.suppliers.columns.phone.pii", "is not set", "set it")));

    assertThat(StageFailure.of(Stage.PROCESS, Duration.ofMillis(900), config)).containsExactly(new StageFailure(Stage.PROCESS, "*",
        Optional.of(Duration.ofMillis(900)), "entities.customers.columns.contact.pii: is not set, but the column looks like personal data"
            + " (and 1 more)"));
    assertThat(StageFailure.of(Stage.EXPORT, Duration.ofMillis(900), new StrataException("warehouse unreachable" + NL + "  details")))
        .extracting(StageFailure::reason).containsExactly("warehouse unreachable");
    assertThat(StageFailure.of(Stage.EXPORT, Duration.ofMillis(900), new IllegalStateException("x".repeat(400))))
        .extracting(StageFailure::reason).singleElement().satisfies(reason -> assertThat(reason).hasSize(StageFailure.MAX_REASON)
            .startsWith("IllegalStateException: xxx").endsWith("x..."));
    assertThat(ResultTable.render(List.of(), StageFailure.of(Stage.QUALITY, Duration.ofMillis(900), new StrataException("no table"))))
        .isEqualTo("stage    target  rows checked  passed  warned  failed    time  details" + NL
            + "quality  *                                             900 ms  FAILED: no table" + NL);
  }
}
