package io.strata.jobs.report;

import io.strata.jobs.lineage.LineageDataset;
import io.strata.jobs.lineage.LineageJob;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The pipeline's table-level lineage as an inline SVG: one column per layer (sources, raw,
 * processed, curated, warehouse), one box per dataset, one line per "is made from".
 */
final class LineageSvg {
  private static final List<String> LAYERS = List.of("source", "raw", "processed", "curated", "warehouse");
  private static final int COLUMN = 200;
  private static final int BOX_WIDTH = 160;
  private static final int ROW = 34;
  private static final int BOX_HEIGHT = 24;
  private static final int TOP = 24;

  private LineageSvg() {}

  static String render(List<LineageJob> jobs) {
    Map<String, LineageDataset> datasets = new LinkedHashMap<>();
    jobs.forEach(job -> {
      job.inputs().forEach(dataset -> datasets.putIfAbsent(dataset.id(), dataset));
      job.outputs().forEach(dataset -> datasets.putIfAbsent(dataset.id(), dataset));
    });
    Map<String, int[]> position = new LinkedHashMap<>();
    int[] rows = new int[LAYERS.size()];
    for (LineageDataset dataset : datasets.values()) {
      int column = LAYERS.indexOf(dataset.layer());
      if (column >= 0) {
        position.put(dataset.id(), new int[] {column, rows[column]++});
      }
    }
    Set<String> edges = new LinkedHashSet<>();
    for (LineageJob job : jobs) {
      for (LineageDataset output : job.outputs()) {
        for (String input : job.inputsOf(output)) {
          if (position.containsKey(input) && position.containsKey(output.id()) && !input.equals(output.id())) {
            edges.add(input + "\n" + output.id());
          }
        }
      }
    }
    int height = TOP + Math.max(1, java.util.Arrays.stream(rows).max().orElse(1)) * ROW + 8;
    int width = LAYERS.size() * COLUMN;
    StringBuilder svg = new StringBuilder();
    svg.append("<svg id=\"lineage-graph\" class=\"lineage\" width=\"").append(width).append("\" height=\"").append(height)
        .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" role=\"img\" aria-label=\"lineage\">\n");
    for (int i = 0; i < LAYERS.size(); i++) {
      svg.append("<text x=\"").append(i * COLUMN + 4).append("\" y=\"14\" font-size=\"12\" font-weight=\"600\">").append(LAYERS.get(i))
          .append("</text>\n");
    }
    for (String edge : edges) {
      String[] ends = edge.split("\n");
      int[] from = position.get(ends[0]);
      int[] to = position.get(ends[1]);
      double x1 = from[0] * COLUMN + 4 + BOX_WIDTH;
      double y1 = TOP + from[1] * ROW + BOX_HEIGHT / 2.0;
      double x2 = to[0] * COLUMN + 4;
      double y2 = TOP + to[1] * ROW + BOX_HEIGHT / 2.0;
      svg.append("<path class=\"edge\" d=\"M").append(number(x1)).append(',').append(number(y1)).append(" C").append(number((x1 + x2) / 2))
          .append(',').append(number(y1)).append(' ').append(number((x1 + x2) / 2)).append(',').append(number(y2)).append(' ')
          .append(number(x2)).append(',').append(number(y2)).append("\" fill=\"none\" stroke=\"#99a\"/>\n");
    }
    for (Map.Entry<String, int[]> node : position.entrySet()) {
      LineageDataset dataset = datasets.get(node.getKey());
      int x = node.getValue()[0] * COLUMN + 4;
      int y = TOP + node.getValue()[1] * ROW;
      svg.append("<g class=\"dataset\"><title>").append(RunReportHtml.escape(dataset.namespace() + " " + dataset.name()))
          .append("</title><rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH).append("\" height=\"")
          .append(BOX_HEIGHT).append("\" rx=\"4\" fill=\"#eef2fa\" stroke=\"#4a78c2\"/><text x=\"").append(x + 6).append("\" y=\"")
          .append(y + 16).append("\" font-size=\"11\">").append(RunReportHtml.escape(shorten(label(dataset)))).append("</text></g>\n");
    }
    return svg.append("</svg>\n").toString();
  }

  /** The part of the name that tells datasets apart in their column: the file or table, a warehouse table with its schema. */
  private static String label(LineageDataset dataset) {
    String name = dataset.name();
    if (dataset.layer().equals("warehouse") && name.indexOf('.') > 0) {
      return name.substring(name.indexOf('.') + 1);
    }
    String[] parts = name.split("/");
    if (parts.length >= 2 && (dataset.layer().equals("raw") || parts[parts.length - 1].contains("*"))) {
      // raw/<source>/<entity> and a glob like orders/*.csv say little without the folder before them.
      return parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
    return parts.length == 0 ? name : parts[parts.length - 1];
  }

  private static String shorten(String label) {
    return label.length() <= 24 ? label : label.substring(0, 23) + "…";
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.1f", value);
  }

}
