package io.strata.jobs.cli;

/** Exit codes that Airflow and shell scripts rely on. */
public final class ExitCodes {
  public static final int SUCCESS = 0;
  public static final int RUNTIME_FAILURE = 1;
  public static final int BAD_USAGE_OR_CONFIG = 2;
  public static final int QUALITY_GATE_FAILED = 3;
  /** Another run of the pipeline holds a lock this run needs: nothing was written; try again later. */
  public static final int PIPELINE_LOCKED = 4;

  private ExitCodes() {}
}
