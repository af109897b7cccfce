package io.strata.jobs.stage;

import io.strata.jobs.export.ExportJob;
import io.strata.jobs.ingest.IngestJob;
import io.strata.jobs.maintain.MaintainJob;
import io.strata.jobs.model.FullRefresh;
import io.strata.jobs.model.ModelJob;
import io.strata.jobs.process.ProcessJob;
import io.strata.jobs.process.StandardPiiPolicy;
import io.strata.jobs.quality.QualityJob;
import io.strata.layout.StrataException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The job behind each stage. A stage without one fails before Spark starts. */
public final class StageJobs {
  private final Map<Stage, StageJob> jobs;
  private final LockScope lockScope;

  private StageJobs(Map<Stage, StageJob> jobs, LockScope lockScope) {
    this.jobs = Map.copyOf(jobs);
    this.lockScope = java.util.Objects.requireNonNull(lockScope, "lockScope is null");
  }

  /** The stages this build of Strata implements, all sources and entities. */
  public static StageJobs standard() {
    return standard(Optional.empty(), Optional.empty());
  }

  /** As {@link #standard()}; {@code onlySource} limits ingest to one source, {@code onlyEntity} process to one entity. */
  public static StageJobs standard(Optional<String> onlySource, Optional<String> onlyEntity) {
    return standard(onlySource, onlyEntity, FullRefresh.none());
  }

  /** As {@link #standard(Optional, Optional)}; {@code refresh} names the curated tables the model rebuilds from whole sources. */
  public static StageJobs standard(Optional<String> onlySource, Optional<String> onlyEntity, FullRefresh refresh) {
    Map<Stage, StageJob> jobs = new EnumMap<>(Stage.class);
    jobs.put(Stage.INGEST, new IngestJob(onlySource, IngestJob.standardReaders()));
    jobs.put(Stage.PROCESS, new ProcessJob(onlyEntity, StandardPiiPolicy::of));
    jobs.put(Stage.MODEL, new ModelJob(refresh));
    jobs.put(Stage.QUALITY, new QualityJob());
    jobs.put(Stage.EXPORT, new ExportJob());
    jobs.put(Stage.MAINTAIN, new MaintainJob(false));
    return new StageJobs(jobs, new LockScope(onlySource, onlyEntity));
  }

  /** A custom set of stage jobs, for tests and embedders; they lock every source and entity. */
  public static StageJobs of(Map<Stage, StageJob> jobs) {
    return new StageJobs(jobs, LockScope.everything());
  }

  /** These jobs with {@code job} behind {@code stage}, e.g. a dry-run maintain job. */
  public StageJobs with(Stage stage, StageJob job) {
    Map<Stage, StageJob> replaced = new EnumMap<>(Stage.class);
    replaced.putAll(jobs);
    replaced.put(stage, java.util.Objects.requireNonNull(job, "job is null"));
    return new StageJobs(replaced, lockScope);
  }

  /** The sources and entities these jobs work on, which is what their run locks. */
  public LockScope lockScope() {
    return lockScope;
  }

  public Optional<StageJob> find(Stage stage) {
    return Optional.ofNullable(jobs.get(stage));
  }

  public StageJob require(Stage stage) {
    return find(stage).orElseThrow(() -> new StrataException(
        "stage '" + stage.cliName() + "' is not implemented yet in this version of Strata"));
  }
}
