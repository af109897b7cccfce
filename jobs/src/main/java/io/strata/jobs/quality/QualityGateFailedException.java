package io.strata.jobs.quality;

import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TargetsFailedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks of severity {@code fail} did not pass: the CLI exits 3 and later stages do not run.
 * It carries every table's summary, so the run log and the summary table show what was checked.
 */
public final class QualityGateFailedException extends TargetsFailedException {
  private static final long serialVersionUID = 1L;

  /**
   * @param failed the results that fail the gate
   * @param checked the summary of every table checked, those with failed checks included
   */
  public QualityGateFailedException(List<CheckResult> failed, List<StageResult> checked) {
    super(render(failed), checked, byTable(failed));
  }

  private static String render(List<CheckResult> failed) {
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("a failed quality gate needs at least one failed check");
    }
    return "quality gate failed: " + failed.size() + (failed.size() == 1 ? " check" : " checks") + " of severity fail did not pass"
        + failed.stream().map(result -> System.lineSeparator() + "  - " + result.table() + "." + describe(result)).collect(Collectors.joining())
        + System.lineSeparator() + "  The results (with samples of failing rows) are in the quality_results table of the run log area";
  }

  /** Per table, its first failed check and how many more failed: {@code order_unique (unique, FAIL): ... (and 1 more)}. */
  private static Map<String, String> byTable(List<CheckResult> failed) {
    Map<String, List<CheckResult>> tables = failed.stream()
        .collect(Collectors.groupingBy(CheckResult::table, LinkedHashMap::new, Collectors.toList()));
    Map<String, String> reasons = new LinkedHashMap<>();
    tables.forEach((table, results) -> reasons.put(table, describe(results.get(0))
        + (results.size() == 1 ? "" : " (and " + (results.size() - 1) + " more)")));
    return reasons;
  }

  private static String describe(CheckResult result) {
    return result.check().name() + " (" + result.check().rule().type() + ", " + result.status() + "): "
        + result.message();
  }
}
