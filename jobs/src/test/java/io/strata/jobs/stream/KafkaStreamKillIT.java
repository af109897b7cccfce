package io.strata.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingKafka;
import io.strata.jobs.testing.TestingKafka.Message;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.delta.DeltaLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stream's exactly-once promise under {@code kill -9}: a stream in a JVM of its own dies in the
 * middle of a micro-batch (after its raw batch is written; after the process rules merged it too,
 * before Spark committed it), messages keep arriving while it is down, and a restart lands every
 * message exactly once in raw and in the processed table.
 */
class KafkaStreamKillIT {
  private static final Duration LOCK_STALE_AFTER = Duration.ofSeconds(3);

  @TempDir Path dir;

  @BeforeAll
  static void servers() {
    TestingSpark.session();
    TestingKafka.shared();
  }

  private static Message order(int partition, long id, String status, int version) {
    return Message.of(partition, String.valueOf(id), "{\"order_id\": " + id + ", \"status\": \"" + status + "\", \"version\": " + version + "}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"stream.after-raw", "stream.before-commit"})
  void aStreamKilledMidMicroBatchLandsEveryMessageExactlyOnceAfterARestart(String point) throws Exception {
    String topic = "stream_kill_" + UUID.randomUUID().toString().substring(0, 8);
    TestingKafka.shared().createTopic(topic, 2);
    Path config = config(topic);
    List<Message> first = new ArrayList<>();
    for (long id = 1; id <= 6; id++) {
      first.add(order((int) (id % 2), id, "new", 1));
    }
    TestingKafka.shared().send(topic, first);

    streamKilledAt(point, config);
    // While the stream is down: two new orders and an update of order 2.
    TestingKafka.shared().send(topic, List.of(order(1, 7, "new", 1), order(0, 8, "new", 1), order(0, 2, "paid", 2)));
    Thread.sleep(LOCK_STALE_AFTER.plusSeconds(1).toMillis());

    InProcessCli cli = new InProcessCli();
    assertThat(cli.run("stream", "--config", config.toString(), "--trigger", "1s", "--until-idle", "6s")).as(cli.out() + cli.err()).isZero();

    DeltaLog.clearCache();
    LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri());
    List<Row> raw = TestingSpark.session().read().parquet(lake.rawEntity("order_events", "orders").uri())
        .orderBy("_partition", "_offset").collectAsList();
    assertThat(raw).as("raw after the kill at %s and a restart", point)
        .extracting(row -> row.getAs("_partition"), row -> row.getAs("_offset"), row -> row.getAs("order_id"))
        .containsExactly(tuple(0, 0L, 2L), tuple(0, 1L, 4L), tuple(0, 2L, 6L), tuple(0, 3L, 8L), tuple(0, 4L, 2L),
            tuple(1, 0L, 1L), tuple(1, 1L, 3L), tuple(1, 2L, 5L), tuple(1, 3L, 7L));
    List<Row> processed = TestingSpark.session().read().format("delta").load(lake.processed("orders").uri()).orderBy("order_id").collectAsList();
    assertThat(processed).as("processed after the kill at %s and a restart", point)
        .extracting(row -> row.getAs("order_id"), row -> row.getAs("status"))
        .containsExactly(tuple(1L, "new"), tuple(2L, "paid"), tuple(3L, "new"), tuple(4L, "new"), tuple(5L, "new"), tuple(6L, "new"),
            tuple(7L, "new"), tuple(8L, "new"));
  }

  private Path config(String topic) throws IOException {
    return Files.writeString(dir.resolve("p.conf"), """
        name = streamkill
        lake.root = lake
        lake.lock { heartbeat = 1s, stale-after = %ds }
        sources.order_events { type = kafka, entity = orders, bootstrap-servers = "%s", topics = [%s] }
        entities.orders {
          source = order_events, key = [order_id], change-order = version, stream-process = true
          columns { order_id = bigint, status = string, version = int }
        }
        """.formatted(LOCK_STALE_AFTER.toSeconds(), TestingKafka.shared().bootstrapServers(), topic));
  }

  @org.junit.jupiter.api.Test
  void sigtermFinishesTheRunningMicroBatchAndWritesTheOffsetsAndTheRunLog() throws Exception {
    String topic = "stream_term_" + UUID.randomUUID().toString().substring(0, 8);
    TestingKafka.shared().createTopic(topic, 2);
    Path config = config(topic);
    Path log = dir.resolve("stream-child.log");
    Process child = streamProcess(config, log, java.util.Map.of());
    try {
      awaitLine(log, child, "stream order_events: started");
      List<Message> orders = new ArrayList<>();
      for (long id = 1; id <= 6; id++) {
        orders.add(order((int) (id % 2), id, "new", 1));
      }
      TestingKafka.shared().send(topic, orders);
      awaitProcessed(6, log, child);

      child.destroy(); // SIGTERM, as systemctl stop or docker stop send it
      assertThat(child.waitFor(3, TimeUnit.MINUTES)).as("strata stream stops after SIGTERM").isTrue();
    } finally {
      child.destroyForcibly();
    }
    String output = Files.readString(log);
    // A JVM that a signal shut down exits 128 + 15, whatever its hooks did (systemd: SuccessExitStatus=143).
    assertThat(child.exitValue()).as(output).isEqualTo(143);
    assertThat(output).contains("strata: stop requested: finishing the running micro-batches", "strata: stream stopped after")
        .doesNotContain("RejectedExecutionException", "strata: unexpected");
    DeltaLog.clearCache();
    LakeLayout lake = new LakeLayout(dir.resolve("lake").toUri());
    assertThat(TestingSpark.session().read().format("delta").load(lake.processed("orders").uri()).count()).isEqualTo(6);
    InProcessCli cli = new InProcessCli();
    assertThat(cli.run("state", "show", "--config", config.toString(), "--source", "order_events")).as(cli.err()).isZero();
    assertThat(cli.out()).as("the offsets the stream reached, written on the way out").contains("  " + topic + ":0 = 3", "  " + topic + ":1 = 3");
    assertThat(TestingSpark.session().read().format("delta").load(lake.runLog(io.strata.jobs.runlog.RunLog.TABLE).uri())
        .where("stage = 'ingest' AND target = 'order_events' AND status = 'SUCCESS'").agg(org.apache.spark.sql.functions.sum("rows_written"))
        .head().getLong(0)).as("the stream's closing run-log line").isEqualTo(6L);
  }

  /** Waits until the processed table holds {@code rows} rows: the micro-batches may split the messages. */
  private void awaitProcessed(long rows, Path log, Process child) throws IOException, InterruptedException {
    String table = new LakeLayout(dir.resolve("lake").toUri()).processed("orders").uri();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      DeltaLog.clearCache();
      if (io.delta.tables.DeltaTable.isDeltaTable(TestingSpark.session(), table)
          && TestingSpark.session().read().format("delta").load(table).count() == rows) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("strata stream ended before processing " + rows + " rows:\n" + Files.readString(log));
      }
      Thread.sleep(500);
    }
    throw new AssertionError("not " + rows + " processed rows in 3 minutes:\n" + Files.readString(log));
  }

  private static void awaitLine(Path log, Process child, String line) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (System.nanoTime() < deadline) {
      if (Files.exists(log) && Files.readString(log).contains(line)) {
        return;
      }
      if (!child.isAlive()) {
        throw new AssertionError("strata stream ended before '" + line + "':\n" + Files.readString(log));
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no '" + line + "' in 3 minutes:\n" + Files.readString(log));
  }

  /** {@code strata stream} in a JVM of its own, its console in {@code log}. */
  private Process streamProcess(Path config, Path log, java.util.Map<String, String> environment) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Files.readAllLines(ScriptRun.projectDir().resolve("scripts/spark-submit/java17-flags")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.strata.jobs.cli.StrataMain", "stream", "--config", config.toString(), "--trigger", "1s"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Runs {@code strata stream} in a JVM of its own with {@code STRATA_KILL_AT=point} and checks that it died there. */
  private void streamKilledAt(String point, Path config) throws IOException, InterruptedException {
    Path log = dir.resolve("stream-child.log");
    Process child = streamProcess(config, log, java.util.Map.of(KillPoint.SETTING, point));
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError("strata stream with " + KillPoint.SETTING + "=" + point + " did not die in 5 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("exit code of strata stream killed at %s:\n%s", point, output).isEqualTo(KillPoint.EXIT_CODE);
    assertThat(output).contains(KillPoint.SETTING + "=" + point + " reached");
  }
}
