package io.strata.jobs.stage;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The summary table the CLI prints after a run: one line per stage and target. */
public final class ResultTable {
  private static final String[] HEADER = {"stage", "target", "rows read", "rows written", "quarantined", "time", "details"};

  private ResultTable() {}

  public static String render(List<StageResult> results) {
    List<String[]> rows = new ArrayList<>();
    rows.add(HEADER);
    for (StageResult result : results) {
      rows.add(new String[] {
          result.stage().cliName(), result.target(), count(result.rowsRead()), count(result.rowsWritten()),
          count(result.rowsQuarantined()), format(result.duration()), details(result)});
    }
    return TextTable.render(rows, java.util.Set.of(2, 3, 4, 5));
  }

  private static String details(StageResult result) {
    StringBuilder text = new StringBuilder();
    result.metrics().forEach((name, value) -> {
      if (value != 0) {
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
