package io.strata.jobs.stage;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A plain-text table as psql prints one: a header, columns padded, numbers right-aligned. */
public final class TextTable {
  private TextTable() {}

  public static String render(List<String[]> rows, Set<Integer> rightAligned) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int column = 0; column < columns; column++) {
        widths[column] = Math.max(widths[column], row[column].length());
      }
    }
    StringBuilder text = new StringBuilder();
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int column = 0; column < columns; column++) {
        String format = (rightAligned.contains(column) ? "%" : "%-") + widths[column] + "s";
        line.append(column == 0 ? "" : "  ").append(String.format(Locale.ROOT, format, row[column]));
      }
      text.append(line.toString().stripTrailing()).append(System.lineSeparator());
    }
    return text.toString();
  }
}
