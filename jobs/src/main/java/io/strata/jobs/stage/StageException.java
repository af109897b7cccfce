package io.strata.jobs.stage;

/**
 * A checked exception a stage threw without declaring it (Scala code does: Spark's
 * {@code AnalysisException}), seen as the failure it is by the run log, alerts, metrics and
 * lineage. The original is rethrown to the command line, which reports it as it always has.
 */
final class StageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  StageException(Exception cause) {
    super(cause.getClass().getSimpleName() + ": " + String.valueOf(cause.getMessage()).lines().findFirst().orElse(""), cause);
  }

  /** Throws {@code thrown} as it is, checked or not; the return type lets callers write {@code throw rethrow(e)}. */
  static RuntimeException rethrow(Exception thrown) {
    return StageException.<RuntimeException>sneaky(thrown);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception thrown) throws T {
    throw (T) thrown;
  }
}
