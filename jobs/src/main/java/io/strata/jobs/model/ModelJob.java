package io.strata.jobs.model;

import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
      SurrogateKeyHighWater highWater = SurrogateKeyHighWater.of(context.spark(), context.layout(), dimension.name());
      DimensionBuild build = dimension.scdType() == 2
          ? Scd2DimensionBuilder.build(context.spark(), dimension, source, location, highWater, context.runDate())
          : Scd1DimensionBuilder.build(context.spark(), dimension, source, location, highWater);
      context.progress().accept(String.format("dimension %s: %,d rows read, %,d inserted, %,d updated", dimension.name(),
          build.rowsRead(), build.inserted(), build.updated()));
      results.add(new StageResult(Stage.MODEL, dimension.name(), build.rowsRead(), build.written(), 0,
          Duration.between(start, Instant.now()), Map.of("inserted", build.inserted(), "updated", build.updated(),
              "removed", build.removed())));
    }
    List<LocalDate[]> factDates = new ArrayList<>();
    for (FactConfig fact : model.facts().values()) {
      context.progress().accept("fact " + fact.name() + " (from " + fact.source().describe() + ") ...");
      Instant start = Instant.now();
      Dataset<Row> source = sources.read(fact.source(), "model.facts." + fact.name());
      FactBuild build = FactBuilder.build(context.spark(), fact, model, source, context.layout());
      build.dates().ifPresent(factDates::add);
      Map<String, Long> metrics = new TreeMap<>();
      metrics.put("partitions", build.partitions());
      build.unknownMembers().forEach((reference, count) -> metrics.put("unknown_" + reference, count));
      List<String> events = new ArrayList<>();
      build.unknownMembers().forEach((reference, count) -> {
        if (count > 0) {
          events.add(String.format("%,d row(s) reference an unknown %s (key -1)", count, reference));
        }
      });
      events.forEach(event -> context.progress().accept("fact " + fact.name() + ": " + event));
      context.progress().accept(String.format("fact %s: %,d rows in %,d partition(s)", fact.name(), build.rowsWritten(), build.partitions()));
      results.add(new StageResult(Stage.MODEL, fact.name(), build.rowsRead(), build.rowsWritten(), 0, Duration.between(start, Instant.now()),
          metrics, events));
    }
    model.dateDimension().ifPresent(dates -> {
      Instant start = Instant.now();
      Optional<LocalDate[]> range = DateDimensionWriter.write(context.spark(), dates, factDates,
          context.layout().curated(DateDimensionConfig.TABLE).uri());
      if (range.isEmpty()) {
        context.progress().accept("dim_date: no range yet (no dim-date start/end and no fact dates); skipped");
        return;
      }
      long days = java.time.temporal.ChronoUnit.DAYS.between(range.get()[0], range.get()[1]) + 1;
      context.progress().accept("dim_date: " + range.get()[0] + " to " + range.get()[1] + ", " + days + " days");
      results.add(new StageResult(Stage.MODEL, DateDimensionConfig.TABLE, 0, days + 1, 0, Duration.between(start, Instant.now()),
          Map.of("days", days)));
    });
    return results;
  }
}
