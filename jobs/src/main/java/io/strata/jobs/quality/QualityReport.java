package io.strata.jobs.quality;

import io.strata.jobs.stage.TextTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;

/** What the console shows after the checks: one line per check, then what each check that did not pass found. */
final class QualityReport {
  private static final String[] HEADER = {"table", "check", "type", "severity", "status", "failing rows", "rows checked"};

  private QualityReport() {}

  static List<String> lines(List<CheckResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (CheckResult result : results) {
      rows.add(new String[] {result.table(), result.check().name(), result.check().rule().type(), result.check().severity().configName(),
          result.status().name(), count(result.failingRows()), count(result.rowsChecked())});
    }
    List<String> lines = new ArrayList<>(TextTable.render(rows, Set.of(5, 6)).lines().toList());
    results.stream().filter(result -> result.status() != CheckResult.Status.PASS).forEach(result ->
        lines.add(result.status() + " " + result.table() + "." + result.check().name() + ": " + result.message()));
    long passed = results.stream().filter(result -> result.status() == CheckResult.Status.PASS).count();
    lines.add(String.format(Locale.ROOT, "%d of %d checks passed", passed, results.size()));
    return lines;
  }

  private static String count(OptionalLong value) {
    return value.isPresent() ? String.format(Locale.ROOT, "%,d", value.getAsLong()) : "-";
  }
}
