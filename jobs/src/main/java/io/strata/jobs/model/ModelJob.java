package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import static java.util.Objects.requireNonNull;

import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.layout.config.AggregateConfig;
import io.strata.layout.config.DateDimensionConfig;
import io.strata.layout.config.DimensionConfig;
import io.strata.layout.config.FactConfig;
import io.strata.layout.config.ModelConfig;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model stage: builds the dimensions, then the facts and {@code dim_date}, then the aggregates, in the curated
 * layer from the processed entities, as the config's {@code model} section declares. Each table
 * reads what changed since its watermarks (see {@link SourcePlan}); the first failure stops the
 * stage, so no fact is built against a dimension that was not.
 */
public final class ModelJob implements StageJob {
  private final FullRefresh refresh;

  public ModelJob() {
    this(FullRefresh.none());
  }

  public ModelJob(FullRefresh refresh) {
    this.refresh = requireNonNull(refresh, "refresh is null");
  }

  @Override
  public List<StageResult> run(StageContext context) {
    ModelConfig model = context.config().model();
    if (model.isEmpty()) {
      context.progress().accept("no model configured: add a model { dimensions { ... }, facts { ... } } section to the config");
      return List.of();
    }
    ModelSources sources = ModelSources.register(context);
    ModelState state = new ModelState(SourceStateStore.forModel(context.layout(), context.spark().sparkContext().hadoopConfiguration()),
        context.runDate(), context.runId());
    List<StageResult> results = new ArrayList<>();
    for (DimensionConfig dimension : model.dimensions().values()) {
      results.add(DimensionStep.run(context, dimension, sources, state, refresh));
    }
    // Facts look members up in the dimensions as they are now, and remember these versions.
    Map<String, Long> dimensionVersions = new LinkedHashMap<>();
    for (DimensionConfig dimension : model.dimensions().values()) {
      String location = context.layout().curated(dimension.name()).uri();
      if (TableLog.exists(context.spark(), location)) {
        dimensionVersions.put(dimension.name(), TableLog.latestVersion(context.spark(), location));
      }
    }
    List<LocalDate[]> factDates = new ArrayList<>();
    for (FactConfig fact : model.facts().values()) {
      FactStep.Outcome outcome = FactStep.run(context, fact, model, sources, state, refresh, dimensionVersions);
      outcome.dates().ifPresent(factDates::add);
      results.add(outcome.result());
    }
    model.dateDimension().ifPresent(dates -> {
      Instant start = Instant.now();
      Optional<DateDimensionWriter.Written> range = DateDimensionWriter.write(context.spark(), dates, factDates,
          context.layout().curated(DateDimensionConfig.TABLE).uri(), refresh.applies(DateDimensionConfig.TABLE));
      if (range.isEmpty()) {
        context.progress().accept("dim_date: no range yet (no dim-date start/end and no fact dates); skipped");
        return;
      }
      long days = ChronoUnit.DAYS.between(range.get().first(), range.get().last()) + 1;
      String outcome = range.get().written() ? "written" : "unchanged";
      context.progress().accept("dim_date: " + range.get().first() + " to " + range.get().last() + ", " + days + " days, " + outcome);
      results.add(new StageResult(Stage.MODEL, DateDimensionConfig.TABLE, 0, range.get().written() ? days + 1 : 0, 0,
          Duration.between(start, Instant.now()), Map.of("days", days), range.get().written() ? List.of() : List.of("unchanged")));
    });
    // Aggregates read the star as the run left it, dim_date included.
    CuratedVersions tables = new CuratedVersions(context.spark(), context.layout());
    for (AggregateConfig aggregate : model.aggregates().values()) {
      results.add(AggregateStep.run(context, aggregate, model, state, refresh, tables));
    }
    return results;
  }
}
