package io.strata.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleReportTest {
  private static RunLogTimes day(LocalDate date, long model, long export, long span) {
    Map<String, Duration> stages = new LinkedHashMap<>();
    stages.put("ingest", Duration.ofMillis(1_000));
    stages.put("model", Duration.ofMillis(model));
    stages.put("export", Duration.ofMillis(export));
    return new RunLogTimes(date, "run-" + date, stages, Map.of("model fact_orders", Duration.ofMillis(model / 2)), Duration.ofMillis(span));
  }

  @Test
  void theLastLineHasSecondsWithOneDecimalAndRatiosWithTwo() {
    RunLogTimes one = day(LocalDate.of(2026, 3, 1), 60_000, 30_000, 123_456);
    RunLogTimes two = day(LocalDate.of(2026, 3, 2), 45_000, 3_000, 40_000);

    assertThat(ScaleReport.summaryLine(1_000_000, 5_000_000, one, two)).isEqualTo(
        "bench scale: customers=1000000 orders=5000000 day1=123.5 day2=40.0 day2/day1=0.32 model-day2/day1=0.75 export-day2/day1=0.10");
  }

  @Test
  void aMissingStageIsNamed() {
    RunLogTimes one = new RunLogTimes(LocalDate.of(2026, 3, 1), "r1", Map.of("ingest", Duration.ofSeconds(1)), Map.of(), Duration.ofSeconds(1));

    assertThatThrownBy(() -> ScaleReport.summaryLine(1, 1, one, one))
        .hasMessage("the run log has no successful 'model' stage for run date 2026-03-01 (run r1)");
  }

  @Test
  void theTableListsStagesWithTheirTargetsAndBothDays() {
    RunLogTimes one = day(LocalDate.of(2026, 3, 1), 60_000, 30_000, 100_000);
    RunLogTimes two = day(LocalDate.of(2026, 3, 2), 30_000, 3_000, 40_000);

    assertThat(ScaleReport.table(one, two, Duration.ofSeconds(110), Duration.ofSeconds(50))).containsExactly(
        "stage / target                               day 1 (s)  day 2 (s)  day2/day1",
        "ingest                                             1.0        1.0       1.00",
        "model                                             60.0       30.0       0.50",
        "  fact_orders                                     30.0       15.0       0.50",
        "export                                            30.0        3.0       0.10",
        "run (run log: first start to last end)           100.0       40.0       0.40",
        "strata-local (JVM and Spark start included)      110.0       50.0       0.45");
  }
}
