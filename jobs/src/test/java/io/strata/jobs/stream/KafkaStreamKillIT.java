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
    Path config = Files.writeString(dir.resolve("p.conf"), """
        name = streamkill
        lake.root = lake
        lake.lock { heartbeat = 1s, stale-after = %ds }
        sources.order_events { type = kafka, entity = orders, bootstrap-servers = "%s", topics = [%s] }
        entities.orders {
          source = order_events, key = [order_id], change-order = version, stream-process = true
          columns { order_id = bigint, status = string, version = int }
        }
        """.formatted(LOCK_STALE_AFTER.toSeconds(), TestingKafka.shared().bootstrapServers(), topic));
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

  /** Runs {@code strata stream} in a JVM of its own with {@code STRATA_KILL_AT=point} and checks that it died there. */
  private void streamKilledAt(String point, Path config) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Files.readAllLines(ScriptRun.projectDir().resolve("scripts/spark-submit/java17-flags")).stream()
        .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#")).forEach(command::add);
    command.addAll(List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-Duser.timezone=UTC", "-cp", System.getProperty("java.class.path"),
        "io.strata.jobs.cli.StrataMain", "stream", "--config", config.toString(), "--trigger", "1s"));
    Path log = dir.resolve("stream-child.log");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().put(KillPoint.SETTING, point);
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process child = builder.start();
    if (!child.waitFor(5, TimeUnit.MINUTES)) {
      child.destroyForcibly().waitFor();
      throw new AssertionError("strata stream with " + KillPoint.SETTING + "=" + point + " did not die in 5 minutes:\n" + Files.readString(log));
    }
    String output = Files.readString(log);
    assertThat(child.exitValue()).as("exit code of strata stream killed at %s:\n%s", point, output).isEqualTo(KillPoint.EXIT_CODE);
    assertThat(output).contains(KillPoint.SETTING + "=" + point + " reached");
  }
}
