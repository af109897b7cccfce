package io.strata.bench.scale;

import static java.util.Objects.requireNonNull;

import io.strata.bench.BenchSupport;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@code scripts/bench/scale} runs: how many customers and orders day 1 holds, the seed of
 * the generator, how many days of orders, and where the inputs, the lake and the logs go.
 *
 * @param days daily order partitions of day 1, ending on the first run date (three years by default)
 * @param dayOneCopy where to copy the lake after day 1 (so day 2 can be rerun while profiling it), or null
 */
public record ScaleOptions(long customers, long orders, long seed, int days, Path workDir, Path dayOneCopy) {
  public static final long DEFAULT_CUSTOMERS = 1_000_000;
  public static final long DEFAULT_ORDERS = 5_000_000;
  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_DAYS = 1096;
  /** Day 1's run date; day 2 runs the day after. */
  public static final LocalDate FIRST_RUN_DATE = LocalDate.of(2026, 3, 1);

  static final String USAGE = "usage: scripts/bench/scale [--customers N] [--orders M] [--seed S] [--days D] [--workdir DIR] [--day1-copy DIR]\n"
      + "  defaults: --customers " + DEFAULT_CUSTOMERS + " --orders " + DEFAULT_ORDERS + " --seed " + DEFAULT_SEED + " --days "
      + DEFAULT_DAYS + " (three years) --workdir target/bench-scale; --day1-copy copies the lake after day 1";

  public ScaleOptions {
    requireNonNull(workDir, "workDir is null");
    if (customers < 100) {
      throw new IllegalArgumentException("--customers must be at least 100 (1% of them change on day 2), not " + customers);
    }
    if (orders < 100) {
      throw new IllegalArgumentException("--orders must be at least 100 (1% more arrive on day 2), not " + orders);
    }
    if (days < 31) {
      throw new IllegalArgumentException("--days must be at least 31 (late rows of day 2 fall in the 30 days before it), not " + days);
    }
  }

  public LocalDate firstRunDate() {
    return FIRST_RUN_DATE;
  }

  public LocalDate secondRunDate() {
    return FIRST_RUN_DATE.plusDays(1);
  }

  /** Parses the command line; {@code projectDir} anchors the default work directory. */
  public static ScaleOptions parse(String[] args, Path projectDir) {
    long customers = DEFAULT_CUSTOMERS;
    long orders = DEFAULT_ORDERS;
    long seed = DEFAULT_SEED;
    int days = DEFAULT_DAYS;
    Path workDir = projectDir.resolve("target").resolve("bench-scale");
    Path dayOneCopy = null;
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument '" + flag + "'");
      }
      String value = args[++i];
      switch (flag) {
        case "--customers" -> customers = BenchSupport.number(flag, value);
        case "--orders" -> orders = BenchSupport.number(flag, value);
        case "--seed" -> seed = BenchSupport.number(flag, value);
        case "--days" -> days = Math.toIntExact(BenchSupport.number(flag, value));
        case "--workdir" -> workDir = Path.of(value);
        case "--day1-copy" -> dayOneCopy = Path.of(value).toAbsolutePath().normalize();
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }
    return new ScaleOptions(customers, orders, seed, days, workDir.toAbsolutePath().normalize(), dayOneCopy);
  }
}
