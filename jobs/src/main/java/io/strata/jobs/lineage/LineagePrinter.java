package io.strata.jobs.lineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The lineage graph as Graphviz dot or as JSON, whole or around one table. */
public final class LineagePrinter {
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final List<LineageJob> jobs;

  public LineagePrinter(List<LineageJob> jobs) {
    this.jobs = List.copyOf(jobs);
  }

  /**
   * The jobs and datasets upstream and downstream of the dataset named {@code table} (a processed
   * entity, a curated or a warehouse table); empty when no dataset has that name.
   */
  public Optional<LineagePrinter> around(String table) {
    Set<String> start = new LinkedHashSet<>();
    for (LineageJob job : jobs) {
      for (LineageDataset dataset : concat(job.inputs(), job.outputs())) {
        if (dataset.name().equals(table) || dataset.name().endsWith("/" + table) || dataset.name().endsWith("." + table)) {
          start.add(dataset.id());
        }
      }
    }
    if (start.isEmpty()) {
      return Optional.empty();
    }
    Set<String> kept = new LinkedHashSet<>(start);
    walk(start, kept, true);
    walk(start, kept, false);
    List<LineageJob> around = new ArrayList<>();
    for (LineageJob job : jobs) {
      List<LineageDataset> inputs = job.inputs().stream().filter(input -> kept.contains(input.id())).toList();
      List<LineageDataset> outputs = job.outputs().stream().filter(output -> kept.contains(output.id())).toList();
      // The quality stage writes no table of the graph: it belongs to a table's lineage when it checks it.
      if (!outputs.isEmpty() || (job.stage() == io.strata.jobs.stage.Stage.QUALITY && !inputs.isEmpty())) {
        around.add(new LineageJob(job.stage(), inputs, outputs, job.feeds()));
      }
    }
    return Optional.of(new LineagePrinter(around));
  }

  /** Adds what {@code from} is made from (upstream) or what is made from it (downstream), table by table. */
  private void walk(Set<String> from, Set<String> kept, boolean upstream) {
    Deque<String> todo = new ArrayDeque<>(from);
    while (!todo.isEmpty()) {
      String id = todo.pop();
      for (LineageJob job : jobs) {
        for (LineageDataset output : job.outputs()) {
          List<String> inputs = job.inputsOf(output);
          List<String> next = upstream ? (output.id().equals(id) ? inputs : List.of()) : (inputs.contains(id) ? List.of(output.id()) : List.of());
          for (String dataset : next) {
            if (kept.add(dataset)) {
              todo.push(dataset);
            }
          }
        }
      }
    }
  }

  public String dot() {
    StringBuilder dot = new StringBuilder("digraph strata_lineage {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n");
    Map<String, String> nodes = new LinkedHashMap<>();
    for (LineageDataset dataset : datasets()) {
      String node = "d" + nodes.size();
      nodes.put(dataset.id(), node);
      dot.append("  ").append(node).append(" [shape=cylinder, label=\"").append(escape(dataset.layer() + "\\n" + shortName(dataset))).append("\"];\n");
    }
    for (int i = 0; i < jobs.size(); i++) {
      LineageJob job = jobs.get(i);
      String node = "j" + i;
      dot.append("  ").append(node).append(" [shape=box, style=rounded, label=\"").append(job.stage().cliName()).append("\"];\n");
      job.inputs().forEach(input -> dot.append("  ").append(nodes.get(input.id())).append(" -> ").append(node).append(";\n"));
      job.outputs().forEach(output -> dot.append("  ").append(node).append(" -> ").append(nodes.get(output.id())).append(";\n"));
    }
    return dot.append("}\n").toString();
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode jobList = root.putArray("jobs");
    for (LineageJob job : jobs) {
      ObjectNode node = jobList.addObject();
      node.put("stage", job.stage().cliName());
      job.inputs().forEach(input -> node.withArray("inputs").add(input.id()));
      job.outputs().forEach(output -> node.withArray("outputs").add(output.id()));
    }
    ArrayNode datasetList = root.putArray("datasets");
    for (LineageDataset dataset : datasets()) {
      ObjectNode node = datasetList.addObject();
      node.put("id", dataset.id());
      node.put("namespace", dataset.namespace());
      node.put("name", dataset.name());
      node.put("layer", dataset.layer());
      ArrayNode fields = node.putArray("fields");
      for (LineageDataset.Field field : dataset.fields()) {
        ObjectNode fieldNode = fields.addObject();
        fieldNode.put("name", field.name());
        fieldNode.put("type", field.type());
        ArrayNode sources = fieldNode.putArray("from");
        for (LineageDataset.Source source : field.sources()) {
          ObjectNode sourceNode = sources.addObject();
          sourceNode.put("dataset", source.namespace() + "/" + source.name());
          sourceNode.put("field", source.field());
          sourceNode.put("masked", source.masked());
          sourceNode.put("how", source.how());
        }
      }
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every dataset once, the one with the most fields (the writer's view) where several jobs name it. */
  private List<LineageDataset> datasets() {
    Map<String, LineageDataset> byId = new LinkedHashMap<>();
    for (LineageJob job : jobs) {
      for (LineageDataset dataset : concat(job.inputs(), job.outputs())) {
        byId.merge(dataset.id(), dataset, (a, b) -> b.fields().size() > a.fields().size() ? b : a);
      }
    }
    return List.copyOf(byId.values());
  }

  private static String shortName(LineageDataset dataset) {
    String name = dataset.name();
    int slash = name.lastIndexOf('/');
    return slash >= 0 && slash < name.length() - 1 ? name.substring(slash + 1) : name;
  }

  private static List<LineageDataset> concat(List<LineageDataset> a, List<LineageDataset> b) {
    List<LineageDataset> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String escape(String text) {
    return text.replace("\"", "\\\"");
  }
}
