package io.strata.jobs.lineage;

import io.openlineage.client.OpenLineage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Turns a stage's {@link LineageJob} into OpenLineage run events with the client's model. */
final class OpenLineageEvents {
  /** Who produced the events: Strata, named by a URN (OpenLineage asks for a URI). */
  static final URI PRODUCER = URI.create("urn:io.strata:strata-jobs");

  private final OpenLineage openLineage = new OpenLineage(PRODUCER);
  private final String namespace;
  private final String pipeline;

  OpenLineageEvents(String namespace, String pipeline) {
    this.namespace = namespace;
    this.pipeline = pipeline;
  }

  /** The same id for a stage of a run in its START and its COMPLETE or FAIL event. */
  static UUID runId(String strataRunId, String stage) {
    return UUID.nameUUIDFromBytes((strataRunId + "/" + stage).getBytes(StandardCharsets.UTF_8));
  }

  OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, LineageJob job, String strataRunId, java.util.Optional<Throwable> error) {
    OpenLineage.RunFacetsBuilder runFacets = openLineage.newRunFacetsBuilder();
    error.ifPresent(failure -> runFacets.errorMessage(openLineage.newErrorMessageRunFacet(io.strata.jobs.failure.QuotedValues.leftOut(
        String.valueOf(failure.getMessage()).lines().findFirst().orElse(failure.getClass().getSimpleName())), "java", null)));
    OpenLineage.Run run = openLineage.newRun(runId(strataRunId, job.stage().cliName()), runFacets.build());
    OpenLineage.Job olJob = openLineage.newJob(namespace, pipeline + "." + job.stage().cliName(), openLineage.newJobFacetsBuilder()
        .jobType(openLineage.newJobTypeJobFacet("BATCH", "STRATA", "STAGE")).build());
    List<OpenLineage.InputDataset> inputs = new ArrayList<>();
    job.inputs().forEach(input -> inputs.add(openLineage.newInputDataset(input.namespace(), input.name(), facets(input), null)));
    List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
    job.outputs().forEach(output -> outputs.add(openLineage.newOutputDataset(output.namespace(), output.name(), facets(output), null)));
    return openLineage.newRunEventBuilder().eventType(type).eventTime(ZonedDateTime.now()).run(run).job(olJob).inputs(inputs).outputs(outputs)
        .build();
  }

  private OpenLineage.DatasetFacets facets(LineageDataset dataset) {
    OpenLineage.DatasetFacetsBuilder facets = openLineage.newDatasetFacetsBuilder();
    if (!dataset.fields().isEmpty()) {
      facets.schema(openLineage.newSchemaDatasetFacet(dataset.fields().stream()
          .map(field -> openLineage.newSchemaDatasetFacetFields(field.name(), field.type(), null, null)).toList()));
      OpenLineage.ColumnLineageDatasetFacetFieldsBuilder columns = openLineage.newColumnLineageDatasetFacetFieldsBuilder();
      boolean any = false;
      for (LineageDataset.Field field : dataset.fields()) {
        if (field.sources().isEmpty()) {
          continue;
        }
        any = true;
        List<OpenLineage.InputField> inputs = field.sources().stream().map(source -> openLineage.newInputField(source.namespace(), source.name(),
            source.field(), List.of(openLineage.newInputFieldTransformations("DIRECT",
                source.how().equals("identity") ? "IDENTITY" : "TRANSFORMATION", source.how(), source.masked())))).toList();
        columns.put(field.name(), openLineage.newColumnLineageDatasetFacetFieldsAdditional(inputs, null, null));
      }
      if (any) {
        facets.columnLineage(openLineage.newColumnLineageDatasetFacet(columns.build(), null));
      }
    }
    return facets.build();
  }
}
