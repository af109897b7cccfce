package io.strata.bench.scale;

import io.strata.bench.BenchPostgres;
import io.strata.bench.BenchSupport;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code scripts/bench/scale}: how a day's run scales with the change rather than the lake. Generates
 * a lake-sized workload (day 1: every customer and three years of orders; day 2: 1% of the customers
 * changed, a few new ones, 1% new orders), runs {@code strata run --from ingest --to export} for
 * both days through {@code strata-local} on {@code local[2]} with an embedded PostgreSQL as the
 * warehouse, checks what the warehouse holds, and prints the stage times the run log recorded.
 */
public final class ScaleBenchmark {
  private static final String WAREHOUSE_DATABASE = "warehouse";

  private ScaleBenchmark() {}

  public static void main(String[] args) {
    BenchSupport.main("scale", ScaleOptions.USAGE, args, ScaleOptions::parse, ScaleBenchmark::run);
  }

  /** Runs the benchmark and returns its last line (also printed). */
  public static String run(ScaleOptions options, Path projectDir, PrintStream out) throws Exception {
    Path work = options.workDir();
    Path customers = work.resolve("input").resolve("customers");
    Path orders = work.resolve("input").resolve("orders");
    Path logs = work.resolve("logs");
    BenchSupport.clean(work, List.of("input", "lake", "logs", "warm-up", "bench-scale.conf"));
    out.printf(Locale.ROOT, "bench scale: %,d customers, %,d orders over %d days to %s; seed %d; work dir %s; %d cores%n",
        options.customers(), options.orders(), options.days(), options.firstRunDate(), options.seed(), work,
        Runtime.getRuntime().availableProcessors());

    // Random for each run unless the environment sets them (a rerun of day 2 on a --day1-copy needs day 1's PII key).
    Map<String, String> secrets = Map.of(ScalePipeline.PII_KEY_VARIABLE, secret(ScalePipeline.PII_KEY_VARIABLE, 32),
        ScalePipeline.WAREHOUSE_PASSWORD_VARIABLE, secret(ScalePipeline.WAREHOUSE_PASSWORD_VARIABLE, 16));
    Map<String, String> childEnvironment = new HashMap<>(secrets);
    childEnvironment.put("STRATA_LOG_DIR", logs.toString());
    StrataLocal strata = new StrataLocal(projectDir, childEnvironment);
    strata.checkBuilt();
    BenchSupport.recordClassArchive("scale", strata, work.resolve("warm-up"), logs.resolve("warm-up-console.txt"), out);

    ScaleWorkload workload = new ScaleWorkload(options);
    ScaleWorkload.DayTwo dayTwo;
    Duration wallOne;
    Duration wallTwo;
    PipelineConfig pipeline;
    try (BenchPostgres postgres = BenchPostgres.start()) {
      postgres.createDatabase(WAREHOUSE_DATABASE);
      out.printf("bench scale: warehouse PostgreSQL %s (embedded, fsync off) at %s%n", postgres.version(),
          postgres.jdbcUrl(WAREHOUSE_DATABASE));
      Path config = ScalePipeline.write(work.resolve("bench-scale.conf"), work.resolve("lake"), customers, orders,
          postgres.jdbcUrl(WAREHOUSE_DATABASE), BenchPostgres.USER);
      // Loading it here finds a config mistake before anything is generated or run.
      Map<String, String> environment = new HashMap<>(System.getenv());
      environment.putAll(secrets);
      pipeline = new PipelineConfigLoader(environment, true).load(config);
      out.printf("bench scale: pipeline config %s%n", config);

      long start = System.nanoTime();
      workload.writeDayOne(customers, orders);
      out.printf(Locale.ROOT, "bench scale: day 1 input generated in %.1f s: %s%n", elapsed(start), sizes(customers, orders));
      flush("day 1's input", out, customers, orders);
      out.printf("bench scale: day 1, run date %s: strata run --from ingest --to export (strata-local, master %s)%n",
          options.firstRunDate(), StrataLocal.MASTER);
      String loadBefore = loadAverage();
      wallOne = strata.run(runArguments(config, options.firstRunDate().toString()), logs.resolve("day1-console.txt"), out);
      out.printf(Locale.ROOT, "bench scale: day 1 done in %.1f s; load average (1, 5, 15 min) before %s, after %s%n",
          wallOne.toMillis() / 1000.0, loadBefore, loadAverage());
      if (options.dayOneCopy() != null) {
        BenchSupport.copyTree(work.resolve("lake"), options.dayOneCopy());
        out.printf("bench scale: day 1's lake copied to %s%n", options.dayOneCopy());
      }

      try (Connection warehouse = postgres.connect(WAREHOUSE_DATABASE)) {
        out.println("bench scale: " + WarehouseSettle.settle(warehouse));
      }
      flush("day 1's lake", out, work.resolve("lake"));

      start = System.nanoTime();
      dayTwo = workload.writeDayTwo(customers, orders);
      out.printf(Locale.ROOT, "bench scale: day 2 input generated in %.1f s: %,d changed customers (%,d tracked, %,d type-1 only,"
              + " %,d late), %,d new customers, %,d new orders (%,d on earlier dates)%n", elapsed(start), dayTwo.changed(),
          dayTwo.tracked(), dayTwo.typeOneOnly(), dayTwo.late(), dayTwo.newCustomers(), dayTwo.newOrders(), dayTwo.lateOrders());
      flush("day 2's input", out, customers, orders);
      out.printf("bench scale: day 2, run date %s: strata run --from ingest --to export%n", options.secondRunDate());
      loadBefore = loadAverage();
      wallTwo = strata.run(runArguments(config, options.secondRunDate().toString()), logs.resolve("day2-console.txt"), out);
      out.printf(Locale.ROOT, "bench scale: day 2 done in %.1f s; load average (1, 5, 15 min) before %s, after %s%n",
          wallTwo.toMillis() / 1000.0, loadBefore, loadAverage());

      try (Connection warehouse = postgres.connect(WAREHOUSE_DATABASE)) {
        out.println("bench scale: " + WarehouseCheck.verify(warehouse, options, dayTwo));
      }
    }

    List<RunLogTimes> days = RunLogTimes.read(pipeline, List.of(options.firstRunDate(), options.secondRunDate()));
    out.println("bench scale: times from the run log (" + pipeline.lake().layout().runLog(io.strata.jobs.runlog.RunLog.TABLE) + ")");
    ScaleReport.table(days.get(0), days.get(1), wallOne, wallTwo).forEach(line -> out.println("  " + line));
    String summary = ScaleReport.summaryLine(options.customers(), options.orders(), days.get(0), days.get(1));
    out.println(summary);
    out.flush();
    return summary;
  }

  private static List<String> runArguments(Path config, String runDate) {
    return List.of("run", "--config", config.toString(), "--run-date", runDate, "--from", "ingest", "--to", "export");
  }

  private static String secret(String variable, int bytes) {
    String value = System.getenv(variable);
    return value == null || value.isBlank() ? BenchSupport.randomHex(bytes) : value;
  }

  private static String sizes(Path... folders) throws IOException {
    StringBuilder text = new StringBuilder();
    for (Path folder : folders) {
      long bytes = 0;
      long files = 0;
      try (Stream<Path> list = Files.list(folder)) {
        for (Path file : list.toList()) {
          bytes += Files.size(file);
          files++;
        }
      }
      text.append(text.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %,d file(s), %,.1f MB", folder.getFileName(), files,
          bytes / 1e6));
    }
    return text.toString();
  }

  /** The machine's load average, so figures taken on a busy machine say so; "unknown" off Linux. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  private static double elapsed(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Writes {@code roots} through to the disk, untimed: the next day must not pay for the writeback of what came before it. */
  private static void flush(String what, java.io.PrintStream out, Path... roots) throws IOException {
    double seconds = 0;
    for (Path root : roots) {
      seconds += BenchSupport.flushToDisk(root);
    }
    out.printf(Locale.ROOT, "bench scale: %s written through to disk in %.1f s (untimed)%n", what, seconds);
  }

}
