package io.strata.jobs.stage;

import java.util.List;

/** One stage of the pipeline: takes a validated context, does its work, returns a result per target. */
public interface StageJob {
  List<StageResult> run(StageContext context);
}
