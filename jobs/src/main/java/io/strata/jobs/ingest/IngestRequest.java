package io.strata.jobs.ingest;

import static java.util.Objects.requireNonNull;

import io.strata.layout.config.SourceConfig;
import java.time.LocalDate;
import org.apache.spark.sql.SparkSession;

/**
 * One source to read for one run.
 *
 * @param previous the state to read from: for a re-run of a run date, the state that run
 *     started from (so it reads the same range again); otherwise the latest committed state
 * @param latest the latest committed state, whatever run date committed it
 */
public record IngestRequest<C extends SourceConfig>(SparkSession spark, C source, LocalDate runDate, SourceState previous, SourceState latest) {
  public IngestRequest {
    requireNonNull(spark, "spark is null");
    requireNonNull(source, "source is null");
    requireNonNull(runDate, "runDate is null");
    requireNonNull(previous, "previous is null");
    requireNonNull(latest, "latest is null");
  }
}
