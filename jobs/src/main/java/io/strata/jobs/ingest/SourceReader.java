package io.strata.jobs.ingest;

import io.strata.layout.StrataException;
import io.strata.layout.config.SourceConfig;
import java.util.Optional;

/**
 * Reads one kind of source. A reader does not write to the lake and does not commit state: it
 * returns the records and the state to commit, and the ingest stage does the rest. Failures a
 * user can fix (unreachable host, bad credentials, retries exhausted) are thrown as
 * {@code io.strata.layout.StrataException} naming the source and what to check.
 */
public interface SourceReader<C extends SourceConfig> {
  SourceRead read(IngestRequest<C> request);

  /**
   * A failure that surfaced while the ingest stage wrote the records (Spark reads lazily),
   * explained as this reader explains its own failures; empty for a failure it cannot explain.
   */
  default Optional<StrataException> explainLateFailure(C source, Exception failure) {
    return Optional.empty();
  }
}
