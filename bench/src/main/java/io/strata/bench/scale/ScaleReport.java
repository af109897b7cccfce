package io.strata.bench.scale;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The benchmark's figures: a table of stage and target times of both days from the run log, the
 * child JVMs' wall times, and the last line scripts read:
 * {@code bench scale: customers=N orders=M day1=<s> day2=<s> day2/day1=<x> model-day2/day1=<x> export-day2/day1=<x>}.
 */
final class ScaleReport {
  private ScaleReport() {}

  /** The last line; a day's time is its run-log span (first stage start to last stage end), seconds with one decimal. */
  static String summaryLine(long customers, long orders, RunLogTimes dayOne, RunLogTimes dayTwo) {
    return String.format(Locale.ROOT, "bench scale: customers=%d orders=%d day1=%.1f day2=%.1f day2/day1=%.2f model-day2/day1=%.2f"
            + " export-day2/day1=%.2f", customers, orders, seconds(dayOne.span()), seconds(dayTwo.span()),
        ratio(dayTwo.span(), dayOne.span()), ratio(dayTwo.stage("model"), dayOne.stage("model")),
        ratio(dayTwo.stage("export"), dayOne.stage("export")));
  }

  /** Stage rows, then target rows indented under a blank line, with both days and their ratio. */
  static List<String> table(RunLogTimes dayOne, RunLogTimes dayTwo, Duration wallOne, Duration wallTwo) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"stage / target", "day 1 (s)", "day 2 (s)", "day2/day1"});
    Set<String> stages = new LinkedHashSet<>(dayOne.stages().keySet());
    stages.addAll(dayTwo.stages().keySet());
    for (String stage : stages) {
      rows.add(row(stage, dayOne.stages().get(stage), dayTwo.stages().get(stage)));
      for (String target : targets(dayOne, dayTwo)) {
        if (target.startsWith(stage + " ")) {
          rows.add(row("  " + target.substring(stage.length() + 1), dayOne.targets().get(target), dayTwo.targets().get(target)));
        }
      }
    }
    rows.add(row("run (run log: first start to last end)", dayOne.span(), dayTwo.span()));
    rows.add(row("strata-local (JVM and Spark start included)", wallOne, wallTwo));
    return io.strata.bench.BenchSupport.table(rows);
  }

  private static Set<String> targets(RunLogTimes dayOne, RunLogTimes dayTwo) {
    Set<String> targets = new LinkedHashSet<>(dayOne.targets().keySet());
    targets.addAll(dayTwo.targets().keySet());
    return targets;
  }

  private static String[] row(String name, Duration one, Duration two) {
    return new String[] {name, one == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds(one)),
        two == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds(two)),
        one == null || two == null || one.isZero() ? "-" : String.format(Locale.ROOT, "%.2f", ratio(two, one))};
  }

  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }

  static double ratio(Duration numerator, Duration denominator) {
    return denominator.isZero() ? Double.NaN : (double) numerator.toMillis() / denominator.toMillis();
  }
}
