package io.strata.jobs.stage;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.lock.HeldLock;
import io.strata.jobs.lock.LakeLock;
import io.strata.jobs.lock.LockHeartbeat;
import io.strata.jobs.lock.LockHolder;
import io.strata.jobs.lock.LockStore;
import io.strata.jobs.lock.PipelineLockedException;
import io.strata.layout.LakeLayout;
import io.strata.layout.StrataException;
import io.strata.layout.config.LockConfig;
import io.strata.layout.config.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The locks of one run: taken all together before its first stage (or none, when another run holds
 * one), kept alive by a heartbeat, and released when the run ends, fails, or its JVM shuts down.
 */
public final class StageLocks implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StageLocks.class);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final LockStore store;
  private final LakeLayout layout;
  private final PipelineConfig config;
  private final List<HeldLock> held;
  private final LockHeartbeat heartbeat;
  private final Thread releaseOnShutdown;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StageLocks(LockStore store, PipelineConfig config, List<HeldLock> held) {
    this.store = store;
    this.layout = config.lake().layout();
    this.config = config;
    this.held = List.copyOf(held);
    this.heartbeat = LockHeartbeat.start(held, config.lake().lock().heartbeat());
    this.releaseOnShutdown = new Thread(this::close, "strata-lock-release");
    Runtime.getRuntime().addShutdownHook(releaseOnShutdown);
  }

  /**
   * Takes the locks {@code scope} names for {@code stages}, in a fixed order; when another run holds
   * one, releases those taken and throws {@link PipelineLockedException} naming that run.
   */
  public static StageLocks acquire(LockStore store, PipelineConfig config, List<Stage> stages, LockScope scope, String runId, Instant start,
      Consumer<String> console) {
    requireNonNull(console, "console is null");
    LockConfig settings = config.lake().lock();
    LockHolder me = LockHolder.of(runId, config.name(), "-", "-", start, Instant.now());
    List<HeldLock> taken = new ArrayList<>();
    try {
      for (Stage stage : stages.stream().sorted().toList()) {
        for (String target : scope.targets(stage, config)) {
          LakeLock lock = new LakeLock(store, config.lake().layout().lock(config.name(), stage.cliName(), target).uri(), settings.staleAfter(),
              Clock.systemUTC());
          LockHolder holder = me.forTarget(stage.cliName(), target);
          LakeLock.Outcome outcome = lock.acquire(holder);
          if (outcome instanceof LakeLock.Refused refused) {
            release(taken);
            throw new PipelineLockedException(refusal(config, stage, target, refused.holder()));
          }
          LakeLock.Acquired acquired = (LakeLock.Acquired) outcome;
          taken.add(new HeldLock(lock, acquired.file(), holder));
          acquired.takenOver().forEach(stale -> console.accept(takeover(config, stage, target, stale)));
        }
      }
    } catch (IOException e) {
      release(taken);
      throw new StrataException("cannot take the run's lock under " + config.lake().layout().locks(config.name()) + " (" + e.getMessage()
          + "). Fix: check that lake.root is writable", e);
    }
    return new StageLocks(store, config, taken);
  }

  /** Stops the run before {@code next} if another run took over one of its locks (this run's heartbeats stalled). */
  void requireHeld(Stage next) {
    List<HeldLock> lost = heartbeat.lost();
    if (!lost.isEmpty()) {
      HeldLock first = lost.get(0);
      throw new StrataException("run " + first.holder().runId() + " lost its lock on " + describe(first.holder().stage(), first.holder().target())
          + ": another run took it over after this run's heartbeat was older than lake.lock.stale-after ("
          + ResultTable.format(config.lake().lock().staleAfter()) + "); stopped before " + next.cliName()
          + " so that two runs do not write at once. Fix: find out why heartbeats stalled (a long pause of this JVM, the lake out of reach);"
          + " raise lake.lock.stale-after if such pauses are expected");
    }
  }

  /** The runs of this pipeline that hold a live lock now, this one included. */
  Set<String> liveRunIds() {
    try {
      List<String> files = store.listRecursively(layout.locks(config.name()).uri());
      return LakeLock.liveHolders(store, files, config.lake().lock().staleAfter(), Instant.now()).stream()
          .map(LockHolder::runId).collect(Collectors.toSet());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    heartbeat.close();
    release(held);
    try {
      Runtime.getRuntime().removeShutdownHook(releaseOnShutdown);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: this is the hook
    }
  }

  private static void release(List<HeldLock> locks) {
    for (HeldLock lock : locks) {
      try {
        lock.lock().release(lock.file(), lock.holder());
      } catch (IOException | RuntimeException e) {
        LOG.warn("cannot delete lock file {} ({}); the next run takes it over once it is stale", lock.file(), e.toString());
      }
    }
  }

  private static String refusal(PipelineConfig config, Stage stage, String target, LakeLock.Entry entry) {
    Duration since = Duration.between(entry.heartbeatAt(), Instant.now());
    String who = entry.holder()
        .map(holder -> "run " + holder.runId() + " on host " + holder.host() + " (pid " + holder.pid() + "), started "
            + TIME.format(holder.startedAt()))
        .orElse("a run whose lock file cannot be read");
    String staleAfter = ResultTable.format(config.lake().lock().staleAfter());
    return "pipeline '" + config.name() + "' is already running: " + who + ", holds the lock on " + describe(stage.cliName(), target)
        + " (last heartbeat " + ResultTable.format(since.isNegative() ? Duration.ZERO : since) + " ago). Fix: wait for that run to end;"
        + " if it is certainly dead, delete " + where(entry.file()) + " (or wait: a lock whose heartbeat is older than lake.lock.stale-after = "
        + staleAfter + " is taken over by the next run)";
  }

  private static String takeover(PipelineConfig config, Stage stage, String target, LakeLock.Entry stale) {
    String who = stale.holder().map(holder -> "run " + holder.runId() + " (host " + holder.host() + ", pid " + holder.pid() + ", started "
        + TIME.format(holder.startedAt()) + ")").orElse("an unreadable lock file");
    return "strata: lock on " + describe(stage.cliName(), target) + " taken over from " + who + ", whose last heartbeat was "
        + ResultTable.format(Duration.between(stale.heartbeatAt(), Instant.now())) + " ago (lake.lock.stale-after = "
        + ResultTable.format(config.lake().lock().staleAfter()) + ")";
  }

  /** A local lock file as the path a user deletes; an S3 one as its URI. */
  private static String where(String file) {
    return file.startsWith("file:") ? java.nio.file.Path.of(java.net.URI.create(file)).toString() : file;
  }

  /** {@code ingest of source orders}, {@code process of entity customers}, {@code model}. */
  static String describe(String stage, String target) {
    if (LakeLayout.WHOLE_STAGE_LOCK.equals(target)) {
      return stage;
    }
    return stage + " of " + (stage.equals(Stage.INGEST.cliName()) ? "source " : stage.equals(Stage.PROCESS.cliName()) ? "entity " : "") + target;
  }
}
