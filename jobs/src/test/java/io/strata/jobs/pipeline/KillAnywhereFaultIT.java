package io.strata.jobs.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.testing.TestingPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kill anywhere: the shop pipeline (a CSV source, an incremental PostgreSQL source, an SCD2
 * dimension, a fact, an incremental export) runs day 1, then day 2 in a separate JVM that halts
 * at a kill point ({@code STRATA_KILL_AT}, exit 137, as {@code kill -9} leaves it), then day 2
 * again to completion. The curated tables and the warehouse equal those of an uninterrupted run,
 * with no duplicate key. While the export is killed and re-run, a reader querying the warehouse
 * sees only the state before or the state after, never a missing or half-loaded table.
 *
 * <p>Every case restores the same directory from the day-1 snapshot (so paths the lake records
 * stay valid) and the warehouse from a day-1 template database.
 */
class KillAnywhereFaultIT {
  private static final Duration LOCK_STALE_AFTER = Duration.ofSeconds(3);
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final LocalDate DAY2 = LocalDate.of(2026, 3, 2);
  private static final String WAREHOUSE = "kill_warehouse";
  private static final String DAY1_WAREHOUSE = "kill_warehouse_day1";
  private static final String SOURCE = "kill_source";
  /** Curated table, then the columns compared (audit columns and run ids left out), the first being the key. */
  private static final Map<String, String[]> TABLES = new LinkedHashMap<>();

  static {
    TABLES.put("dim_customer", new String[] {"dim_customer_key", "customer_id", "name", "city", "effective_from", "effective_to",
        "is_current", "version", "is_deleted", "row_hash"});
    TABLES.put("fact_orders", new String[] {"order_id", "customer_key", "order_date_key", "amount", "partition_date"});
    TABLES.put("dim_date", new String[] {"date_key", "date", "month", "quarter", "year"});
  }

  @TempDir static Path dir;
  private static Path work;
  private static Path day1Snapshot;
  private static ShopPipeline shop;
  private static Map<String, List<String>> referenceCurated;
  private static Map<String, String> referenceWarehouse;
  private static ReaderState before;
  private static ReaderState after;

  @BeforeAll
  static void uninterruptedReference() throws Exception {
    TestingPostgres postgres = TestingPostgres.shared();
    String sourceUrl = postgres.createDatabase(SOURCE);
    postgres.createDatabase(WAREHOUSE);
    try (Connection connection = postgres.connect(SOURCE); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE orders (order_id bigint PRIMARY KEY, customer_id bigint, order_ts timestamp, amount numeric(10,2),"
          + " updated_at timestamp)");
      statement.execute("INSERT INTO orders VALUES (10, 1, '2026-02-20 10:00', 5.00, '2026-02-20 10:00'),"
          + " (11, 2, '2026-03-01 09:00', 7.00, '2026-03-01 09:00'), (12, 9, '2026-03-01 11:00', 3.00, '2026-03-01 11:00'),"
          + " (13, 3, '2026-02-25 08:00', 4.00, '2026-02-25 08:00')");
    }
    work = dir.resolve("work");
    Files.createDirectories(work);
    Path password = Files.writeString(dir.resolve("postgres.password"), postgres.password());
    String config = ShopPipeline.withWarehouse(postgres.jdbcUrl(WAREHOUSE), "shop", password)
        .replace("order_files { type = file, entity = orders, path = \"in/orders/*.csv\" }",
            "order_db { type = jdbc, entity = orders, url = \"" + sourceUrl + "\", user = postgres, password = \"file:" + password
                + "\", table = public.orders, mode = incremental, cursor = [updated_at, order_id] }")
        .replace("source = order_files", "source = order_db")
        + "spark { master = \"local[2]\", shuffle-partitions = 2, conf { \"spark.ui.enabled\" = \"false\" } }\n"
        // A killed run leaves its locks behind; the re-run takes them over once they are stale.
        + "lake.lock { heartbeat = 1s, stale-after = " + LOCK_STALE_AFTER.toSeconds() + "s }\n"
        // Every run to export passes quality: the counts of a killed attempt's committed entities must reach the run log.
        + "quality.tables { processed.customers.balanced { type = reconciliation }, processed.orders.balanced { type = reconciliation } }\n";
    shop = new ShopPipeline(work, config);
    shop.customers(DAY1, "1,Ada,London,2026-01-01 00:00:00", "2,Bob,Paris,2026-01-01 00:00:00", "3,Cy,Rome,2026-01-01 00:00:00");
    shop.runTo(DAY1, "export");
    before = ReaderState.read();

    // Day 2 at the sources: Ada moves, Bob leaves, Dee arrives; order 14 is new, order 11 re-dated.
    shop.customers(DAY2, "1,Ada,Cambridge,2026-03-02 08:00:00", "3,Cy,Rome,2026-01-01 00:00:00", "9,Dee,Oslo,2026-02-01 00:00:00");
    try (Connection connection = postgres.connect(SOURCE); Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO orders VALUES (14, 1, '2026-03-02 12:00', 9.00, '2026-03-02 12:00')");
      statement.execute("UPDATE orders SET order_ts = '2026-02-27 09:00', updated_at = '2026-03-02 00:00' WHERE order_id = 11");
    }
    day1Snapshot = dir.resolve("day1");
    copyTree(work, day1Snapshot);
    createFrom(WAREHOUSE, DAY1_WAREHOUSE);

    shop.runTo(DAY2, "export");
    referenceCurated = curated();
    referenceWarehouse = warehouse();
    after = ReaderState.read();
    assertThat(after).as("day 2 changes what a reader sees").isNotEqualTo(before);
    assertThat(referenceCurated.get("fact_orders")).hasSize(5);
  }

  @ParameterizedTest(name = "killed at {0}")
  @ValueSource(strings = {"ingest.before-complete", "ingest.before-ledger#2", "after-ingest", "process.between-writes", "process.before-ledger",
      "process.before-ledger#2", "after-process", "model.dimension.between-writes", "model.dimension.before-watermark", "model.fact.before-watermark", "after-model", "delta.files-written#3"})
  void aRunKilledAnywhereIsFinishedByTheNextRunWithTheUninterruptedResult(String point) throws Exception {
    assumeSelected(point);
    restoreDay1();
    killedAt(point, "run", "--run-date", DAY2.toString(), "--to", "export");
    if (point.startsWith("process.")) {
      // Resumed at the stage that died, as an Airflow retry of the process task is: entities the killed run finished are skipped.
      shop.runTo(DAY2, "export", "--from", "process");
    } else {
      shop.runTo(DAY2, "export");
    }
    assertEqualsReference(point);
    if (!point.startsWith("after-") && !point.startsWith("delta.")) {
      // Killed inside a stage, whose RUNNING line the re-run finds without a live lock.
      assertThat(shop.output).as("the re-run's output after the kill at %s", point).contains("RUNNING and holds no lock: marked ABANDONED");
    }
  }

  @ParameterizedTest(name = "readers while the export is killed at {0}")
  @ValueSource(strings = {"export.before-publish", "export.after-publish"})
  void readersSeeTheWarehouseBeforeOrAfterAnExportThatIsKilledAndReRun(String point) throws Exception {
    assumeSelected(point);
    restoreDay1();
    try (WarehouseReader reader = WarehouseReader.start()) {
      killedAt(point, "run", "--run-date", DAY2.toString(), "--to", "export");
      ReaderState afterKill = ReaderState.read();
      assertThat(afterKill).as("warehouse after the kill at %s", point).isEqualTo(point.endsWith("before-publish") ? before : after);
      shop.runTo(DAY2, "export");
      assertThat(shop.output).as("the re-run's output after the kill at %s", point).contains("left export RUNNING and holds no lock: "
          + "marked ABANDONED");
      List<ReaderState> seen = reader.stop();
      assertThat(seen).as("what a reader saw during the runs").isNotEmpty().allSatisfy(state ->
          assertThat(state).isIn(before, after));
      assertThat(seen).contains(before);
    }
    assertEqualsReference(point);
  }

  @Test
  void maintainKilledBeforeItRecordsTheVersionsItSawIsFinishedByTheNextMaintain() throws Exception {
    assumeSelected("maintain.before-versions");
    restoreDay1();
    shop.runTo(DAY2, "export");
    killedAt("maintain.before-versions", "maintain", "--run-date", DAY2.toString());
    shop.runTo(DAY2, "maintain", "--from", "maintain");
    assertThat(shop.output).contains("left maintain RUNNING and holds no lock: marked ABANDONED");
    assertEqualsReference("maintain.before-versions");
  }

  /** {@code -Dstrata.faults.points=a,b} runs only the cases of those kill points (a quick check of one point). */
  private static void assumeSelected(String point) {
    String selected = System.getProperty("strata.faults.points", "").trim();
    org.junit.jupiter.api.Assumptions.assumeTrue(selected.isEmpty() || List.of(selected.split(",")).contains(point),
        () -> point + " is not in -Dstrata.faults.points=" + selected);
  }

  private static void assertEqualsReference(String point) throws SQLException {
    Map<String, List<String>> curated = curated();
    for (Map.Entry<String, String[]> table : TABLES.entrySet()) {
      List<String> rows = curated.get(table.getKey());
      assertThat(rows).as("curated %s after the kill at %s and a re-run", table.getKey(), point)
          .isEqualTo(referenceCurated.get(table.getKey()));
      assertThat(rows.stream().map(row -> row.substring(0, row.indexOf('|'))).distinct().count())
          .as("distinct keys of curated %s", table.getKey()).isEqualTo(rows.size());
    }
    assertThat(warehouse()).as("warehouse checksums after the kill at %s and a re-run", point).isEqualTo(referenceWarehouse);
  }

  /** Runs strata in a JVM of its own with {@code STRATA_KILL_AT=point} and checks that it died there. */
  private static void killedAt(String point, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Path projectDir = Path.of(System.getProperty("strata.project.dir", Path.of("").toAbsolutePath().getParent().toString()));
    Files.readAllLines(projectDir.resolve("scripts/spark-submit/java17-flags")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.strata.jobs.cli.StrataMain"));
    command.add(arguments[0]);
    command.addAll(List.of("--config", shop.config.toString()));
    command.addAll(List.of(arguments).subList(1, arguments.length));
    Path log = dir.resolve("child-" + point.replaceAll("[^a-z0-9.-]", "_") + ".log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put(KillPoint.SETTING, point);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = builder.start();
    if (!child.waitFor(Duration.ofMinutes(10).toSeconds(), TimeUnit.SECONDS)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError("strata with " + KillPoint.SETTING + "=" + point + " did not end in 10 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("exit code of strata %s killed at %s:\n%s", String.join(" ", arguments), point, output)
        .isEqualTo(KillPoint.EXIT_CODE);
    assertThat(output).contains(KillPoint.SETTING + "=" + point + " reached");
    // The dead run's lock files hold until their heartbeat is older than stale-after.
    Thread.sleep(LOCK_STALE_AFTER.plusSeconds(1).toMillis());
  }

  /** The lake and the warehouse as day 1 left them, at the same paths. */
  private static void restoreDay1() throws IOException, SQLException {
    deleteTree(work);
    copyTree(day1Snapshot, work);
    DeltaLog.clearCache();
    createFrom(DAY1_WAREHOUSE, WAREHOUSE);
  }

  private static Map<String, List<String>> curated() {
    DeltaLog.clearCache();
    Map<String, List<String>> rows = new LinkedHashMap<>();
    TABLES.forEach((table, columns) -> rows.put(table, shop.rows(table, columns)));
    return rows;
  }

  /** Per warehouse table: its row count, duplicate keys and the md5 of its sorted rows. */
  private static Map<String, String> warehouse() throws SQLException {
    Map<String, String> checksums = new LinkedHashMap<>();
    try (Connection connection = TestingPostgres.shared().connect(WAREHOUSE)) {
      for (Map.Entry<String, String[]> table : TABLES.entrySet()) {
        List<String> texts = new ArrayList<>();
        for (String column : table.getValue()) {
          texts.add("coalesce(\"" + column + "\"::text, '<null>')");
        }
        String key = "\"" + table.getValue()[0] + "\"";
        String sql = "SELECT count(*) || ' rows, ' || (count(*) - count(DISTINCT " + key + ")) || ' duplicate keys, md5 '"
            + " || md5(coalesce(string_agg(line, E'\\n' ORDER BY line), '')) FROM (SELECT " + String.join(" || '|' || ", texts)
            + " AS line, " + key + " FROM shop.\"" + table.getKey() + "\") AS t";
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
          result.next();
          checksums.put(table.getKey(), result.getString(1));
        }
      }
    }
    return checksums;
  }

  /** A fresh database {@code target} copied from {@code template}, dropping any sessions on both first. */
  private static void createFrom(String template, String target) throws SQLException {
    try (Connection connection = TestingPostgres.shared().connect("postgres"); Statement statement = connection.createStatement()) {
      try (PreparedStatement terminate = connection.prepareStatement(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN (?, ?) AND pid <> pg_backend_pid()")) {
        terminate.setString(1, template);
        terminate.setString(2, target);
        terminate.executeQuery().close();
      }
      statement.execute("DROP DATABASE IF EXISTS " + target + " WITH (FORCE)");
      statement.execute("CREATE DATABASE " + target + " TEMPLATE " + template);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path path : paths.toList()) {
        Path target = to.resolve(from.relativize(path).toString());
        if (Files.isDirectory(path)) {
          Files.createDirectories(target);
        } else {
          Files.copy(path, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (var paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  /** What a BI reader sees: the fact's count and sum, and a join with the dimension. */
  record ReaderState(long facts, String amount, long joined, long currentCustomers) {
    static ReaderState read() throws SQLException {
      try (Connection connection = TestingPostgres.shared().connect(WAREHOUSE)) {
        return read(connection);
      }
    }

    static ReaderState read(Connection connection) throws SQLException {
      try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
          "SELECT (SELECT count(*) FROM shop.fact_orders), (SELECT sum(amount)::text FROM shop.fact_orders),"
              + " (SELECT count(c.city) FROM shop.fact_orders f JOIN shop.dim_customer c ON c.dim_customer_key = f.customer_key),"
              + " (SELECT count(*) FROM shop.dim_customer WHERE is_current)")) {
        result.next();
        return new ReaderState(result.getLong(1), result.getString(2), result.getLong(3), result.getLong(4));
      }
    }
  }

  /** A thread that reads the warehouse in a loop, one autocommit query at a time, and keeps what it saw or the error. */
  private static final class WarehouseReader implements AutoCloseable {
    private final List<ReaderState> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile boolean running = true;
    private final Thread thread = new Thread(this::loop, "warehouse-reader");

    static WarehouseReader start() {
      WarehouseReader reader = new WarehouseReader();
      reader.thread.setDaemon(true);
      reader.thread.start();
      return reader;
    }

    private void loop() {
      while (running) {
        try (Connection connection = TestingPostgres.shared().connect(WAREHOUSE)) {
          while (running) {
            seen.add(ReaderState.read(connection));
            Thread.sleep(20);
          }
        } catch (SQLException e) {
          errors.add(e.getMessage());
          if (errors.size() > 100) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    /** Stops the loop; fails if a query failed (a missing table, a lock error). */
    List<ReaderState> stop() throws InterruptedException {
      running = false;
      thread.join(10_000);
      assertThat(errors).as("errors a reader of the warehouse met").isEmpty();
      return List.copyOf(seen);
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(10_000);
    }
  }
}
