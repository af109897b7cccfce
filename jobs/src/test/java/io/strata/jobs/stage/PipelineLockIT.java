package io.strata.jobs.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.cli.StrataCli;
import io.strata.jobs.lock.LakeLock;
import io.strata.jobs.lock.LockHolder;
import io.strata.jobs.lock.LockStore;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.runlog.RunRecord;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline lock through the CLI, on real lakes: a second run of a pipeline is refused with exit
 * code 4 naming the holder, parallel ingest tasks of one pipeline and another pipeline on the same
 * lake go on, a failed stage releases its locks, a run killed with {@code kill -9} is taken over
 * once its heartbeat is stale and shows as ABANDONED in {@code strata runs}, the run log and the
 * warehouse, and on S3 the conditional create refuses a second holder.
 *
 * <p>A run is held inside its ingest stage by a JDBC source whose table the test locks in
 * PostgreSQL ({@code LOCK TABLE ... ACCESS EXCLUSIVE}): the run is really running, and waits.
 */
class PipelineLockIT {
  private static final String DAY = "2026-03-01";
  private static final Pattern RUN_ID = Pattern.compile("run id (\\S+)");

  private static String sourceUrl;
  private static String warehouseUrl;

  @TempDir Path dir;

  @BeforeAll
  static void servers() throws SQLException {
    TestingSpark.session();
    TestingPostgres postgres = TestingPostgres.shared();
    sourceUrl = postgres.createDatabase("lock_source");
    warehouseUrl = postgres.createDatabase("lock_warehouse");
    try (Connection connection = postgres.connect("lock_source"); Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE customers (customer_id bigint PRIMARY KEY, name text)");
      statement.execute("INSERT INTO customers VALUES (1, 'Ada'), (2, 'Bob')");
    }
  }

  /** A CLI invocation's exit code and what it printed. */
  record CliRun(int code, String out, String err) {
    String runId() {
      Matcher matcher = RUN_ID.matcher(out);
      assertThat(matcher.find()).as("run id in:\n" + out).isTrue();
      return matcher.group(1);
    }

    @Override
    public String toString() {
      return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
    }
  }

  private static CliRun strata(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    picocli.CommandLine cli = StrataCli.commandLine();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  private static CompletableFuture<CliRun> inBackground(String... args) {
    return CompletableFuture.supplyAsync(() -> strata(args));
  }

  /** A pipeline named {@code name} on the lake {@code dir/lake}, with a JDBC and a file source; {@code lock} sets lake.lock. */
  private Path pipeline(String name, String lock, String extra) throws IOException {
    Files.createDirectories(dir.resolve("in"));
    Files.writeString(dir.resolve("in/orders.csv"), "order_id,customer_id,amount\n10,1,5.00\n11,2,7.50\n");
    Path password = Files.writeString(dir.resolve("password"), TestingPostgres.shared().password());
    return Files.writeString(dir.resolve(name + ".conf"), """
        name = %s
        lake { root = lake, lock { %s } }
        spark { master = "local[2]", shuffle-partitions = 2, conf { "spark.ui.enabled" = false } }
        sources {
          customers_db { type = jdbc, url = "%s", user = postgres, password = "file:%s", table = "public.customers" }
          orders_files { type = file, path = "in/*.csv" }
        }
        %s
        """.formatted(name, lock, sourceUrl, password, extra));
  }

  /** Holds the customers table so that an ingest of {@code customers_db} waits until {@link #close()}. */
  private static final class HeldTable implements AutoCloseable {
    private final Connection connection;

    HeldTable() throws SQLException {
      connection = TestingPostgres.shared().connect("lock_source");
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        statement.execute("LOCK TABLE customers IN ACCESS EXCLUSIVE MODE");
      }
    }

    @Override
    public void close() throws SQLException {
      connection.commit();
      connection.close();
    }
  }

  private Path lockFolder(String pipeline, String stage, String target) {
    return Path.of(URI.create(new LakeLayout(dir.resolve("lake").toUri()).lock(pipeline, stage, target).uri()));
  }

  private List<Path> lockFiles(String pipeline) throws IOException {
    Path locks = dir.resolve("lake/_locks").resolve(pipeline);
    if (!Files.isDirectory(locks)) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(locks)) {
      return files.filter(Files::isRegularFile).toList();
    }
  }

  /** Waits until the run holding {@code folder}'s lock has written its lock file. */
  private static Path awaitLockFile(Path folder, CompletableFuture<CliRun> run) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      assertThat(run).as("the held run ended early").isNotDone();
      if (Files.isDirectory(folder)) {
        try (Stream<Path> files = Files.list(folder)) {
          List<Path> found = files.filter(file -> file.getFileName().toString().endsWith(".json")).toList();
          if (!found.isEmpty()) {
            return found.get(0);
          }
        }
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no lock file appeared in " + folder);
  }

  private List<RunRecord> runLog() {
    return new RunLog(TestingSpark.session(), new LakeLayout(dir.resolve("lake").toUri())).recent(20);
  }

  @Test
  void aSecondRunOfThePipelineIsRefusedWithExitFourNamingTheHolder() throws Exception {
    String config = pipeline("shop", "", "").toString();
    CompletableFuture<CliRun> first;
    CliRun second;
    try (HeldTable held = new HeldTable()) {
      first = inBackground("run", "--config", config, "--run-date", DAY, "--to", "ingest");
      awaitLockFile(lockFolder("shop", "ingest", "customers_db"), first);

      second = strata("run", "--config", config, "--run-date", DAY, "--to", "ingest");
    }
    CliRun holder = first.get(120, TimeUnit.SECONDS);

    assertThat(holder.code()).as(holder.toString()).isZero();
    assertThat(second.code()).as(second.toString()).isEqualTo(ExitCodes.PIPELINE_LOCKED);
    assertThat(second.err()).containsPattern("strata: pipeline 'shop' is already running: run " + Pattern.quote(holder.runId())
        + " on host " + Pattern.quote(InetAddress.getLocalHost().getHostName()) + " \\(pid " + ProcessHandle.current().pid()
        + "\\), started \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC, holds the lock on ingest of source customers_db \\(last heartbeat .+ ago\\)\\. "
        + "Fix: wait for that run to end; if it is certainly dead, delete " + Pattern.quote(dir.toString()) + "/lake/_locks/shop/ingest/customers_db/0000000001\\.json "
        + "\\(or wait: a lock whose heartbeat is older than lake\\.lock\\.stale-after = 5 min 00 s is taken over by the next run\\)");
    assertThat(second.err()).doesNotContain("Exception", "\tat ");
    // The refused run wrote nothing: no run-log line, no raw batch, no lock file of its own.
    assertThat(runLog()).extracting(RunRecord::runId).containsOnly(holder.runId());
    assertThat(runLog()).extracting(RunRecord::stage, RunRecord::target, RunRecord::status).contains(
        tuple("ingest", "customers_db", RunRecord.Status.SUCCESS),
        tuple("ingest", "orders_files", RunRecord.Status.SUCCESS));
    assertThat(lockFiles("shop")).as("locks released at the end").isEmpty();
  }

  @Test
  void parallelIngestTasksOfOnePipelineAndAnotherPipelineOnTheSameLakeAllSucceed() throws Exception {
    String shop = pipeline("shop", "", "").toString();
    // Pipelines share the lake's folders by source and table name, so the other one names its own.
    String other = Files.writeString(dir.resolve("other.conf"), """
        name = other
        lake.root = lake
        spark { master = "local[2]", shuffle-partitions = 2, conf { "spark.ui.enabled" = false } }
        sources.returns_files { type = file, path = "in/*.csv" }
        """).toString();
    CompletableFuture<CliRun> customers;
    CliRun orders;
    CliRun otherPipeline;
    try (HeldTable held = new HeldTable()) {
      customers = inBackground("ingest", "--config", shop, "--run-date", DAY, "--source", "customers_db");
      awaitLockFile(lockFolder("shop", "ingest", "customers_db"), customers);

      // The Airflow shape: the DAG's other ingest task of the same run date, while the first still reads.
      orders = strata("ingest", "--config", shop, "--run-date", DAY, "--source", "orders_files");
      // Another pipeline on the same lake, reading the same kind of sources.
      otherPipeline = strata("ingest", "--config", other, "--run-date", DAY);
      assertThat(customers).as("the held task is still running").isNotDone();
    }
    CliRun held = customers.get(120, TimeUnit.SECONDS);

    assertThat(orders.code()).as(orders.toString()).isZero();
    assertThat(otherPipeline.code()).as(otherPipeline.toString()).isZero();
    assertThat(held.code()).as(held.toString()).isZero();
    assertThat(orders.out()).contains("source orders_files: 2 rows written").doesNotContain("ABANDONED", "taken over");
    assertThat(otherPipeline.out()).contains("source returns_files: 2 rows written");
    assertThat(held.out()).contains("source customers_db: 2 rows written");
    List<RunRecord> log = runLog();
    assertThat(log).filteredOn(record -> record.target().equals(RunRecord.WHOLE_STAGE))
        .extracting(RunRecord::pipeline, RunRecord::runId, RunRecord::status)
        .containsExactlyInAnyOrder(
            tuple("shop", held.runId(), RunRecord.Status.SUCCESS),
            tuple("shop", orders.runId(), RunRecord.Status.SUCCESS),
            tuple("other", otherPipeline.runId(), RunRecord.Status.SUCCESS));
    assertThat(log).extracting(RunRecord::status).doesNotContain(RunRecord.Status.ABANDONED, RunRecord.Status.RUNNING);
    assertThat(lockFiles("shop")).isEmpty();
    assertThat(lockFiles("other")).isEmpty();
  }

  @Test
  void aStageThatFailsReleasesItsLocks() throws Exception {
    String config = pipeline("shop", "", "sources.missing_db { type = jdbc, url = \"" + sourceUrl
        + "\", user = postgres, password = \"file:" + dir.resolve("password") + "\", table = \"public.no_such_table\" }").toString();

    CliRun failed = strata("ingest", "--config", config, "--run-date", DAY, "--source", "missing_db");

    assertThat(failed.code()).as(failed.toString()).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(failed.err()).contains("missing_db");
    assertThat(lockFiles("shop")).as("nothing left for a retry to wait for").isEmpty();
    assertThat(runLog()).extracting(RunRecord::status).containsOnly(RunRecord.Status.FAILED);
  }

  @Test
  void aRunKilledWithSigkillIsTakenOverAndShownAbandonedInTheRunLogAndTheWarehouse() throws Exception {
    Path password = dir.resolve("password");
    String warehouse = "warehouse { url = \"" + warehouseUrl + "\", schema = ops, user = postgres, password = \"file:" + password
        + "\", sslmode = disable }";
    Path config = pipeline("shop", "heartbeat = 1s, stale-after = 3s", warehouse);
    Path childOut = dir.resolve("child.out");
    Process child;
    String deadRunId;
    try (HeldTable held = new HeldTable()) {
      child = startStrata(childOut, "ingest", "--config", config.toString(), "--run-date", DAY, "--source", "customers_db");
      try {
        // The child has taken its lock, written its RUNNING line and waits on the held table.
        String out = awaitOutput(child, childOut, "source customers_db (jdbc) ...");
        Matcher runId = RUN_ID.matcher(out);
        assertThat(runId.find()).isTrue();
        deadRunId = runId.group(1);
      } finally {
        child.destroyForcibly(); // SIGKILL: no shutdown hook, no FAILED line, no lock release
        child.waitFor(30, TimeUnit.SECONDS);
      }
    }
    Path lockFile = awaitLockFile(lockFolder("shop", "ingest", "customers_db"), new CompletableFuture<>());
    Instant lastHeartbeat = Instant.parse(new ObjectMapper().readTree(lockFile.toFile()).get("heartbeat_at").asText());

    Thread.sleep(Math.max(0, Duration.between(Instant.now(), lastHeartbeat.plusSeconds(4)).toMillis()));
    CliRun next = strata("ingest", "--config", config.toString(), "--run-date", DAY, "--source", "customers_db");

    assertThat(next.code()).as(next.toString()).isZero();
    assertThat(next.out())
        .containsPattern("strata: lock on ingest of source customers_db taken over from run " + Pattern.quote(deadRunId) + " \\(host .+, pid \\d+, "
            + "started .+ UTC\\), whose last heartbeat was .+ ago \\(lake.lock.stale-after = 3\\.0 s\\)")
        .contains("strata: run " + deadRunId + " (run date " + DAY + ") left ingest RUNNING and holds no lock: marked ABANDONED in the run log");
    assertThat(runLog()).filteredOn(record -> record.runId().equals(deadRunId)).singleElement().satisfies(record -> {
      assertThat(record.status()).isEqualTo(RunRecord.Status.ABANDONED);
      assertThat(record.error()).hasValueSatisfying(error -> assertThat(error)
          .startsWith("abandoned: the run stopped without recording how this stage ended (its process died); found at ")
          .endsWith(" by run " + next.runId() + ", with no live lock of this run left"));
    });
    CliRun runs = strata("runs", "--config", config.toString());
    assertThat(runs.out()).containsPattern(Pattern.quote(deadRunId) + " +" + DAY + " +ingest +\\* +ABANDONED .*abandoned: the run stopped");
    assertThat(runs.out()).containsPattern(Pattern.quote(next.runId()) + " +" + DAY + " +ingest +customers_db +SUCCESS +2 +2");
    assertThat(warehouseStatuses(deadRunId)).containsExactly("RUNNING", "ABANDONED");
    assertThat(lockFiles("shop")).isEmpty();

    CliRun again = strata("ingest", "--config", config.toString(), "--run-date", DAY, "--source", "orders_files");
    assertThat(again.out()).as("an abandoned run is marked once").doesNotContain("ABANDONED");
  }

  @Test
  void onAnS3LakeTheConditionalCreateRefusesASecondHolder() throws Exception {
    org.apache.hadoop.conf.Configuration hadoopConf = TestingSpark.session().sparkContext().hadoopConfiguration();
    LakeLayout layout = new LakeLayout(URI.create("s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/lock-it"));
    LockStore store = LockStore.forLake(layout, hadoopConf);
    String folder = layout.lock("shop", "ingest", "customers_db").uri();
    LakeLock lock = new LakeLock(store, folder, Duration.ofMinutes(5), Clock.systemUTC());
    Instant now = Instant.now();
    LockHolder first = new LockHolder("run-s3-a", "shop", "ingest", "customers_db", "host-a", 1, now, now);
    LockHolder second = new LockHolder("run-s3-b", "shop", "ingest", "customers_db", "host-b", 2, now, now);

    LakeLock.Outcome taken = lock.acquire(first);
    LakeLock.Outcome refused = lock.acquire(second);

    assertThat(taken).isInstanceOf(LakeLock.Acquired.class);
    String file = ((LakeLock.Acquired) taken).file();
    assertThat(refused).isInstanceOfSatisfying(LakeLock.Refused.class,
        holder -> assertThat(holder.holder().holder().map(LockHolder::runId)).hasValue("run-s3-a"));
    // S3A sends the create as a PUT with If-None-Match: * and skips its own existence check; S3Proxy answers 412.
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(file);
    FileSystem fs = path.getFileSystem(hadoopConf);
    assertThat(fs.hasPathCapability(path, "fs.option.create.conditional.overwrite")).isTrue();
    assertThat(store.createExclusive(file, "{\"run_id\": \"intruder\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(new String(store.read(file).orElseThrow().content(), StandardCharsets.UTF_8)).contains("run-s3-a").doesNotContain("intruder");

    lock.release(file, first);
    assertThat(store.list(folder)).isEmpty();
    assertThat(lock.acquire(second)).isInstanceOf(LakeLock.Acquired.class);
  }

  /** Starts {@code strata ARGS} in a JVM of its own, as spark-submit would, with this JVM's class path and flags. */
  private Process startStrata(Path output, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(argument -> !argument.startsWith("-agentlib") && !argument.startsWith("-javaagent") && !argument.startsWith("-Xmx"))
        .forEach(command::add);
    command.add("-Xmx1g");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add("io.strata.jobs.cli.StrataMain");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(output.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    builder.environment().put("STRATA_LOG_DIR", dir.resolve("logs").toString());
    return builder.start();
  }

  private static String awaitOutput(Process process, Path output, String line) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline) {
      String text = Files.exists(output) ? Files.readString(output) : "";
      if (text.contains(line)) {
        return text;
      }
      if (!process.isAlive()) {
        throw new AssertionError("strata exited " + process.exitValue() + " before printing '" + line + "':\n" + text);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("strata did not print '" + line + "' within 150 s:\n" + Files.readString(output));
  }

  private static List<String> warehouseStatuses(String runId) throws SQLException {
    List<String> statuses = new ArrayList<>();
    try (Connection connection = TestingPostgres.shared().connect("lock_warehouse");
         Statement statement = connection.createStatement();
         ResultSet rows = statement.executeQuery("SELECT status FROM ops.pipeline_executions WHERE run_id = '" + runId
             + "' ORDER BY logged_at")) {
      while (rows.next()) {
        statuses.add(rows.getString(1));
      }
    }
    return statuses;
  }
}
