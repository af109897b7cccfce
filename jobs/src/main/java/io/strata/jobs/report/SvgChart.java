package io.strata.jobs.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small line chart as inline SVG: one polyline and one point per run for each series, the
 * runs' dates along the bottom, the largest value on the left. No script, no external file.
 */
final class SvgChart {
  private static final int WIDTH = 560;
  private static final int HEIGHT = 180;
  private static final int LEFT = 60;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 40;
  private static final List<String> COLORS = List.of("#4a78c2", "#c2884a", "#3f9a5b", "#9a4ac2", "#c24a4a", "#4ab3c2");

  private SvgChart() {}

  /**
   * @param id the chart's id in the page
   * @param labels one label per run, oldest first
   * @param series each series' values, one per run ({@code null} where a run has none)
   */
  static String lines(String id, String title, List<String> labels, Map<String, List<Double>> series, String unit) {
    double max = series.values().stream().flatMap(List::stream).filter(value -> value != null).mapToDouble(Double::doubleValue).max().orElse(0);
    double top = unit.equals("%") || max <= 0 ? 1 : max; // a rate is drawn against 100%
    int plotWidth = WIDTH - LEFT - RIGHT;
    int plotHeight = HEIGHT - TOP - BOTTOM;
    StringBuilder svg = new StringBuilder();
    svg.append("<figure class=\"chart\"><figcaption>").append(RunReportHtml.escape(title)).append("</figcaption>\n<svg id=\"")
        .append(id).append("\" class=\"trend\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"")
        .append(RunReportHtml.escape(title)).append("\">\n");
    svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP + plotHeight).append("\" x2=\"").append(WIDTH - RIGHT)
        .append("\" y2=\"").append(TOP + plotHeight).append("\" stroke=\"#99a\"/>\n");
    svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + 10).append("\" text-anchor=\"end\" font-size=\"11\">")
        .append(RunReportHtml.escape(format(top, unit))).append("</text>\n");
    svg.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(TOP + plotHeight).append("\" text-anchor=\"end\" font-size=\"11\">0</text>\n");
    int runs = labels.size();
    int step = runs <= 8 ? 1 : (runs + 5) / 6; // at most about seven dates, the last one always, none crowding it
    for (int i = 0; i < runs; i++) {
      if (i == runs - 1 || (i % step == 0 && runs - 1 - i >= step)) {
        // The first and last dates sit at the plot's edges: anchored inwards, they stay inside the chart.
        String anchor = runs > 1 && i == 0 ? "start" : runs > 1 && i == runs - 1 ? "end" : "middle";
        svg.append("<text x=\"").append(number(x(i, runs, plotWidth))).append("\" y=\"").append(HEIGHT - BOTTOM + 16)
            .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"10\">").append(RunReportHtml.escape(labels.get(i))).append("</text>\n");
      }
    }
    int color = 0;
    int legendX = LEFT;
    for (Map.Entry<String, List<Double>> entry : series.entrySet()) {
      String stroke = COLORS.get(color++ % COLORS.size());
      StringBuilder points = new StringBuilder();
      StringBuilder dots = new StringBuilder();
      List<Double> values = entry.getValue();
      for (int i = 0; i < values.size(); i++) {
        Double value = values.get(i);
        if (value == null) {
          continue;
        }
        String x = number(x(i, runs, plotWidth));
        String y = number(TOP + plotHeight - value / top * plotHeight);
        points.append(points.length() == 0 ? "" : " ").append(x).append(',').append(y);
        dots.append("<circle class=\"point\" data-series=\"").append(RunReportHtml.escape(entry.getKey())).append("\" cx=\"").append(x)
            .append("\" cy=\"").append(y).append("\" r=\"3\" fill=\"").append(stroke).append("\"><title>")
            .append(RunReportHtml.escape(entry.getKey() + " " + labels.get(i) + ": " + format(value, unit))).append("</title></circle>\n");
      }
      svg.append("<polyline fill=\"none\" stroke=\"").append(stroke).append("\" stroke-width=\"2\" points=\"").append(points).append("\"/>\n");
      svg.append(dots);
      svg.append("<text x=\"").append(legendX).append("\" y=\"").append(HEIGHT - 6).append("\" font-size=\"11\" fill=\"").append(stroke)
          .append("\">").append(RunReportHtml.escape(entry.getKey())).append("</text>\n");
      legendX += 14 + 7 * entry.getKey().length();
    }
    svg.append("</svg></figure>\n");
    return svg.toString();
  }

  private static double x(int index, int runs, int plotWidth) {
    return runs <= 1 ? LEFT + plotWidth / 2.0 : LEFT + index * (double) plotWidth / (runs - 1);
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

  private static String format(double value, String unit) {
    return switch (unit) {
      case "s" -> String.format(Locale.ROOT, "%.1f s", value);
      case "%" -> String.format(Locale.ROOT, "%.0f%%", value * 100);
      default -> String.format(Locale.ROOT, "%,.0f", value);
    };
  }
}
