package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.config.PipelineConfig;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage job gets: the validated config, a session, the run date, the run's id, and
 * where to report progress on long work (the console).
 */
public record StageContext(PipelineConfig config, SparkSession spark, LocalDate runDate, String runId, Consumer<String> progress) {
  public StageContext {
    requireNonNull(config, "config is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(progress, "progress is null");
  }

  public LakeLayout layout() {
    return config.lake().layout();
  }
}
