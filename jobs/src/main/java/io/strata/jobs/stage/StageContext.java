package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.config.PipelineConfig;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.spark.sql.SparkSession;

/**
 * What every stage job gets: the validated config, a session, the run date, the run's id, where
 * to report progress on long work (the console), and where to record a target as soon as it has
 * committed work a re-run will not repeat (the run log).
 */
public record StageContext(PipelineConfig config, SparkSession spark, LocalDate runDate, String runId, Consumer<String> progress,
    Consumer<StageResult> onTargetCommitted) {
  public StageContext {
    requireNonNull(config, "config is null");
    requireNonNull(spark, "spark is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(runId, "runId is null");
    requireNonNull(progress, "progress is null");
    requireNonNull(onTargetCommitted, "onTargetCommitted is null");
  }

  /** A context whose committed targets are recorded only with the stage's result. */
  public StageContext(PipelineConfig config, SparkSession spark, LocalDate runDate, String runId, Consumer<String> progress) {
    this(config, spark, runDate, runId, progress, result -> { });
  }

  public LakeLayout layout() {
    return config.lake().layout();
  }

  /**
   * The target committed work that a re-run skips (a process ledger): its line must reach the run
   * log now, or a run killed before the stage ends loses its counts and reconciliation fails.
   */
  public void targetCommitted(StageResult result) {
    onTargetCommitted.accept(result);
  }
}
