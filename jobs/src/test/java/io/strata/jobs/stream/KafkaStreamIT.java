package io.strata.jobs.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.runlog.RunLog;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.jobs.testing.TestingKafka;
import io.strata.jobs.testing.TestingKafka.Message;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code strata stream} against a real broker: micro-batches land in the raw layer and, for an
 * entity with {@code stream-process = true}, in the processed table; a restart resumes from the
 * checkpoint without reading a message twice; a stop request finishes the running micro-batch;
 * the stream holds its source's lock, records itself in the run log and leaves its offsets in the
 * source's state.
 */
class KafkaStreamIT {
  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();

  @BeforeAll
  static void servers() {
    TestingSpark.session();
    TestingKafka.shared();
  }

  private static TestingKafka kafka() {
    return TestingKafka.shared();
  }

  private int strata(String... args) {
    return cli.run(args);
  }

  private LakeLayout lake() {
    return new LakeLayout(dir.resolve("lake").toUri());
  }

  private Path pipeline(String topic) throws IOException {
    return Files.writeString(dir.resolve("p.conf"), """
        name = streaming
        lake.root = lake
        sources.order_events { type = kafka, entity = orders, bootstrap-servers = "%s", topics = [%s] }
        entities.orders {
          source = order_events, key = [order_id], change-order = version, stream-process = true
          columns { order_id = bigint, status = string, version = int }
        }
        """.formatted(kafka().bootstrapServers(), topic));
  }

  private static Message order(int partition, long id, String status, int version) {
    return Message.of(partition, String.valueOf(id), "{\"order_id\": " + id + ", \"status\": \"" + status + "\", \"version\": " + version + "}");
  }

  private List<Row> raw() {
    return TestingSpark.session().read().parquet(lake().rawEntity("order_events", "orders").uri()).orderBy("_partition", "_offset")
        .collectAsList();
  }

  private List<Row> processed() {
    return TestingSpark.session().read().format("delta").load(lake().processed("orders").uri()).orderBy("order_id").collectAsList();
  }

  @Test
  void microBatchesLandInRawAndProcessedExactlyOnceAcrossRestarts() throws IOException {
    String topic = "stream_orders_" + UUID.randomUUID().toString().substring(0, 8);
    kafka().createTopic(topic, 2);
    kafka().send(topic, List.of(order(0, 1, "new", 1), order(1, 2, "new", 1), order(0, 3, "new", 1), Message.of(1, "x", "not json")));
    String config = pipeline(topic).toString();

    assertThat(strata("stream", "--config", config, "--trigger", "1s", "--until-idle", "6s")).as(cli.out() + "\n" + cli.err()).isZero();

    assertThat(cli.out()).contains("stream order_events: started")
        .contains("stream order_events: micro-batch 0: 4 messages, 3 rows written, 1 quarantined")
        .contains("entity orders: 3 rows in, 3 compared (3 new")
        .contains("stream order_events: micro-batch 0 took ").contains("lag per partition: " + topic + ":0=0, " + topic + ":1=0")
        .contains("strata: no new messages for 6.0 s: stopping");
    assertThat(raw()).extracting(row -> row.getAs("order_id"), row -> row.getAs("_offset")).containsExactly(tuple(1L, 0L), tuple(3L, 1L),
        tuple(2L, 0L));
    assertThat(TestingSpark.session().read().parquet(lake().quarantine(Layer.RAW, "order_events").uri()).collectAsList())
        .extracting(row -> row.getAs("_origin"), row -> row.getAs("_reason")).containsExactly(tuple(topic + "-1@1", "not a JSON object"));
    assertThat(processed()).extracting(row -> row.getAs("order_id"), row -> row.getAs("status")).containsExactly(tuple(1L, "new"),
        tuple(2L, "new"), tuple(3L, "new"));

    // A second start resumes from the checkpoint: only the two new messages are read, the update of order 2 wins.
    kafka().send(topic, List.of(order(1, 2, "paid", 2), order(0, 4, "new", 1)));
    assertThat(strata("stream", "--config", config, "--trigger", "1s", "--until-idle", "6s")).as(cli.out() + "\n" + cli.err()).isZero();

    assertThat(cli.out()).contains("micro-batch 1: 2 messages, 2 rows written");
    assertThat(raw()).hasSize(5);
    assertThat(processed()).extracting(row -> row.getAs("order_id"), row -> row.getAs("status")).containsExactly(tuple(1L, "new"),
        tuple(2L, "paid"), tuple(3L, "new"), tuple(4L, "new"));

    // The run log has the stream's ingest lines; the source's state holds the offsets the stream reached.
    List<Row> log = TestingSpark.session().read().format("delta").load(lake().runLog(RunLog.TABLE).uri())
        .where("stage = 'ingest' AND target = 'order_events'").orderBy("started_at").collectAsList();
    // Each interval line is a run of its own (the run log keeps a run's latest line per stage and target), so the counts add up.
    assertThat(log).extracting(row -> ((String) row.getAs("run_id")).matches("stream-.*-log0001"), row -> row.getAs("status"),
        row -> row.getAs("rows_written"), row -> row.getAs("rows_quarantined"))
        .containsExactly(tuple(true, "SUCCESS", 3L, 1L), tuple(true, "SUCCESS", 2L, 0L));
    // Each micro-batch's process left one line, under the stream's run id and the micro-batch's number: no stage start or end lines.
    List<Row> processLines = TestingSpark.session().read().format("delta").load(lake().runLog(RunLog.TABLE).uri())
        .where("stage = 'process'").orderBy("started_at").collectAsList();
    assertThat(processLines).extracting(row -> ((String) row.getAs("run_id")).matches("stream-.*-000000000[01]"), row -> row.getAs("target"),
        row -> row.getAs("status"), row -> row.getAs("rows_read"), row -> row.getAs("rows_written"))
        .containsExactly(tuple(true, "orders", "SUCCESS", 3L, 3L), tuple(true, "orders", "SUCCESS", 2L, 2L));
    assertThat(strata("state", "show", "--config", config, "--source", "order_events")).isZero();
    assertThat(cli.out()).contains("  " + topic + ":0 = 3", "  " + topic + ":1 = 3");
  }

  @Test
  void aStopRequestFinishesTheRunningMicroBatchAndTheStreamHoldsItsSourceMeanwhile() throws Exception {
    String topic = "stream_stop_" + UUID.randomUUID().toString().substring(0, 8);
    kafka().createTopic(topic, 1);
    Path config = pipeline(topic);
    StringWriter streamOut = new StringWriter();
    StreamRunner runner = new StreamRunner(new PrintWriter(streamOut, true));
    StreamRunner.Options options = new StreamRunner.Options(List.of("order_events"), Duration.ofSeconds(1), Optional.empty(),
        Duration.ofMinutes(5));
    CompletableFuture<Integer> stream = CompletableFuture.supplyAsync(
        () -> runner.run(new PipelineConfigLoader(Map.of(), true).load(config), options));
    awaitOutput(streamOut, "stream order_events: started");

    kafka().send(topic, List.of(order(0, 7, "new", 1)));
    // Which micro-batch gets it depends on timing: the stream may run an empty first one before the message arrives.
    awaitOutput(streamOut, ": 1 message, 1 row written");
    // A batch run of the same source meanwhile is refused: the stream holds the source's ingest lock.
    assertThat(strata("ingest", "--config", config.toString(), "--source", "order_events")).isEqualTo(ExitCodes.PIPELINE_LOCKED);

    assertThat(runner.requestStop(Duration.ofMinutes(2))).isTrue();
    assertThat(stream.get(30, TimeUnit.SECONDS)).isZero();
    assertThat(streamOut.toString()).contains("strata: stop requested: finishing the running micro-batches").contains("strata: stream stopped");
    assertThat(processed()).extracting(row -> row.getAs("order_id")).containsExactly(7L);
    // With the stream gone, its source is free again.
    assertThat(strata("ingest", "--config", config.toString(), "--source", "order_events")).as(cli.err()).isZero();
  }

  @Test
  void aStreamThatFailsSendsTheFailureAlertAndRecordsItsDelivery() throws Exception {
    String topic = "stream_fail_" + UUID.randomUUID().toString().substring(0, 8);
    kafka().createTopic(topic, 1);
    kafka().send(topic, List.of(order(0, 1, "new", 1)));
    // The processed table's place in the lake is taken by a file: the micro-batch's write fails, as on a lake out of reach.
    Files.createDirectories(dir.resolve("lake/processed"));
    Files.writeString(dir.resolve("lake/processed/orders"), "not a table");
    try (HttpReceiver receiver = new HttpReceiver()) {
      Path config = pipeline(topic);
      Files.writeString(config, Files.readString(config) + """
          alerts {
            channels.ops { url = "%s" }
            rules.all { on = [failure, success], channels = [ops] }
          }
          """.formatted(receiver.url("/ops")));

      assertThat(strata("stream", "--config", config.toString(), "--trigger", "1s", "--until-idle", "6s")).as(cli.out() + "\n" + cli.err())
          .isEqualTo(ExitCodes.RUNTIME_FAILURE);

      // A failure alert, and nothing for the stop: a stream's success is to keep running.
      assertThat(receiver.received("/ops")).singleElement().satisfies(request -> {
        com.fasterxml.jackson.databind.JsonNode alert = new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.body());
        assertThat(alert.get("event").asText()).isEqualTo("failure");
        assertThat(alert.get("pipeline").asText()).isEqualTo("streaming");
        assertThat(alert.get("run_id").asText()).startsWith("stream-");
        assertThat(alert.get("stage").asText()).isEqualTo("ingest");
      });
      List<Row> alertLines = TestingSpark.session().read().format("delta").load(lake().runLog(RunLog.TABLE).uri()).where("stage = 'alert'")
          .collectAsList();
      assertThat(alertLines).extracting(row -> row.getAs("target"), row -> row.getAs("status")).containsExactly(tuple("ops/failure/ingest", "SUCCESS"));
    }
  }

  @Test
  void onlyKafkaSourcesStream() throws IOException {
    Path config = Files.writeString(dir.resolve("files.conf"), "name = s\nlake.root = lake\nsources.csv { type = file, path = \"in/*.csv\" }\n");

    assertThat(strata("stream", "--config", config.toString(), "--source", "csv")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("--source csv: is a file source; strata stream reads Kafka sources only");
    assertThat(strata("stream", "--config", config.toString())).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("the config has no Kafka source to stream");
    assertThat(strata("stream", "--config", config.toString(), "--trigger", "soon")).isEqualTo(ExitCodes.BAD_USAGE_OR_CONFIG);
    assertThat(cli.err()).contains("--trigger: 'soon' is not a duration; write e.g. 30s, 5m or 500ms");
  }

  private static void awaitOutput(StringWriter output, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!output.toString().contains(text)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' within 120 s in:\n" + output);
      }
      Thread.sleep(200);
    }
  }
}
