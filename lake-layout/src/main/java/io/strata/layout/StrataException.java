package io.strata.layout;

/**
 * The one exception type for failures a user can fix: bad config, an unreachable source or
 * lake, a failed quality gate. Its message says what went wrong and how to fix it, never a secret.
 * Programming mistakes stay {@link IllegalArgumentException} or {@link IllegalStateException}.
 */
public class StrataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StrataException(String message) {
    super(message);
  }

  public StrataException(String message, Throwable cause) {
    super(message, cause);
  }
}
