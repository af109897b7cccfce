package io.strata.jobs.stage;

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

  /** The stages this build of Strata implements. */
  public static StageJobs standard() {
    return new StageJobs(new EnumMap<>(Stage.class));
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
