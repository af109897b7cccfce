package io.strata.jobs.lock;

import io.strata.layout.StrataException;

/** Another run holds a lock this run needs; the CLI exits with its own code so schedulers can tell "try later" from "broken". */
public final class PipelineLockedException extends StrataException {
  private static final long serialVersionUID = 1L;

  public PipelineLockedException(String message) {
    super(message);
  }
}
