package io.strata.jobs.fault;

import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test-only hook for the fault suite: named points in the code path where the JVM can be made
 * to die as {@code kill -9} would kill it. With {@code STRATA_KILL_AT=name} (a system property or
 * an environment variable) the JVM halts with exit code 137 the first time the point {@code name}
 * is reached, with {@code name#N} the N-th time. {@link Runtime#halt} runs no shutdown hook and no
 * {@code finally} block, so the lake and the warehouse see exactly what a killed driver leaves.
 * Unset, a point costs one read of a static final field.
 */
public final class KillPoint {
  public static final String SETTING = "STRATA_KILL_AT";
  /** The exit code of a process killed by SIGKILL, as a shell reports it. */
  public static final int EXIT_CODE = 137;

  private static final Optional<Target> TARGET = Target.parse(Optional.ofNullable(System.getProperty(SETTING))
      .or(() -> Optional.ofNullable(System.getenv(SETTING))).orElse(""));

  private KillPoint() {}

  /** Halts the JVM if {@code STRATA_KILL_AT} names this point and this is the time it names. */
  public static void reached(String name) {
    if (TARGET.isPresent() && TARGET.get().reached(name)) {
      System.err.println("strata: " + SETTING + "=" + TARGET.get() + " reached: halting with exit code " + EXIT_CODE);
      System.err.flush();
      Runtime.getRuntime().halt(EXIT_CODE);
    }
  }

  /** True when {@code STRATA_KILL_AT} names a point whose name starts with {@code prefix}. */
  public static boolean armed(String prefix) {
    return TARGET.isPresent() && TARGET.get().name().startsWith(prefix);
  }

  /** A parsed {@code name} or {@code name#N}. */
  record Target(String name, int time, AtomicInteger seen) {
    static Optional<Target> parse(String setting) {
      String trimmed = setting.trim().toLowerCase(Locale.ROOT);
      if (trimmed.isEmpty()) {
        return Optional.empty();
      }
      int hash = trimmed.indexOf('#');
      if (hash < 0) {
        return Optional.of(new Target(trimmed, 1, new AtomicInteger()));
      }
      int time;
      try {
        time = Integer.parseInt(trimmed.substring(hash + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(SETTING + ": '" + setting + "' is not name or name#N (N a positive number)", e);
      }
      if (time < 1) {
        throw new IllegalArgumentException(SETTING + ": '" + setting + "' is not name or name#N (N a positive number)");
      }
      return Optional.of(new Target(trimmed.substring(0, hash), time, new AtomicInteger()));
    }

    /** Counts a pass through {@code point}; true on the pass this target names. */
    boolean reached(String point) {
      return name.equals(point) && seen.incrementAndGet() == time;
    }

    @Override
    public String toString() {
      return time == 1 ? name : name + "#" + time;
    }
  }
}
