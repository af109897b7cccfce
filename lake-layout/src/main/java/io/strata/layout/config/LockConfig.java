package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The {@code lake.lock} section: how a run keeps its locks in the lake alive and when a lock
 * whose holder stopped refreshing it is taken over.
 *
 * @param heartbeat how often a running pipeline rewrites the heartbeat time in its lock files
 * @param staleAfter a lock whose heartbeat is older than this is taken over by the next run
 */
public record LockConfig(Duration heartbeat, Duration staleAfter) {
  /** A stale lock must have missed several heartbeats, so one slow write never loses a live run its lock. */
  static final int MIN_HEARTBEATS_PER_STALE = 3;
  static final Duration MIN_HEARTBEAT = Duration.ofSeconds(1);

  public LockConfig {
    requireNonNull(heartbeat, "heartbeat is null");
    requireNonNull(staleAfter, "staleAfter is null");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
    if (staleAfter.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException("staleAfter " + staleAfter + " must be longer than heartbeat " + heartbeat);
    }
  }

  public static LockConfig defaults() {
    return new LockConfig(Duration.ofSeconds(30), Duration.ofMinutes(5));
  }

  static LockConfig parse(SectionReader reader) {
    LockConfig defaults = defaults();
    Duration heartbeat = reader.duration("heartbeat", defaults.heartbeat(), MIN_HEARTBEAT);
    Duration staleAfter = reader.duration("stale-after", defaults.staleAfter(), MIN_HEARTBEAT.multipliedBy(MIN_HEARTBEATS_PER_STALE));
    if (staleAfter.compareTo(heartbeat.multipliedBy(MIN_HEARTBEATS_PER_STALE)) < 0) {
      reader.problem("stale-after", "is " + hocon(staleAfter) + ", less than " + MIN_HEARTBEATS_PER_STALE + " times "
              + reader.keyPath("heartbeat") + " (" + hocon(heartbeat) + "): a live run could lose its lock between two heartbeats",
          "raise " + reader.keyPath("stale-after") + " to at least " + hocon(heartbeat.multipliedBy(MIN_HEARTBEATS_PER_STALE))
              + " or lower " + reader.keyPath("heartbeat"));
      return new LockConfig(heartbeat, heartbeat.multipliedBy(MIN_HEARTBEATS_PER_STALE));
    }
    return new LockConfig(heartbeat, staleAfter);
  }

  /** A duration as it is written in the config ({@code 90s}, {@code 5m}), so a message's fix can be pasted back. */
  public static String hocon(Duration duration) {
    long millis = duration.toMillis();
    if (millis % 60_000 == 0) {
      return millis / 60_000 + "m";
    }
    return millis % 1_000 == 0 ? millis / 1_000 + "s" : millis + "ms";
  }
}
