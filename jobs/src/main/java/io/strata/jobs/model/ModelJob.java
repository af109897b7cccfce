package io.strata.jobs.model;

import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.ModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The model stage: builds the dimensions, then {@code dim_date} and the facts, in the curated
 * layer from the processed entities, as the config's {@code model} section declares. The first
 * failure stops the stage, so no fact is built against a dimension that was not.
 */
public final class ModelJob implements StageJob {
  @Override
  public List<StageResult> run(StageContext context) {
    ModelConfig model = context.config().model();
    if (model.isEmpty()) {
      context.progress().accept("no model configured: add a model { dimensions { ... }, facts { ... } } section to the config");
      return List.of();
    }
    ModelSources sources = ModelSources.register(context);
    List<StageResult> results = new ArrayList<>();
    for (DimensionConfig dimension : model.dimensions().values()) {
      context.progress().accept("dimension " + dimension.name() + " (scd-type " + dimension.scdType() + ", from "
          + dimension.source().describe() + ") ...");
      Instant start = Instant.now();
      Dataset<Row> source = sources.read(dimension.source(), "model.dimensions." + dimension.name());
      String location = context.layout().curated(dimension.name()).uri();
      DimensionBuild build = dimension.scdType() == 2
          ? Scd2DimensionBuilder.build(context.spark(), dimension, source, location, context.runDate())
          : Scd1DimensionBuilder.build(context.spark(), dimension, source, location);
      context.progress().accept(String.format("dimension %s: %,d rows read, %,d inserted, %,d updated", dimension.name(),
          build.rowsRead(), build.inserted(), build.updated()));
      results.add(new StageResult(Stage.MODEL, dimension.name(), build.rowsRead(), build.written(), 0,
          Duration.between(start, Instant.now()), Map.of("inserted", build.inserted(), "updated", build.updated(),
              "removed", build.removed())));
    }
    return results;
  }
}
