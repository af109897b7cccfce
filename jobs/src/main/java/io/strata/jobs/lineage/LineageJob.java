package io.strata.jobs.lineage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.Stage;
import java.util.List;
import java.util.Map;

/**
 * What one stage reads and writes: the job of an OpenLineage run event.
 *
 * @param feeds for each output (by id), the inputs it is made from, where the stage's other inputs have nothing to do with it
 */
public record LineageJob(Stage stage, List<LineageDataset> inputs, List<LineageDataset> outputs, Map<String, List<String>> feeds) {
  public LineageJob {
    requireNonNull(stage, "stage is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
    feeds = Map.copyOf(requireNonNull(feeds, "feeds is null"));
  }

  public LineageJob(Stage stage, List<LineageDataset> inputs, List<LineageDataset> outputs) {
    this(stage, inputs, outputs, Map.of());
  }

  /** The inputs {@code output} is made from: as declared, else those its columns name, else all of the stage's. */
  public List<String> inputsOf(LineageDataset output) {
    List<String> declared = feeds.get(output.id());
    if (declared != null) {
      return declared;
    }
    List<String> named = output.fields().stream().flatMap(field -> field.sources().stream())
        .map(source -> source.namespace() + "/" + source.name()).distinct().toList();
    return named.isEmpty() ? inputs.stream().map(LineageDataset::id).toList() : named;
  }
}
