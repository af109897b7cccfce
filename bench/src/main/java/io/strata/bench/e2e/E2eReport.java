package io.strata.bench.e2e;

import io.strata.bench.scale.RunLogTimes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The benchmark's figures: Strata's and DuckDB's stage times side by side, and the last line
 * scripts read: {@code bench e2e: rows=N strata=<s> duckdb=<s> strata/duckdb=<x> demo=<s>}.
 * Strata's total is strata-local's wall time (JVM and Spark start included, as a user waits for
 * it); DuckDB's is the sum of its stages, which run in the benchmark's JVM.
 */
final class E2eReport {
  private E2eReport() {}

  static String summaryLine(long rows, Duration strata, Duration duckdb, Optional<Duration> demo) {
    return String.format(Locale.ROOT, "bench e2e: rows=%d strata=%.1f duckdb=%.1f strata/duckdb=%.2f demo=%s", rows, seconds(strata),
        seconds(duckdb), seconds(strata) / seconds(duckdb), demo.map(time -> String.format(Locale.ROOT, "%.1f", seconds(time))).orElse("-"));
  }

  static Duration total(Map<String, Duration> stages) {
    return stages.values().stream().reduce(Duration.ZERO, Duration::plus);
  }

  /** One row per stage (Strata's targets indented under it), then the totals. */
  static List<String> table(RunLogTimes strata, Duration strataWall, Map<String, Duration> duckdb) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"stage / target", "strata (s)", "duckdb (s)", "strata/duckdb"});
    Set<String> stages = new LinkedHashSet<>(strata.stages().keySet());
    stages.addAll(duckdb.keySet());
    for (String stage : stages) {
      rows.add(row(stage, strata.stages().get(stage), duckdb.get(stage)));
      strata.targets().forEach((target, time) -> {
        if (target.startsWith(stage + " ")) {
          rows.add(row("  " + target.substring(stage.length() + 1), time, null));
        }
      });
    }
    rows.add(row("run (strata: run log, first start to last end)", strata.span(), total(duckdb)));
    rows.add(row("wall (strata-local: JVM and Spark start included)", strataWall, total(duckdb)));
    return io.strata.bench.BenchSupport.table(rows);
  }

  private static String[] row(String name, Duration strata, Duration duckdb) {
    return new String[] {name, format(strata), format(duckdb),
        strata == null || duckdb == null || duckdb.isZero() ? "-" : String.format(Locale.ROOT, "%.1f", seconds(strata) / seconds(duckdb))};
  }

  private static String format(Duration time) {
    return time == null ? "-" : String.format(Locale.ROOT, "%.1f", seconds(time));
  }

  static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
