package io.strata.bench.e2e;

import static java.util.Objects.requireNonNull;

import io.strata.bench.BenchSupport;
import java.nio.file.Path;
import java.time.LocalDate;

/**
 * What {@code scripts/bench/e2e} runs: the size of the retail star (order lines, customers,
 * products, suppliers, years of orders), the generator's seed, whether the demo is timed too,
 * and where the inputs, the lake, the DuckDB database and the logs go.
 */
public record E2eOptions(long lines, long customers, long products, long suppliers, int years, long seed, boolean demo, Path workDir) {
  public static final long DEFAULT_LINES = 6_000_000;
  public static final long DEFAULT_CUSTOMERS = 150_000;
  public static final long DEFAULT_PRODUCTS = 200_000;
  public static final long DEFAULT_SUPPLIERS = 10_000;
  public static final int DEFAULT_YEARS = 7;
  public static final long DEFAULT_SEED = 42;
  /** The run date: the last day orders fall on. */
  public static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 1);

  static final String USAGE = "usage: scripts/bench/e2e [--lines N] [--customers N] [--products N] [--suppliers N] [--years Y] [--seed S]"
      + " [--no-demo] [--workdir DIR]\n  defaults: --lines " + DEFAULT_LINES + " --customers " + DEFAULT_CUSTOMERS + " --products "
      + DEFAULT_PRODUCTS + " --suppliers " + DEFAULT_SUPPLIERS + " --years " + DEFAULT_YEARS + " --seed " + DEFAULT_SEED
      + " --workdir target/bench-e2e";

  public E2eOptions {
    requireNonNull(workDir, "workDir is null");
    atLeast("--lines", lines, 10);
    atLeast("--customers", customers, 10);
    atLeast("--products", products, 10);
    atLeast("--suppliers", suppliers, 1);
    atLeast("--years", years, 1);
  }

  /** The first day orders fall on: {@code years} years of days, ending on the run date. */
  public LocalDate firstOrderDate() {
    return RUN_DATE.minusYears(years).plusDays(1);
  }

  public LocalDate runDate() {
    return RUN_DATE;
  }

  /** Parses the command line; {@code projectDir} anchors the default work directory. */
  public static E2eOptions parse(String[] args, Path projectDir) {
    long lines = DEFAULT_LINES;
    long customers = DEFAULT_CUSTOMERS;
    long products = DEFAULT_PRODUCTS;
    long suppliers = DEFAULT_SUPPLIERS;
    int years = DEFAULT_YEARS;
    long seed = DEFAULT_SEED;
    boolean demo = true;
    Path workDir = projectDir.resolve("target").resolve("bench-e2e");
    for (int i = 0; i < args.length; i++) {
      String flag = args[i];
      if (flag.equals("--no-demo")) {
        demo = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(flag.startsWith("--") ? flag + " needs a value" : "unknown argument '" + flag + "'");
      }
      String value = args[++i];
      switch (flag) {
        case "--lines" -> lines = BenchSupport.number(flag, value);
        case "--customers" -> customers = BenchSupport.number(flag, value);
        case "--products" -> products = BenchSupport.number(flag, value);
        case "--suppliers" -> suppliers = BenchSupport.number(flag, value);
        case "--years" -> years = Math.toIntExact(BenchSupport.number(flag, value));
        case "--seed" -> seed = BenchSupport.number(flag, value);
        case "--workdir" -> workDir = Path.of(value);
        default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
      }
    }
    return new E2eOptions(lines, customers, products, suppliers, years, seed, demo, workDir.toAbsolutePath().normalize());
  }

  private static void atLeast(String flag, long value, long minimum) {
    if (value < minimum) {
      throw new IllegalArgumentException(flag + " must be at least " + minimum + ", not " + value);
    }
  }
}
