package io.strata.jobs.lock;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One lock in the lake: a folder ({@code _locks/<pipeline>/<stage>/<target>/}) that holds a lock
 * file while a run works on that target, and none otherwise.
 *
 * <p>Lock files are numbered ({@code 0000000007.json}); a run takes the lock by creating the file
 * after the highest one it sees, with an exclusive create, so of two runs that saw the same folder
 * exactly one wins. A file whose heartbeat is older than {@code staleAfter} belongs to a dead run:
 * the next run creates the following number and then deletes the stale file. It never deletes a
 * file by a name someone could create again meanwhile, so it cannot remove a live run's lock. After
 * creating, the run lists the folder once more and withdraws if another live lock file is there
 * (two runs that saw different folders, e.g. one before and one after a release): of any two
 * runs at least one sees the other's file, so at most one goes on.
 */
public final class LakeLock {
  private static final Pattern LOCK_FILE = Pattern.compile("(\\d{10})\\.json");
  private static final int ATTEMPTS = 3;

  private final LockStore store;
  private final String directory;
  private final Duration staleAfter;
  private final Clock clock;

  /** A lock file as found: its holder (empty when it cannot be read) and the last sign of life. */
  public record Entry(String file, long number, Optional<LockHolder> holder, Instant heartbeatAt) {
    boolean isLive(Instant now, Duration staleAfter) {
      return !heartbeatAt.plus(staleAfter).isBefore(now);
    }
  }

  /** What an attempt to take the lock came to. */
  public sealed interface Outcome permits Acquired, Refused {}

  /** The lock is this run's, in {@code file}; {@code takenOver} are the stale lock files of dead runs it replaced. */
  public record Acquired(String file, List<Entry> takenOver) implements Outcome {}

  /** Another run holds the lock. */
  public record Refused(Entry holder) implements Outcome {}

  public LakeLock(LockStore store, String directory, Duration staleAfter, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.staleAfter = requireNonNull(staleAfter, "staleAfter is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public String directory() {
    return directory;
  }

  public Outcome acquire(LockHolder holder) throws IOException {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      List<Entry> before = entries();
      Optional<Entry> live = newestLive(before, -1);
      if (live.isPresent()) {
        return new Refused(live.get());
      }
      long number = before.stream().mapToLong(Entry::number).max().orElse(0) + 1;
      String file = fileOf(number);
      if (!store.createExclusive(file, LockFileCodec.encode(holder.withHeartbeat(clock.instant())))) {
        continue; // another run took this number first: look again, it is most likely the holder now
      }
      List<Entry> after = entries();
      Optional<Entry> rival = newestLive(after, number);
      if (rival.isPresent()) {
        store.delete(file);
        return new Refused(rival.get());
      }
      for (Entry old : after) {
        if (old.number() < number) {
          store.delete(old.file());
        }
      }
      return new Acquired(file, before);
    }
    Optional<Entry> holderNow = newestLive(entries(), -1);
    if (holderNow.isPresent()) {
      return new Refused(holderNow.get());
    }
    throw new IOException("the lock " + directory + " changed hands " + ATTEMPTS + " times while this run tried to take it");
  }

  /**
   * Rewrites the heartbeat of the lock this run holds in {@code file}; false when the lock is no
   * longer this run's (taken over after its heartbeat went stale, or its file deleted by hand).
   */
  public boolean refresh(String file, LockHolder holder) throws IOException {
    Optional<Entry> own = entry(file);
    if (own.isEmpty() || own.get().holder().filter(found -> found.runId().equals(holder.runId())).isEmpty()) {
      return false;
    }
    if (entries().stream().anyMatch(entry -> entry.number() > own.get().number() && entry.isLive(clock.instant(), staleAfter))) {
      return false;
    }
    store.replace(file, LockFileCodec.encode(holder.withHeartbeat(clock.instant())));
    return true;
  }

  /** Deletes this run's lock file, unless another run's file has replaced it meanwhile. */
  public void release(String file, LockHolder holder) throws IOException {
    Optional<Entry> own = entry(file);
    if (own.isPresent() && own.get().holder().map(found -> found.runId().equals(holder.runId())).orElse(false)) {
      store.delete(file);
    }
  }

  /** The lock files in the folder, lowest number first. */
  public List<Entry> entries() throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (String name : store.list(directory)) {
      Matcher matcher = LOCK_FILE.matcher(name);
      if (matcher.matches()) {
        entry(directory + "/" + name).ifPresent(entries::add);
      }
    }
    entries.sort(Comparator.comparingLong(Entry::number));
    return entries;
  }

  /** The live lock files' holders among {@code files} (e.g. all lock files of a pipeline). */
  public static List<LockHolder> liveHolders(LockStore store, List<String> files, Duration staleAfter, Instant now) throws IOException {
    List<LockHolder> holders = new ArrayList<>();
    for (String file : files) {
      if (LOCK_FILE.matcher(file.substring(file.lastIndexOf('/') + 1)).matches()) {
        Optional<Entry> entry = read(store, file);
        if (entry.isPresent() && entry.get().isLive(now, staleAfter)) {
          entry.get().holder().ifPresent(holders::add);
        }
      }
    }
    return holders;
  }

  private Optional<Entry> entry(String file) throws IOException {
    return read(store, file);
  }

  private static Optional<Entry> read(LockStore store, String file) throws IOException {
    String name = file.substring(file.lastIndexOf('/') + 1);
    Matcher matcher = LOCK_FILE.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    Optional<LockStore.StoredFile> stored = store.read(file);
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Optional<LockHolder> holder = LockFileCodec.decode(stored.get().content());
    // An unreadable file (being written without hard links, or damaged) counts as held since it last changed.
    Instant heartbeat = holder.map(LockHolder::heartbeatAt).orElse(stored.get().modifiedAt());
    return Optional.of(new Entry(file, Long.parseLong(matcher.group(1)), holder, heartbeat));
  }

  private Optional<Entry> newestLive(List<Entry> entries, long except) {
    Instant now = clock.instant();
    return entries.stream().filter(entry -> entry.number() != except && entry.isLive(now, staleAfter))
        .max(Comparator.comparing(Entry::heartbeatAt));
  }

  private String fileOf(long number) {
    return directory + "/" + String.format(Locale.ROOT, "%010d.json", number);
  }
}
