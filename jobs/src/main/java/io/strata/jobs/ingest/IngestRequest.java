package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.SourceConfig;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.SparkSession;

/**
 * One source to read for one run.
 *
 * @param previous the state to read from: for a re-run of a run date, the state that run
 *     started from (so it reads the same range again); otherwise the latest committed state
 * @param latest the latest committed state, whatever run date committed it
 * @param committedByEarlierRun for a re-run of a run date, the state that date's earlier run committed
 *     (where it stopped reading)
 */
public record IngestRequest<C extends SourceConfig>(SparkSession spark, C source, LocalDate runDate, SourceState previous, SourceState latest,
    Optional<SourceState> committedByEarlierRun) {
  public IngestRequest {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(previous, "previous is null");
    requireNonNull(latest, "latest is null");
    requireNonNull(committedByEarlierRun, "committedByEarlierRun is null");
  }

  /** A request for a run date no run has committed yet. */
  public IngestRequest(SparkSession spark, C source, LocalDate runDate, SourceState previous, SourceState latest) {
    this(spark, source, runDate, previous, latest, Optional.empty());
  }
}
