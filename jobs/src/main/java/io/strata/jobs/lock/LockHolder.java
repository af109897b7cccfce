package io.strata.jobs.lock;

import static java.util.Objects.requireNonNull;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;

/**
 * Who holds a lock, as its lock file says: the run, where it runs, since when, and when it last
 * said it is alive. The lock file is JSON so that a person can read it before deleting it.
 */
public record LockHolder(String runId, String pipeline, String stage, String target, String host, long pid, Instant startedAt,
    Instant heartbeatAt) {
  public LockHolder {
    requireNonNull(runId, "runId is null");
    requireNonNull(pipeline, "pipeline is null");
    requireNonNull(stage, "stage is null");
    requireNonNull(target, "target is null");
    requireNonNull(host, "host is null");
    requireNonNull(startedAt, "startedAt is null");
    requireNonNull(heartbeatAt, "heartbeatAt is null");
  }

  /** This process as the holder of a lock of {@code stage} on {@code target}, for run {@code runId} that started at {@code startedAt}. */
  public static LockHolder of(String runId, String pipeline, String stage, String target, Instant startedAt, Instant now) {
    return new LockHolder(runId, pipeline, stage, target, localHost(), ProcessHandle.current().pid(), startedAt, now);
  }

  public LockHolder withHeartbeat(Instant now) {
    return new LockHolder(runId, pipeline, stage, target, host, pid, startedAt, now);
  }

  /** The same run's lock of another stage or target. */
  public LockHolder forTarget(String stage, String target) {
    return new LockHolder(runId, pipeline, stage, target, host, pid, startedAt, heartbeatAt);
  }

  /** Whether the holder stopped refreshing the lock longer than {@code staleAfter} ago. */
  public boolean isStale(Instant now, Duration staleAfter) {
    return heartbeatAt.plus(staleAfter).isBefore(now);
  }

  private static String localHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      String name = System.getenv("HOSTNAME");
      return name == null || name.isBlank() ? "unknown-host" : name;
    }
  }
}
