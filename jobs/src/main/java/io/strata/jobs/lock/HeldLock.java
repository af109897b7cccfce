package io.strata.jobs.lock;

import static java.util.Objects.requireNonNull;

/** A lock this run took: the lock, its file, and the holder written into it. */
public record HeldLock(LakeLock lock, String file, LockHolder holder) {
  public HeldLock {
    requireNonNull(lock, "lock is null");
    requireNonNull(file, "file is null");
    requireNonNull(holder, "holder is null");
  }
}
