package io.strata.jobs.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The summary table the CLI prints after a run: one line per stage and target, and one per
 * failure. Stages that move rows (ingest, process, model, export), quality and maintain each
 * get a block with the columns that mean something for them.
 */
public final class ResultTable {
  private ResultTable() {}

  public static String render(List<StageResult> results) {
    return render(results, List.of());
  }

  /** The results, then the failures, each in the block of its stage; blocks apart by an empty line. */
  public static String render(List<StageResult> results, List<StageFailure> failures) {
    Map<SummaryColumns, List<String[]>> blocks = new LinkedHashMap<>();
    for (SummaryColumns columns : SummaryColumns.values()) {
      blocks.put(columns, new ArrayList<>());
    }
    for (StageResult result : results) {
      SummaryColumns columns = SummaryColumns.of(result.stage());
      blocks.get(columns).add(columns.row(result));
    }
    for (StageFailure failure : failures) {
      SummaryColumns columns = SummaryColumns.of(failure.stage());
      blocks.get(columns).add(columns.row(failure));
    }
    List<String> rendered = new ArrayList<>();
    blocks.forEach((columns, rows) -> {
      if (!rows.isEmpty()) {
        List<String[]> table = new ArrayList<>();
        table.add(columns.header());
        table.addAll(rows);
        rendered.add(TextTable.render(table, columns.rightAligned()));
      }
    });
    return String.join(System.lineSeparator(), rendered);
  }

  /** {@code name=value} of each non-zero metric in {@code metrics} but those in {@code shown}. */
  static String details(Map<String, Long> metrics, Set<String> shown) {
    StringBuilder text = new StringBuilder();
    metrics.forEach((name, value) -> {
      if (value != 0 && !shown.contains(name)) {
        text.append(text.length() == 0 ? "" : " ").append(name).append('=').append(name.equals("bytes") ? bytes(value) : count(value));
      }
    });
    return text.toString();
  }

  public static String bytes(long value) {
    if (value < 1024) {
      return value + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double scaled = value;
    int unit = -1;
    while (scaled >= 1024 && unit < units.length - 1) {
      scaled /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", scaled, units[unit]);
  }

  /** {@code 1,204}. */
  public static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  /** {@code 1 file}, {@code 1,204 files}: a count with its noun, plural unless exactly one (regular nouns only). */
  public static String count(long value, String noun) {
    return count(value) + " " + (value == 1 ? noun : noun + "s");
  }

  /** {@code 850 ms}, {@code 12.4 s}, {@code 3 min 05 s}. */
  public static String format(Duration duration) {
    long millis = duration.toMillis();
    if (millis < 1_000) {
      return millis + " ms";
    }
    if (millis < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
    return String.format(Locale.ROOT, "%d min %02d s", millis / 60_000, (millis / 1000) % 60);
  }
}
