package io.strata.jobs.demo;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.report.RunReport;
import io.strata.jobs.report.RunReportCollector;
import io.strata.jobs.report.RunReportHtml;
import io.strata.jobs.stage.PipelineRun;
import io.strata.jobs.stage.PipelineRunner;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageJobs;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TextTable;
import io.strata.layout.StrataException;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import io.strata.layout.config.WarehouseConfig;
import io.strata.layout.config.WarehouseSecurity;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;

/**
 * The whole retail demo in one process: starts the demo PostgreSQL (source and warehouse) and the
 * catalog API on loopback, runs {@code conf/demo.conf} over the demo's run dates on a fresh lake,
 * writes the HTML run report and prints where to look.
 */
public final class DemoRun {
  public static final String SHOP_DATABASE = "shop";
  public static final String WAREHOUSE_DATABASE = "warehouse";
  /** The {@code --warehouse} value that makes the demo start a MariaDB of its own as the warehouse. */
  public static final String EMBEDDED_MARIADB = "mariadb";

  private final PrintWriter out;
  private final Path projectDir;
  private final Path workDir;
  private final int port;
  private final Map<String, String> environment;
  private final Optional<String> warehouse;

  /**
   * @param projectDir the folder holding {@code conf/demo.conf} and {@code demo/data}
   * @param workDir where the lake, the PostgreSQL data and the report go
   * @param environment the process environment; the demo adds the settings that point the config at its servers
   */
  public DemoRun(PrintWriter out, Path projectDir, Path workDir, int port, Map<String, String> environment) {
    this(out, projectDir, workDir, port, environment, Optional.empty());
  }

  /**
   * @param warehouse {@value #EMBEDDED_MARIADB}: an embedded MariaDB the demo starts; or a JDBC URL of another warehouse
   *     to export to (e.g. MySQL), its user and password from STRATA_DEMO_WAREHOUSE_USER and STRATA_DEMO_WAREHOUSE_PASSWORD;
   *     empty: the demo's PostgreSQL
   */
  public DemoRun(PrintWriter out, Path projectDir, Path workDir, int port, Map<String, String> environment, Optional<String> warehouse) {
    this.warehouse = requireNonNull(warehouse, "warehouse is null");
    this.out = requireNonNull(out, "out is null");
    this.projectDir = projectDir.toAbsolutePath().normalize();
    this.workDir = workDir.toAbsolutePath().normalize();
    this.port = port;
    this.environment = Map.copyOf(environment);
  }

  /** What a demo run left: the runs, the config they used, the warehouse and the report. */
  public record Result(PipelineConfig config, List<PipelineRun> runs, String warehouseUrl, Path report) {
    /** The OpenLineage events of every stage of the demo's runs, one per line. */
    public Path lineage() {
      return report.resolveSibling(LINEAGE_FILE);
    }
  }

  static final String LINEAGE_FILE = "lineage.jsonl";

  /** Runs the stages up to {@code lastStage} for every demo run date. */
  public Result run(Stage lastStage) {
    Instant start = Instant.now();
    out.printf("strata demo: the retail demo over run dates %s, fresh lake in %s%n", DemoScenario.RUN_DATES, workDir);
    out.flush();
    clean();
    DemoScenario scenario = DemoScenario.of(projectDir.resolve("demo").resolve("data"), workDir);
    List<PipelineRun> runs = new ArrayList<>();
    PipelineConfig config;
    String warehouseUrl;
    String psql;
    Optional<DemoMariaDb> mariadb = Optional.empty();
    try (DemoPostgres postgres = DemoPostgres.start(workDir.resolve("postgres"), port)) {
      if (warehouse.filter(EMBEDDED_MARIADB::equals).isPresent()) {
        out.printf("strata demo: starting an embedded MariaDB as the warehouse%n");
        mariadb = Optional.of(DemoMariaDb.start(workDir.resolve("mariadb")));
        mariadb.get().recreateDatabase(WAREHOUSE_DATABASE);
      }
      Optional<String> otherWarehouse = mariadb.map(server -> server.jdbcUrl(WAREHOUSE_DATABASE)).or(() -> warehouse);
      postgres.recreateDatabase(SHOP_DATABASE);
      postgres.recreateDatabase(WAREHOUSE_DATABASE);
      warehouseUrl = otherWarehouse.orElse(postgres.jdbcUrl(WAREHOUSE_DATABASE));
      psql = otherWarehouse.isPresent() ? "" : postgres.psqlCommand(WAREHOUSE_DATABASE)
          + "    (after `strata warehouse start`, which serves it again)";
      stage(scenario, postgres, DemoScenario.RUN_DATES.get(0));
      try (DemoCatalogServer catalog = DemoCatalogServer.start(0, scenario.productsFile());
          DemoAlertReceiver alerts = DemoAlertReceiver.start(out)) {
        config = new PipelineConfigLoader(settings(scenario, postgres, catalog, alerts, otherWarehouse, mariadb.isPresent()), true)
            .load(projectDir.resolve("conf").resolve("demo.conf"));
        config = withoutWhatTheWarehouseLacks(config);
        if (mariadb.isPresent()) {
          // MySQL's schema is a database: the tables are in the config's, not necessarily the URL's.
          psql = mariadb.get().clientCommand(config.warehouse().orElseThrow().schema()) + "    (while the demo runs; it stops the server"
              + " at the end)";
        }
        PipelineRunner runner = new PipelineRunner(out, StageJobs.standard());
        for (LocalDate runDate : DemoScenario.RUN_DATES) {
          if (!runs.isEmpty()) {
            stage(scenario, postgres, runDate);
          }
          out.printf("%nstrata demo: run date %s (%d of %d)%n", runDate, runs.size() + 1, DemoScenario.RUN_DATES.size());
          runs.add(runner.execute(config, Stage.slice(Stage.INGEST, lastStage), runDate));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the demo catalog API", e);
      }
    } finally {
      mariadb.ifPresent(DemoMariaDb::close);
    }
    RunReport collected = new RunReportCollector(SparkSession.active(), config).collect(runIds(runs));
    Path report = writeReport(collected);
    summary(runs);
    quality(collected);
    out.printf("strata demo: finished in %s (%d run dates)%n", ResultTable.format(Duration.between(start, Instant.now())), runs.size());
    out.printf("lake: %s%n", config.lake().layout().root());
    out.printf("warehouse: %s%n", warehouseUrl);
    if (!psql.isEmpty()) {
      out.printf("  %s%n", psql);
    }
    out.printf("report: %s%n", report);
    out.printf("lineage: %s    (OpenLineage events, one per line)%n", workDir.resolve(LINEAGE_FILE));
    out.flush();
    return new Result(config, runs, warehouseUrl, report);
  }

  private Map<String, String> settings(DemoScenario scenario, DemoPostgres postgres, DemoCatalogServer catalog, DemoAlertReceiver alerts,
      Optional<String> otherWarehouse, boolean embeddedMariaDb) {
    Map<String, String> env = new HashMap<>(environment);
    env.put("STRATA_DEMO_ALERTS", "true");
    env.put("STRATA_DEMO_ALERT_URL", alerts.url());
    env.put("STRATA_DEMO_REPORT_URL", workDir.resolve("report.html").toUri().toString());
    env.put("STRATA_DEMO_LINEAGE", "true");
    env.put("STRATA_DEMO_LINEAGE_FILE", workDir.resolve(LINEAGE_FILE).toString());
    env.putAll(scenario.environment(postgres.jdbcUrl(SHOP_DATABASE), catalog.url()));
    env.put("STRATA_LAKE_ROOT", workDir.resolve("lake").toString());
    if (embeddedMariaDb) {
      env.put("STRATA_DEMO_WAREHOUSE_URL", otherWarehouse.orElseThrow());
      env.put("STRATA_DEMO_WAREHOUSE_USER", DemoMariaDb.USER);
      env.put("STRATA_DEMO_WAREHOUSE_PASSWORD", DemoMariaDb.PASSWORD);
    } else if (otherWarehouse.isPresent()) {
      env.put("STRATA_DEMO_WAREHOUSE_URL", otherWarehouse.get());
      if (!env.containsKey("STRATA_DEMO_WAREHOUSE_USER")) {
        throw new StrataException("the demo exports to " + otherWarehouse.get() + " as the user in STRATA_DEMO_WAREHOUSE_USER, which is not set."
            + " Fix: export STRATA_DEMO_WAREHOUSE_USER (and STRATA_DEMO_WAREHOUSE_PASSWORD)");
      }
    } else {
      env.put("STRATA_DEMO_WAREHOUSE_URL", postgres.jdbcUrl(WAREHOUSE_DATABASE));
      env.put("STRATA_DEMO_WAREHOUSE_USER", DemoPostgres.USER);
    }
    // The embedded server trusts loopback connections; the config still wants a password reference.
    env.putIfAbsent("STRATA_DEMO_WAREHOUSE_PASSWORD", "demo");
    if (!env.containsKey("STRATA_DEMO_PII_KEY")) {
      throw new StrataException("the demo masks PII with a key: export STRATA_DEMO_PII_KEY (strata-local makes one in target/demo-pii.key)");
    }
    return env;
  }

  /**
   * The demo's config for a MySQL or MariaDB warehouse: its row policies and grants are
   * PostgreSQL's, so they are left out, and the run says so.
   */
  private PipelineConfig withoutWhatTheWarehouseLacks(PipelineConfig config) {
    WarehouseConfig target = config.warehouse().orElseThrow();
    if (!target.isMySql() || target.security().isEmpty()) {
      return config;
    }
    out.printf("strata demo: %s is MySQL or MariaDB: the demo's row policies and grants (warehouse.security) are PostgreSQL's"
        + " and are left out%n", target.url().replaceAll("\\?.*", ""));
    return config.withWarehouse(target.withSecurity(WarehouseSecurity.none()));
  }

  private static void stage(DemoScenario scenario, DemoPostgres postgres, LocalDate runDate) {
    try (Connection shop = postgres.connect(SHOP_DATABASE)) {
      scenario.stage(runDate, shop);
    } catch (SQLException e) {
      throw new StrataException("cannot reach the demo shop database: " + e.getMessage(), e);
    }
  }

  private static Set<String> runIds(List<PipelineRun> runs) {
    Set<String> runIds = new LinkedHashSet<>();
    runs.forEach(run -> runIds.add(run.runId()));
    return runIds;
  }

  private Path writeReport(RunReport report) {
    Path file = workDir.resolve("report.html");
    try {
      Files.writeString(file, RunReportHtml.render(report));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run report " + file, e);
    }
    return file;
  }

  private void quality(RunReport report) {
    if (report.quality().isEmpty()) {
      return;
    }
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"run date", "table", "check", "severity", "status", "failing rows"});
    report.quality().forEach(line -> rows.add(new String[] {line.runDate().toString(), line.table(), line.check(), line.severity(),
        line.status(), Long.toString(line.failingRows())}));
    out.printf("%nstrata demo: quality results%n%s", TextTable.render(rows, Set.of(5)));
  }

  private void summary(List<PipelineRun> runs) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"run date", "stage", "target", "rows in", "rows out", "quarantined", "time"});
    for (PipelineRun run : runs) {
      for (StageResult result : run.results()) {
        rows.add(new String[] {run.runDate().toString(), result.stage().cliName(), result.target(), Long.toString(result.rowsRead()),
            Long.toString(result.rowsWritten()), Long.toString(result.rowsQuarantined()), ResultTable.format(result.duration())});
      }
    }
    out.printf("%nstrata demo: summary%n%s", TextTable.render(rows, Set.of(3, 4, 5, 6)));
  }

  /** Removes what an earlier demo left, except the PostgreSQL data directory (its databases are recreated). */
  private void clean() {
    for (String name : List.of("lake", "landing", "catalog", "mariadb", "report.html", LINEAGE_FILE)) {
      Path path = workDir.resolve(name);
      if (Files.exists(path)) {
        try (Stream<Path> tree = Files.walk(path)) {
          for (Path file : tree.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(file);
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot clear " + path + " from an earlier demo", e);
        }
      }
    }
  }
}
