package io.strata.jobs.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The data dictionary as text for the console, Markdown for a wiki, or JSON for tools. */
public final class CatalogPrinter {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private CatalogPrinter() {}

  public static String text(List<CatalogTable> tables) {
    StringBuilder out = new StringBuilder();
    for (CatalogTable table : tables) {
      out.append(table.name()).append("  ").append(table.rows().map(rows -> String.format(java.util.Locale.ROOT, "%,d rows", rows))
          .orElse("not written yet")).append(table.lastUpdate().map(at -> ", updated " + TIME.format(at)).orElse(""))
          .append(table.owner().map(owner -> ", owner " + owner).orElse("")).append('\n');
      table.description().ifPresent(description -> out.append("  ").append(description).append('\n'));
      out.append("  ").append(table.location()).append('\n');
      for (CatalogTable.Column column : table.columns()) {
        out.append("    ").append(column.name()).append(' ').append(column.type()).append(column.pii().map(method -> "  [PII: " + method + "]")
            .orElse("")).append(column.description().map(text -> "  " + text).orElse("")).append('\n');
      }
    }
    return out.toString();
  }

  public static String markdown(String pipeline, List<CatalogTable> tables) {
    StringBuilder out = new StringBuilder("# Data dictionary: ").append(pipeline).append("\n");
    for (CatalogTable table : tables) {
      out.append("\n## ").append(table.name()).append("\n\n");
      table.description().ifPresent(description -> out.append(description).append("\n\n"));
      out.append("| | |\n| --- | --- |\n");
      out.append("| owner | ").append(table.owner().orElse("")).append(" |\n");
      out.append("| rows | ").append(table.rows().map(String::valueOf).orElse("not written yet")).append(" |\n");
      out.append("| last update | ").append(table.lastUpdate().map(TIME::format).orElse("")).append(" |\n");
      out.append("| location | `").append(table.location()).append("` |\n\n");
      out.append("| column | type | PII | description |\n| --- | --- | --- | --- |\n");
      for (CatalogTable.Column column : table.columns()) {
        out.append("| ").append(column.name()).append(" | ").append(column.type()).append(" | ").append(column.pii().map(method -> "masked: " + method)
            .orElse("")).append(" | ").append(column.description().map(text -> text.replace("|", "\\|").replaceAll("\\s*\\R\\s*", " ")).orElse("")).append(" |\n");
      }
    }
    return out.toString();
  }

  public static String json(List<CatalogTable> tables) {
    ArrayNode list = JSON.createArrayNode();
    for (CatalogTable table : tables) {
      ObjectNode node = list.addObject();
      node.put("name", table.name());
      node.put("layer", table.layer());
      node.put("location", table.location());
      table.description().ifPresent(description -> node.put("description", description));
      table.owner().ifPresent(owner -> node.put("owner", owner));
      table.rows().ifPresent(rows -> node.put("rows", rows));
      table.lastUpdate().ifPresent(at -> node.put("last_update", at.toString()));
      ArrayNode columns = node.putArray("columns");
      for (CatalogTable.Column column : table.columns()) {
        ObjectNode columnNode = columns.addObject();
        columnNode.put("name", column.name());
        columnNode.put("type", column.type());
        column.pii().ifPresent(method -> columnNode.put("pii", method));
        column.description().ifPresent(text -> columnNode.put("description", text));
      }
    }
    try {
      return JSON.writeValueAsString(list) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
