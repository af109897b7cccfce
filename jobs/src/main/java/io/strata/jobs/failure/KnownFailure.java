package io.strata.jobs.failure;

import static java.util.Objects.requireNonNull;

/**
 * A failure the user caused or can fix, recognized in an exception that no Strata code explained:
 * what went wrong, the fix, and whether it is a setup problem (exit 2: retrying will not help until
 * someone changes the config, the credentials or the permissions) or a runtime one (exit 1: a
 * server down, a full disk, a file that went away; a retry may pass once it is fixed).
 */
public record KnownFailure(Kind kind, String message) {
  public enum Kind { SETUP, RUNTIME }

  public KnownFailure {
    requireNonNull(kind, "kind is null");
    requireNonNull(message, "message is null");
  }
}
