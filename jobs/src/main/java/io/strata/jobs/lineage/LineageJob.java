package io.strata.jobs.lineage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.stage.Stage;
import java.util.List;

/** What one stage reads and writes: the job of an OpenLineage run event. */
public record LineageJob(Stage stage, List<LineageDataset> inputs, List<LineageDataset> outputs) {
  public LineageJob {
    requireNonNull(stage, "stage is null");
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    outputs = List.copyOf(requireNonNull(outputs, "outputs is null"));
  }
}
