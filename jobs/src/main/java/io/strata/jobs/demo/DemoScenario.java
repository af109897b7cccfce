package io.strata.jobs.demo;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bundled retail demo as a story over run dates. {@code demo/data} holds the state before the
 * first run (the shop database, the product catalog, the first day's orders and the stores);
 * {@code demo/data/changes/<run date>/} holds what changed by a later run date: SQL run against
 * the shop database, the catalog as the API serves it from then on, and that day's order files.
 *
 * <p>Before each run date the scenario stages that day into a work folder: order files land in a
 * landing folder (so a day's ingest sees only what had arrived by then), and the catalog file the
 * demo API serves is replaced.
 */
public final class DemoScenario {
  /** The run dates of the shipped demo, in order. */
  public static final List<LocalDate> RUN_DATES = List.of(LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 2));

  private static final String CUSTOMERS_SQL = "customers.sql";
  private static final String PRODUCTS_JSON = "products.json";

  private final Path dataDir;
  private final Path workDir;

  private DemoScenario(Path dataDir, Path workDir) {
    this.dataDir = dataDir;
    this.workDir = workDir;
  }

  /** The demo data in {@code dataDir} (the project's {@code demo/data}), staged under {@code workDir}. */
  public static DemoScenario of(Path dataDir, Path workDir) {
    requireNonNull(dataDir, "dataDir is null");
    requireNonNull(workDir, "workDir is null");
    if (!Files.isRegularFile(dataDir.resolve(CUSTOMERS_SQL)) || !Files.isRegularFile(dataDir.resolve(PRODUCTS_JSON))) {
      throw new StrataException("demo data not found in " + dataDir + ": expected " + CUSTOMERS_SQL + " and " + PRODUCTS_JSON
          + " (run from the project folder, or pass the folder holding demo/data)");
    }
    return new DemoScenario(dataDir.toAbsolutePath().normalize(), workDir.toAbsolutePath().normalize());
  }

  /**
   * Brings the sources to their state on {@code runDate}: the first run date loads the initial shop
   * database, catalog and orders; a later one applies its changes on top.
   */
  public void stage(LocalDate runDate, Connection shopDatabase) {
    requireNonNull(runDate, "runDate is null");
    requireNonNull(shopDatabase, "shopDatabase is null");
    if (!RUN_DATES.contains(runDate)) {
      throw new StrataException("the demo has data for run dates " + RUN_DATES + ", not " + runDate);
    }
    try {
      Files.createDirectories(ordersDir());
      Files.createDirectories(productsFile().getParent());
      Path day = runDate.equals(RUN_DATES.get(0)) ? dataDir : dataDir.resolve("changes").resolve(runDate.toString());
      Path orders = runDate.equals(RUN_DATES.get(0)) ? dataDir.resolve("orders") : day;
      execute(shopDatabase, Files.readString(day.resolve(CUSTOMERS_SQL)));
      Files.copy(day.resolve(PRODUCTS_JSON), productsFile(), StandardCopyOption.REPLACE_EXISTING);
      try (DirectoryStream<Path> files = Files.newDirectoryStream(orders, "orders-" + runDate + "*.csv")) {
        for (Path file : files) {
          Files.copy(file, ordersDir().resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stage the demo data of " + runDate + " under " + workDir, e);
    }
  }

  /** The folder the day's order files land in; the demo's file source reads {@code *.csv} from it. */
  public Path ordersDir() {
    return workDir.resolve("landing").resolve("orders");
  }

  /** The catalog the demo API serves, as of the last staged run date. */
  public Path productsFile() {
    return workDir.resolve("catalog").resolve(PRODUCTS_JSON);
  }

  /**
   * The environment that points {@code conf/demo.conf} at the staged data and the running demo
   * servers (the names its {@code ${?...}} overrides read).
   */
  public Map<String, String> environment(String shopDatabaseUrl, String catalogUrl) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("STRATA_DEMO_ORDERS_PATH", ordersDir() + "/*.csv");
    env.put("STRATA_DEMO_STORES_PATH", dataDir.resolve("stores.csv").toString());
    env.put("STRATA_DEMO_SHOP_DB_URL", shopDatabaseUrl);
    env.put("STRATA_DEMO_CATALOG_URL", catalogUrl);
    return env;
  }

  private static void execute(Connection connection, String sql) {
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new StrataException("the demo shop database rejected the demo data: " + e.getMessage(), e);
    }
  }
}
