package io.strata.jobs.stream;

import java.time.Instant;

/** What a source's stream did since the run log last heard of it; read and reset by {@link StreamRunLog}. */
final class StreamCounts {
  private long microBatches;
  private long read;
  private long written;
  private long quarantined;
  private Instant since;

  StreamCounts(Instant since) {
    this.since = since;
  }

  synchronized void add(long read, long written, long quarantined) {
    this.microBatches++;
    this.read += read;
    this.written += written;
    this.quarantined += quarantined;
  }

  /** The counts so far, and a fresh interval from {@code now}. */
  synchronized Snapshot drain(Instant now) {
    Snapshot snapshot = new Snapshot(since, now, microBatches, read, written, quarantined);
    microBatches = 0;
    read = 0;
    written = 0;
    quarantined = 0;
    since = now;
    return snapshot;
  }

  record Snapshot(Instant from, Instant to, long microBatches, long read, long written, long quarantined) {}
}
