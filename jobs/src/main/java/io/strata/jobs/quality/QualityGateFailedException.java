package io.strata.jobs.quality;

import io.strata.layout.StrataException;
import java.util.List;
import java.util.stream.Collectors;

/** Checks of severity {@code fail} did not pass: the CLI exits 3 and later stages do not run. */
public final class QualityGateFailedException extends StrataException {
  private static final long serialVersionUID = 1L;

  public QualityGateFailedException(List<CheckResult> failed) {
    super(render(failed));
  }

  private static String render(List<CheckResult> failed) {
    if (failed.isEmpty()) {
      throw new IllegalArgumentException("a failed quality gate needs at least one failed check");
    }
    return "quality gate failed: " + failed.size() + (failed.size() == 1 ? " check" : " checks") + " of severity fail did not pass"
        + failed.stream().map(result -> System.lineSeparator() + "  - " + result.table() + "." + result.check().name() + " ("
            + result.check().rule().type() + ", " + result.status() + "): " + result.message()).collect(Collectors.joining())
        + System.lineSeparator() + "  The results (with samples of failing rows) are in the quality_results table of the run log area";
  }
}
