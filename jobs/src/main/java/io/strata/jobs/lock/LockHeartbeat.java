package io.strata.jobs.lock;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the heartbeat of every lock a run holds, every {@code lake.lock.heartbeat}, on a daemon
 * thread. A refresh that fails (the lake briefly unreachable) is retried at the next beat; a lock
 * found taken over is remembered as lost and never written again.
 */
public final class LockHeartbeat implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LockHeartbeat.class);

  private final List<HeldLock> held;
  private final Set<HeldLock> lost = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService executor;

  private LockHeartbeat(List<HeldLock> held) {
    this.held = List.copyOf(requireNonNull(held, "held is null"));
    this.executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, "strata-lock-heartbeat");
      thread.setDaemon(true);
      return thread;
    });
  }

  public static LockHeartbeat start(List<HeldLock> held, Duration interval) {
    LockHeartbeat heartbeat = new LockHeartbeat(held);
    heartbeat.executor.scheduleWithFixedDelay(heartbeat::beat, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    return heartbeat;
  }

  /** Refreshes every lock still held once; the scheduler calls it, tests may too. */
  void beat() {
    for (HeldLock lock : held) {
      if (lost.contains(lock)) {
        continue;
      }
      try {
        if (!lock.lock().refresh(lock.file(), lock.holder())) {
          lost.add(lock);
          LOG.warn("run {} lost its lock {}: another run took it over", lock.holder().runId(), lock.lock().directory());
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot refresh the heartbeat of lock {} (retrying at the next beat): {}", lock.file(), e.toString());
      }
    }
  }

  /** The locks that another run has taken over since this run took them. */
  public List<HeldLock> lost() {
    return held.stream().filter(lost::contains).toList();
  }

  /** Stops beating and waits for a beat in progress, so that no heartbeat rewrites a lock file after its release. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("the lock heartbeat did not stop within 30 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
