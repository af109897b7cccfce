package io.strata.jobs.stage;

import io.strata.jobs.ingest.IngestJob;
import io.strata.layout.StrataException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The job behind each stage. A stage without one fails before Spark starts. */
public final class StageJobs {
  private final Map<Stage, StageJob> jobs;

  private StageJobs(Map<Stage, StageJob> jobs) {
    this.jobs = Map.copyOf(jobs);
  }

  /** The stages this build of Strata implements; {@code onlySource} limits ingest to one source. */
  public static StageJobs standard(Optional<String> onlySource) {
    Map<Stage, StageJob> jobs = new EnumMap<>(Stage.class);
    jobs.put(Stage.INGEST, new IngestJob(onlySource, IngestJob.standardReaders()));
    return new StageJobs(jobs);
  }

  /** A custom set of stage jobs, for tests and embedders. */
  public static StageJobs of(Map<Stage, StageJob> jobs) {
    return new StageJobs(jobs);
  }

  public Optional<StageJob> find(Stage stage) {
    return Optional.ofNullable(jobs.get(stage));
  }

  public StageJob require(Stage stage) {
    return find(stage).orElseThrow(() -> new StrataException(
        "stage '" + stage.cliName() + "' is not implemented yet in this version of Strata"));
  }
}
