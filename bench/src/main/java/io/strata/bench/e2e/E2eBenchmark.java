package io.strata.bench.e2e;

import io.strata.bench.BenchPostgres;
import io.strata.bench.BenchSupport;
import io.strata.bench.scale.RunLogTimes;
import io.strata.bench.scale.StrataLocal;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.postgresql.core.BaseConnection;

/**
 * {@code scripts/bench/e2e}: Strata against a script around an embedded engine on the same
 * machine. Generates a retail star's sources (order lines and products as CSV files, customers in
 * a PostgreSQL table, suppliers behind a REST endpoint on loopback), runs
 * {@code strata run --from ingest --to export} through {@code strata-local} on {@code local[2]}
 * into an embedded PostgreSQL, builds the same star from the same data with DuckDB (2 threads)
 * into the same PostgreSQL, checks that both stars hold the same rows, optionally times
 * {@code strata demo}, and prints the stage times of both.
 */
public final class E2eBenchmark {
  private static final String SOURCE_DATABASE = "shop";
  private static final String WAREHOUSE_DATABASE = "warehouse";

  private E2eBenchmark() {}

  public static void main(String[] args) {
    BenchSupport.main("e2e", E2eOptions.USAGE, args, E2eOptions::parse, E2eBenchmark::run);
  }

  /** Runs the benchmark and returns its last line (also printed). */
  public static String run(E2eOptions options, Path projectDir, PrintStream out) throws Exception {
    Path work = options.workDir();
    Path logs = work.resolve("logs");
    BenchSupport.clean(work, List.of("input", "lake", "logs", "duckdb", "demo", "warm-up", "bench-e2e.conf"));
    out.printf(Locale.ROOT, "bench e2e: %,d order lines over %d years, %,d customers (SCD2), %,d products, %,d suppliers; seed %d;"
            + " work dir %s; %d cores%n", options.lines(), options.years(), options.customers(), options.products(), options.suppliers(),
        options.seed(), work, Runtime.getRuntime().availableProcessors());
    String piiKey = BenchSupport.randomHex(32);
    Map<String, String> secrets = Map.of(E2ePipeline.PII_KEY_VARIABLE, piiKey, E2ePipeline.WAREHOUSE_PASSWORD_VARIABLE, BenchSupport.randomHex(16),
        E2ePipeline.SOURCE_PASSWORD_VARIABLE, BenchSupport.randomHex(16));
    Map<String, String> childEnvironment = new HashMap<>(secrets);
    childEnvironment.put("STRATA_LOG_DIR", logs.toString());
    StrataLocal strata = new StrataLocal(projectDir, childEnvironment);
    strata.checkBuilt();

    BenchSupport.recordClassArchive("e2e", strata, work.resolve("warm-up"), logs.resolve("warm-up-console.txt"), out);

    long start = System.nanoTime();
    RetailWorkload.Written input = new RetailWorkload(options).write(work.resolve("input"));
    out.printf(Locale.ROOT, "bench e2e: input generated in %.1f s: %,d order lines in %,d orders%n", (System.nanoTime() - start) / 1e9,
        input.lines(), input.orders());
    out.printf(Locale.ROOT, "bench e2e: input written through to disk in %.1f s (untimed), so no run reads it while the kernel writes it back%n",
        BenchSupport.flushToDisk(work.resolve("input")));

    Duration strataWall;
    Map<String, Duration> duckdb;
    PipelineConfig pipeline;
    try (BenchPostgres postgres = BenchPostgres.start(); SupplierApi api = SupplierApi.start(input.suppliers())) {
      postgres.createDatabase(SOURCE_DATABASE);
      postgres.createDatabase(WAREHOUSE_DATABASE);
      loadCustomers(postgres, input.customers());
      out.printf("bench e2e: PostgreSQL %s (embedded, fsync off): source table %s.public.customers, warehouse %s; supplier API %s%n",
          postgres.version(), SOURCE_DATABASE, postgres.jdbcUrl(WAREHOUSE_DATABASE), api.url());
      Path config = E2ePipeline.write(work.resolve("bench-e2e.conf"), work.resolve("lake"), input, postgres.jdbcUrl(SOURCE_DATABASE),
          api.url(), postgres.jdbcUrl(WAREHOUSE_DATABASE), BenchPostgres.USER);
      Map<String, String> environment = new HashMap<>(System.getenv());
      environment.putAll(secrets);
      pipeline = new PipelineConfigLoader(environment, true).load(config);
      out.printf("bench e2e: strata run --from ingest --to export, run date %s (strata-local, master %s; config %s)%n",
          options.runDate(), StrataLocal.MASTER, config);
      strataWall = strata.run(List.of("run", "--config", config.toString(), "--run-date", options.runDate().toString(), "--from", "ingest",
          "--to", "export"), logs.resolve("strata-console.txt"), out);
      out.printf(Locale.ROOT, "bench e2e: strata done in %.1f s%n", strataWall.toMillis() / 1000.0);

      out.println("bench e2e: duckdb: the same star from the same files, then COPY into the same PostgreSQL");
      try (Connection warehouse = postgres.connect(WAREHOUSE_DATABASE)) {
        duckdb = new DuckDbStar(work.resolve("input"), work.resolve("duckdb"), piiKey).run(warehouse, E2ePipeline.WAREHOUSE_SCHEMA, out);
        out.println("bench e2e: " + StarComparison.verify(warehouse, E2ePipeline.WAREHOUSE_SCHEMA, DuckDbStar.SCHEMA, input));
      }
    }
    RunLogTimes times = RunLogTimes.read(pipeline, List.of(options.runDate())).get(0);
    Optional<Duration> demo = Optional.empty();
    if (options.demo()) {
      out.println("bench e2e: strata demo (both run dates, strata-local)");
      demo = Optional.of(strata.run(List.of("demo", "--workdir", work.resolve("demo").toString()), logs.resolve("demo-console.txt"), out));
    }
    out.println("bench e2e: stage times (strata: run log; duckdb: measured around its statements)");
    E2eReport.table(times, strataWall, duckdb).forEach(line -> out.println("  " + line));
    String summary = E2eReport.summaryLine(input.lines(), strataWall, E2eReport.total(duckdb), demo);
    out.println(summary);
    out.flush();
    return summary;
  }

  private static void loadCustomers(BenchPostgres postgres, Path customers) throws Exception {
    try (Connection connection = postgres.connect(SOURCE_DATABASE); Statement sql = connection.createStatement();
        Reader reader = Files.newBufferedReader(customers)) {
      sql.execute("CREATE TABLE public.customers (customer_id bigint PRIMARY KEY, name text, email text, city text, segment text,"
          + " updated_at timestamp)");
      connection.unwrap(BaseConnection.class).getCopyAPI().copyIn("COPY public.customers FROM STDIN (FORMAT csv, HEADER true)", reader);
    }
  }

}
