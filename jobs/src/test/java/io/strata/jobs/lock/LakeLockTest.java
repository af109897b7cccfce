package io.strata.jobs.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock-file protocol on a real local directory, with a clock the test moves. */
class LakeLockTest {
  private static final Duration STALE_AFTER = Duration.ofMinutes(5);
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;

  private final MovableClock clock = new MovableClock(T0);
  private final LockStore store = new LocalLockStore(java.util.Optional.empty());

  private LakeLock lock() {
    return new LakeLock(store, dir.resolve("_locks/shop/ingest/orders").toUri().toString().replaceAll("/$", ""), STALE_AFTER, clock);
  }

  private static LockHolder holder(String runId) {
    return new LockHolder(runId, "shop", "ingest", "orders", "host-" + runId, 100, T0, T0);
  }

  private List<String> lockFiles() throws IOException {
    Path folder = dir.resolve("_locks/shop/ingest/orders");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (var files = Files.list(folder)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void theFirstRunTakesTheLockAndASecondIsRefusedWithTheFirstAsHolder() throws IOException {
    LakeLock.Outcome first = lock().acquire(holder("run-a"));
    LakeLock.Outcome second = lock().acquire(holder("run-b"));

    assertThat(first).isInstanceOf(LakeLock.Acquired.class);
    assertThat(((LakeLock.Acquired) first).file()).endsWith("/_locks/shop/ingest/orders/0000000001.json");
    assertThat(((LakeLock.Acquired) first).takenOver()).isEmpty();
    assertThat(second).isInstanceOfSatisfying(LakeLock.Refused.class, refused -> {
      assertThat(refused.holder().holder()).hasValueSatisfying(holder -> {
        assertThat(holder.runId()).isEqualTo("run-a");
        assertThat(holder.host()).isEqualTo("host-run-a");
        assertThat(holder.startedAt()).isEqualTo(T0);
      });
      assertThat(refused.holder().file()).isEqualTo(((LakeLock.Acquired) first).file());
    });
    assertThat(lockFiles()).containsExactly("0000000001.json");
    assertThat(Files.readString(dir.resolve("_locks/shop/ingest/orders/0000000001.json")))
        .contains("\"run_id\" : \"run-a\"", "\"host\" : \"host-run-a\"", "\"pid\" : 100", "\"started_at\" : \"2026-03-01T10:00:00Z\"",
            "\"heartbeat_at\" : \"2026-03-01T10:00:00Z\"");
  }

  @Test
  void aReleasedLockLeavesNoFileAndTheNextRunTakesIt() throws IOException {
    LakeLock.Acquired first = (LakeLock.Acquired) lock().acquire(holder("run-a"));
    lock().release(first.file(), holder("run-a"));

    assertThat(lockFiles()).isEmpty();
    assertThat(lock().acquire(holder("run-b"))).isInstanceOf(LakeLock.Acquired.class);
  }

  @Test
  void aLockWhoseHeartbeatStoppedIsTakenOverAndItsHolderFindsItLost() throws IOException {
    LakeLock.Acquired dead = (LakeLock.Acquired) lock().acquire(holder("run-dead"));

    clock.set(T0.plus(STALE_AFTER));
    assertThat(lock().acquire(holder("run-b"))).as("exactly stale-after old: still live").isInstanceOf(LakeLock.Refused.class);

    clock.set(T0.plus(STALE_AFTER).plusSeconds(1));
    LakeLock.Outcome takeover = lock().acquire(holder("run-b"));

    assertThat(takeover).isInstanceOfSatisfying(LakeLock.Acquired.class, acquired -> {
      assertThat(acquired.file()).endsWith("/0000000002.json");
      assertThat(acquired.takenOver()).singleElement().satisfies(stale -> {
        assertThat(stale.holder().map(LockHolder::runId)).hasValue("run-dead");
        assertThat(stale.heartbeatAt()).isEqualTo(T0);
      });
    });
    assertThat(lockFiles()).containsExactly("0000000002.json");
    assertThat(lock().refresh(dead.file(), holder("run-dead"))).as("the dead run's heartbeat, should it wake up").isFalse();
    lock().release(dead.file(), holder("run-dead"));
    assertThat(lockFiles()).as("a late release does not touch the new holder's file").containsExactly("0000000002.json");
  }

  @Test
  void aHeartbeatKeepsTheLockLivePastTheStaleTimeout() throws IOException {
    LakeLock.Acquired held = (LakeLock.Acquired) lock().acquire(holder("run-a"));

    clock.set(T0.plus(Duration.ofMinutes(4)));
    assertThat(lock().refresh(held.file(), holder("run-a"))).isTrue();
    clock.set(T0.plus(Duration.ofMinutes(8)));

    assertThat(lock().acquire(holder("run-b"))).isInstanceOfSatisfying(LakeLock.Refused.class,
        refused -> assertThat(refused.holder().heartbeatAt()).isEqualTo(T0.plus(Duration.ofMinutes(4))));
  }

  @Test
  void aRunThatCreatedItsFileOnAnOutdatedViewWithdrawsWhenItSeesALiveHolder() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("_locks/shop/ingest/orders"));
    Files.write(folder.resolve("0000000005.json"), LockFileCodec.encode(holder("run-a")));
    // run-b listed the folder while it was empty (before run-a took number 5), so it creates number 1, which is free.
    LockStore outdatedOnce = new ForwardingLockStore(store) {
      private boolean listed;

      @Override
      public List<String> list(String directory) throws IOException {
        if (!listed) {
          listed = true;
          return List.of();
        }
        return super.list(directory);
      }
    };

    LakeLock.Outcome outcome = new LakeLock(outdatedOnce, lock().directory(), STALE_AFTER, clock).acquire(holder("run-b"));

    assertThat(outcome).isInstanceOfSatisfying(LakeLock.Refused.class,
        refused -> assertThat(refused.holder().holder().map(LockHolder::runId)).hasValue("run-a"));
    assertThat(lockFiles()).as("run-b withdrew its file").containsExactly("0000000005.json");
  }

  @Test
  void anUnreadableLockFileCountsAsHeldUntilItIsStaleByItsModificationTime() throws IOException {
    Path folder = Files.createDirectories(dir.resolve("_locks/shop/ingest/orders"));
    Path damaged = Files.writeString(folder.resolve("0000000003.json"), "{\"run_id\": \"run-x\", ");
    Files.setLastModifiedTime(damaged, FileTime.from(T0));

    assertThat(lock().acquire(holder("run-b"))).isInstanceOfSatisfying(LakeLock.Refused.class,
        refused -> assertThat(refused.holder().holder()).isEmpty());

    clock.set(T0.plus(STALE_AFTER).plusSeconds(1));
    assertThat(lock().acquire(holder("run-b"))).isInstanceOfSatisfying(LakeLock.Acquired.class,
        acquired -> assertThat(acquired.file()).endsWith("/0000000004.json"));
    assertThat(lockFiles()).containsExactly("0000000004.json");
  }

  @Test
  void ofRunsRacingForAFreeLockExactlyOneWins() throws Exception {
    int runs = 6;
    ExecutorService executor = Executors.newFixedThreadPool(runs);
    try {
      for (int round = 0; round < 10; round++) {
        CyclicBarrier start = new CyclicBarrier(runs);
        List<Future<LakeLock.Outcome>> outcomes = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
          String runId = "run-" + round + "-" + run;
          Callable<LakeLock.Outcome> attempt = () -> {
            start.await();
            return lock().acquire(holder(runId));
          };
          outcomes.add(executor.submit(attempt));
        }
        List<LakeLock.Acquired> winners = new ArrayList<>();
        for (Future<LakeLock.Outcome> outcome : outcomes) {
          if (outcome.get() instanceof LakeLock.Acquired acquired) {
            winners.add(acquired);
          }
        }
        assertThat(winners).as("round " + round).hasSize(1);
        assertThat(lockFiles()).hasSize(1);
        String winner = LockFileCodec.decode(Files.readAllBytes(Path.of(java.net.URI.create(winners.get(0).file())))).orElseThrow().runId();
        lock().release(winners.get(0).file(), holder(winner));
      }
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void liveHoldersAreTheRunsWithAFreshLockFileAnywhereUnderThePipeline() throws IOException {
    LakeLock orders = lock();
    LakeLock customers = new LakeLock(store, dir.resolve("_locks/shop/ingest/customers").toUri().toString().replaceAll("/$", ""),
        STALE_AFTER, clock);
    orders.acquire(holder("run-old"));
    clock.set(T0.plus(Duration.ofMinutes(10)));
    customers.acquire(holder("run-new"));

    List<String> files = store.listRecursively(dir.resolve("_locks/shop").toUri().toString());

    assertThat(files).hasSize(2);
    assertThat(LakeLock.liveHolders(store, files, STALE_AFTER, clock.instant())).extracting(LockHolder::runId).containsExactly("run-new");
  }

  @Test
  void theHeartbeatRefreshesItsLockAndReportsItLostOnceTakenOver() throws IOException {
    LakeLock.Acquired held = (LakeLock.Acquired) lock().acquire(holder("run-a"));
    HeldLock lock = new HeldLock(lock(), held.file(), holder("run-a"));
    try (LockHeartbeat heartbeat = LockHeartbeat.start(List.of(lock), Duration.ofHours(1))) {
      clock.set(T0.plus(Duration.ofMinutes(4)));
      heartbeat.beat();
      assertThat(heartbeat.lost()).isEmpty();
      assertThat(lock().entries()).singleElement().satisfies(entry -> assertThat(entry.heartbeatAt()).isEqualTo(T0.plus(Duration.ofMinutes(4))));

      clock.set(T0.plus(Duration.ofMinutes(10)));
      assertThat(lock().acquire(holder("run-b"))).isInstanceOf(LakeLock.Acquired.class);
      heartbeat.beat();

      assertThat(heartbeat.lost()).containsExactly(lock);
      assertThat(lock().entries()).singleElement().satisfies(entry -> assertThat(entry.holder().map(LockHolder::runId)).hasValue("run-b"));
    }
  }

  @Test
  void aLockFileRoundTripsAndDamagedJsonIsNoHolder() {
    LockHolder holder = new LockHolder("run-a", "shop", "process", "_all", "h", 42, T0, T0.plusSeconds(30));

    assertThat(LockFileCodec.decode(LockFileCodec.encode(holder))).hasValue(holder);
    assertThat(LockFileCodec.decode("{\"run_id\": \"x\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();
    assertThat(LockFileCodec.decode(new byte[0])).isEmpty();
  }

  /** A store that does what another does, for tests that change one operation. */
  static class ForwardingLockStore implements LockStore {
    private final LockStore delegate;

    ForwardingLockStore(LockStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public List<String> list(String directory) throws IOException {
      return delegate.list(directory);
    }

    @Override
    public List<String> listRecursively(String directory) throws IOException {
      return delegate.listRecursively(directory);
    }

    @Override
    public java.util.Optional<StoredFile> read(String file) throws IOException {
      return delegate.read(file);
    }

    @Override
    public boolean createExclusive(String file, byte[] content) throws IOException {
      return delegate.createExclusive(file, content);
    }

    @Override
    public void replace(String file, byte[] content) throws IOException {
      delegate.replace(file, content);
    }

    @Override
    public void delete(String file) throws IOException {
      delegate.delete(file);
    }
  }

  /** A clock that stays where the test puts it. */
  static final class MovableClock extends Clock {
    private volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
