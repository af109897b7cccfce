package io.strata.jobs.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.cli.ExitCodes;
import io.strata.jobs.testing.TestingKafka;
import io.strata.jobs.testing.TestingKafka.Message;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka sources in batch mode, through the command line against a real broker: bounded reads from
 * the committed offsets, re-runs that read the same range, the offsets in {@code strata state},
 * malformed values in quarantine, retention that deleted unread messages, SASL credentials, and a
 * topic pattern.
 */
class KafkaSourceIT {
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

  private Path pipeline(String config) throws IOException {
    return Files.writeString(dir.resolve("p-" + UUID.randomUUID() + ".conf"), "name = kafka\nlake.root = lake\n" + config);
  }

  private int ingest(Path config, String runDate) {
    return strata("ingest", "--config", config.toString(), "--run-date", runDate);
  }

  private LakeLayout lake() {
    return new LakeLayout(dir.resolve("lake").toUri());
  }

  private List<Row> raw(String source, String entity, String where) {
    return TestingSpark.session().read().parquet(lake().rawEntity(source, entity).uri()).where(where)
        .orderBy("_topic", "_partition", "_offset").collectAsList();
  }

  private static String topic(String prefix) {
    return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static List<Message> orders(int from, int to) {
    List<Message> messages = new ArrayList<>();
    for (int id = from; id <= to; id++) {
      messages.add(new Message(id % 3, "order-" + id, "{\"order_id\": " + id + ", \"amount\": " + id + ".5, \"status\": \"new\"}",
          Map.of("origin", "shop-" + id)));
    }
    return messages;
  }

  @Test
  void eachRunDateReadsTheMessagesSinceTheLastOneAndAReRunReadsTheSameRangeAgain() throws IOException {
    String topic = topic("orders");
    kafka().createTopic(topic, 3);
    kafka().send(topic, orders(1, 6));
    Path config = pipeline("sources.shop_events { type = kafka, entity = orders, bootstrap-servers = \"" + kafka().bootstrapServers()
        + "\", topics = [" + topic + "] }\n");

    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("source shop_events: 6 rows written, 0 quarantined");
    // The raw write counted no malformed value, so the batch was not read a second time for a quarantine.
    org.apache.hadoop.fs.Path quarantine = new org.apache.hadoop.fs.Path(lake().quarantine(Layer.RAW, "shop_events").uri());
    assertThat(quarantine.getFileSystem(TestingSpark.session().sparkContext().hadoopConfiguration()).exists(quarantine)).isFalse();
    List<Row> day1 = raw("shop_events", "orders", "ingest_date = '2026-03-01'");
    assertThat(day1).extracting(row -> row.getAs("order_id"), row -> row.getAs("_partition"), row -> row.getAs("_offset"), row -> row.getAs("_key"))
        .containsExactly(tuple(3L, 0, 0L, "order-3"), tuple(6L, 0, 1L, "order-6"), tuple(1L, 1, 0L, "order-1"), tuple(4L, 1, 1L, "order-4"),
            tuple(2L, 2, 0L, "order-2"), tuple(5L, 2, 1L, "order-5"));
    Row first = day1.get(0);
    assertThat((String) first.getAs("_topic")).isEqualTo(topic);
    assertThat((String) first.getAs("_origin")).isEqualTo(topic + "-0@0");
    assertThat((Object) first.getAs("_kafka_timestamp")).isNotNull();
    assertThat(first.<Row>getList(first.fieldIndex("_headers"))).extracting(header -> header.getString(0), header -> header.getString(1))
        .containsExactly(tuple("origin", "shop-3"));

    kafka().send(topic, orders(7, 10));
    assertThat(ingest(config, "2026-03-02")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-02'")).extracting(row -> row.getAs("order_id"))
        .containsExactlyInAnyOrder(7L, 8L, 9L, 10L);

    // Messages that arrive after day 2 do not leak into a re-run of day 1 or day 2: each re-reads its own range.
    kafka().send(topic, orders(11, 12));
    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-01'")).extracting(row -> row.getAs("order_id"))
        .containsExactlyInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(ingest(config, "2026-03-02")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-02'")).extracting(row -> row.getAs("order_id"))
        .containsExactlyInAnyOrder(7L, 8L, 9L, 10L);

    // The offsets are the source's state, one key per partition; the re-runs did not move them back.
    assertThat(strata("state", "show", "--config", config.toString(), "--source", "shop_events")).isZero();
    assertThat(cli.out()).contains("  " + topic + ":0 = 3", "  " + topic + ":1 = 4", "  " + topic + ":2 = 3");

    assertThat(ingest(config, "2026-03-03")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-03'")).extracting(row -> row.getAs("order_id"))
        .containsExactlyInAnyOrder(11L, 12L);
    assertThat(raw("shop_events", "orders", "true")).hasSize(12);

    // state set moves one partition and keeps the others; state reset starts again from starting-offsets.
    assertThat(strata("state", "set", "--config", config.toString(), "--source", "shop_events", "--value", topic + ":1=2")).isZero();
    assertThat(ingest(config, "2026-03-04")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-04'")).extracting(row -> row.getAs("order_id"))
        .containsExactlyInAnyOrder(7L, 10L);
    assertThat(strata("state", "reset", "--config", config.toString(), "--source", "shop_events")).isZero();
    assertThat(ingest(config, "2026-03-05")).as(cli.err()).isZero();
    assertThat(raw("shop_events", "orders", "ingest_date = '2026-03-05'")).hasSize(12);
  }

  @Test
  void malformedValuesGoToQuarantineWithTheirOffsetAndReasonAndTheRestIsWritten() throws IOException {
    String topic = topic("payments");
    kafka().createTopic(topic, 1);
    kafka().send(topic, List.of(
        Message.of(0, "a", "{\"payment_id\": 1, \"amount\": 10}"),
        Message.of(0, "b", "not json at all"),
        Message.of(0, "c", "{\"payment_id\": 3, \"amount\": \"lots\"}"),
        Message.of(0, "d", null),
        Message.of(0, "e", "[1, 2, 3]"),
        Message.of(0, "f", "{\"payment_id\": 6, \"amount\": 60}")));
    Path config = pipeline("sources.payments { type = kafka, bootstrap-servers = \"" + kafka().bootstrapServers() + "\", topics = [" + topic
        + "], schema = \"payment_id BIGINT, amount INT\" }\n");

    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();

    assertThat(cli.out()).contains("source payments: 2 rows written, 4 quarantined");
    assertThat(raw("payments", "payments", "true")).extracting(row -> row.getAs("payment_id"), row -> row.getAs("amount"))
        .containsExactly(tuple(1L, 10), tuple(6L, 60));
    List<Row> quarantined = TestingSpark.session().read().parquet(lake().quarantine(Layer.RAW, "payments").uri())
        .orderBy("_record_number").collectAsList();
    String wrongShape = "malformed JSON, or a field that does not fit sources.payments.schema";
    assertThat(quarantined).extracting(row -> row.getAs("_origin"), row -> row.getAs("_record"), row -> row.getAs("_reason"))
        .containsExactly(
            tuple(topic + "-0@1", "not json at all", "not a JSON object"),
            tuple(topic + "-0@2", "{\"payment_id\": 3, \"amount\": \"lots\"}", wrongShape),
            tuple(topic + "-0@3", "", "null value (a tombstone or an empty message)"),
            tuple(topic + "-0@4", "[1, 2, 3]", "not a JSON object"));
  }

  @Test
  void messagesDeletedByRetentionBeforeTheyWereReadFailTheSourceUnlessToldToSkipThem() throws IOException {
    String topic = topic("clicks");
    kafka().createTopic(topic, 1);
    kafka().send(topic, List.of(Message.of(0, "k", "{\"click\": 1}")));
    String source = "sources.clicks { type = kafka, bootstrap-servers = \"" + kafka().bootstrapServers() + "\", topics = [" + topic + "]";
    Path config = pipeline(source + " }\n");
    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();
    kafka().send(topic, List.of(Message.of(0, "k", "{\"click\": 2}"), Message.of(0, "k", "{\"click\": 3}"), Message.of(0, "k", "{\"click\": 4}")));
    kafka().deleteBefore(topic, 0, 3);

    assertThat(ingest(config, "2026-03-02")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("source clicks: offsets 1 to 2 of " + topic + ":0 were deleted by retention before Strata read them "
        + "(the earliest offset left is 3). Fix: set sources.clicks.on-data-loss = skip");

    Path skipping = pipeline(source + ", on-data-loss = skip }\n");
    assertThat(ingest(skipping, "2026-03-02")).as(cli.err()).isZero();
    assertThat(raw("clicks", "clicks", "ingest_date = '2026-03-02'")).extracting(row -> row.getAs("click")).containsExactly(4L);
  }

  @Test
  void saslCredentialsComeFromSecretReferencesAndARejectedPasswordIsNamedWithoutItsValue() throws IOException {
    String topic = topic("secure");
    kafka().createTopic(topic, 1);
    kafka().send(topic, List.of(Message.of(0, "k", "{\"id\": 1}")));
    Path passwordFile = Files.writeString(dir.resolve("kafka-password"), TestingKafka.SASL_PASSWORD);
    Path wrongFile = Files.writeString(dir.resolve("wrong-password"), "not-the-password-" + UUID.randomUUID());
    String source = "sources.secure { type = kafka, bootstrap-servers = \"" + kafka().saslBootstrapServers() + "\", topics = [" + topic + "]\n"
        + "  options { \"default.api.timeout.ms\" = \"10000\", \"request.timeout.ms\" = \"5000\" }\n"
        + "  security { protocol = SASL_PLAINTEXT, mechanism = PLAIN, username = " + TestingKafka.SASL_USER + ", password = \"file:%s\" } }\n";

    assertThat(ingest(pipeline(source.formatted(passwordFile)), "2026-03-01")).as(cli.err()).isZero();
    assertThat(raw("secure", "secure", "true")).extracting(row -> row.getAs("id")).containsExactly(1L);

    assertThat(ingest(pipeline(source.formatted(wrongFile)), "2026-03-02")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("source secure: Kafka at " + kafka().saslBootstrapServers() + " rejected the credentials of user 'strata'")
        .contains("Fix: check sources.secure.security");
    assertThat(cli.out() + cli.err()).doesNotContain(Files.readString(wrongFile)).doesNotContain(TestingKafka.SASL_PASSWORD);

    // SCRAM-SHA-256: the password never crosses the wire; a new message is read with it.
    kafka().send(topic, List.of(Message.of(0, "k", "{\"id\": 2}")));
    assertThat(ingest(pipeline(source.replace("mechanism = PLAIN", "mechanism = SCRAM-SHA-256").formatted(passwordFile)), "2026-03-03"))
        .as(cli.err()).isZero();
    assertThat(raw("secure", "secure", "true")).extracting(row -> row.getAs("id")).containsExactlyInAnyOrder(1L, 2L);
    assertThat(ingest(pipeline(source.replace("mechanism = PLAIN", "mechanism = SCRAM-SHA-256").formatted(wrongFile)), "2026-03-04"))
        .isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("rejected the credentials of user 'strata'");
    assertThat(cli.out() + cli.err()).doesNotContain(Files.readString(wrongFile)).doesNotContain(TestingKafka.SASL_PASSWORD);

    // SASL_SSL: SCRAM over TLS to a broker whose certificate only the given trust store vouches for.
    kafka().send(topic, List.of(Message.of(0, "k", "{\"id\": 3}")));
    Path truststorePassword = Files.writeString(dir.resolve("truststore-password"), kafka().truststorePassword());
    String overTls = "sources.secure { type = kafka, bootstrap-servers = \"" + kafka().saslSslBootstrapServers() + "\", topics = [" + topic + "]\n"
        + "  options { \"default.api.timeout.ms\" = \"10000\", \"request.timeout.ms\" = \"5000\" }\n"
        + "  security { protocol = SASL_SSL, mechanism = SCRAM-SHA-256, username = " + TestingKafka.SASL_USER + ", password = \"file:"
        + passwordFile + "\"%s } }\n";
    assertThat(ingest(pipeline(overTls.formatted(", truststore = \"" + kafka().truststore() + "\", truststore-password = \"file:"
        + truststorePassword + "\"")), "2026-03-05")).as(cli.err()).isZero();
    assertThat(raw("secure", "secure", "true")).extracting(row -> row.getAs("id")).containsExactlyInAnyOrder(1L, 2L, 3L);
    // Without the trust store the broker's certificate is not trusted: nothing is read.
    kafka().send(topic, List.of(Message.of(0, "k", "{\"id\": 4}")));
    assertThat(ingest(pipeline(overTls.formatted("")), "2026-03-06")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(raw("secure", "secure", "true")).hasSize(3);
    assertThat(cli.out() + cli.err()).doesNotContain(TestingKafka.SASL_PASSWORD).doesNotContain(kafka().truststorePassword());
  }

  @Test
  void aTopicPatternReadsEveryMatchingTopicAndAMissingTopicIsNamed() throws IOException {
    String prefix = topic("feed");
    kafka().createTopic(prefix + ".eu", 1);
    kafka().createTopic(prefix + ".us", 2);
    kafka().send(prefix + ".eu", List.of(Message.of(0, "1", "{\"n\": 1}")));
    kafka().send(prefix + ".us", List.of(Message.of(0, "2", "{\"n\": 2}"), Message.of(1, "3", "{\"n\": 3}")));
    Path config = pipeline("sources.feed { type = kafka, bootstrap-servers = \"" + kafka().bootstrapServers() + "\", topic-pattern = \""
        + prefix.replace(".", "\\\\.") + "\\\\..*\" }\n");

    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();
    assertThat(raw("feed", "feed", "true")).extracting(row -> row.getAs("_topic"), row -> row.getAs("n"))
        .containsExactly(tuple(prefix + ".eu", 1L), tuple(prefix + ".us", 2L), tuple(prefix + ".us", 3L));

    Path missing = pipeline("sources.feed { type = kafka, bootstrap-servers = \"" + kafka().bootstrapServers() + "\", topics = [" + prefix
        + ".asia] }\n");
    assertThat(ingest(missing, "2026-03-02")).isEqualTo(ExitCodes.RUNTIME_FAILURE);
    assertThat(cli.err()).contains("source feed: topic(s) " + prefix + ".asia do not exist on " + kafka().bootstrapServers())
        .contains(prefix + ".eu").contains("Fix: check sources.feed.topics");
  }

  @Test
  void processTypesDeduplicatesAndMergesWhatTheTopicDeliveredAndKafkaMetadataIsKeptOnlyWhereDeclared() throws IOException {
    String topic = topic("order_events");
    kafka().createTopic(topic, 2);
    kafka().send(topic, List.of(
        Message.of(0, "1", "{\"order_id\": 1, \"status\": \"new\", \"amount\": \"10.50\"}"),
        Message.of(1, "2", "{\"order_id\": 2, \"status\": \"new\", \"amount\": \"7.00\"}"),
        Message.of(0, "1", "{\"order_id\": 1, \"status\": \"paid\", \"amount\": \"10.50\"}"),
        Message.of(1, "3", "{\"order_id\": \"three\", \"status\": \"new\", \"amount\": \"1.00\"}")));
    Path config = pipeline("sources.order_events { type = kafka, entity = orders, bootstrap-servers = \"" + kafka().bootstrapServers()
        + "\", topics = [" + topic + "] }\n"
        + "entities.orders {\n"
        + "  source = order_events, key = [order_id], rename { _offset = kafka_offset }\n"
        + "  columns { order_id = bigint, status = string, amount = \"decimal(10,2)\", kafka_offset = bigint }\n"
        + "}\n");

    assertThat(strata("run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "process")).as(cli.err()).isZero();

    assertThat(cli.out()).contains("source order_events: 4 rows written, 0 quarantined")
        .contains("entity orders: 4 rows in, 2 compared (2 new, 0 changed, 0 unchanged), 0 deleted, 1 duplicates dropped, 1 quarantined");
    List<Row> processed = TestingSpark.session().read().format("delta").load(lake().processed("orders").uri()).orderBy("order_id")
        .collectAsList();
    // The later message of order 1 (offset 1 of partition 0) wins; the topic's own columns stay in the raw layer.
    assertThat(processed).extracting(row -> row.getAs("order_id"), row -> row.getAs("status"), row -> row.getAs("amount").toString(),
        row -> row.getAs("kafka_offset")).containsExactly(tuple(1L, "paid", "10.50", 1L), tuple(2L, "new", "7.00", 0L));
    assertThat(processed.get(0).schema().fieldNames()).doesNotContain("_topic", "_partition", "_key", "_headers", "_kafka_timestamp");

    kafka().send(topic, List.of(Message.of(1, "2", "{\"order_id\": 2, \"status\": \"shipped\", \"amount\": \"7.00\"}")));
    assertThat(strata("run", "--config", config.toString(), "--run-date", "2026-03-02", "--to", "process")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("source order_events: 1 row written").contains("entity orders: 1 row in, 1 compared (0 new, 1 changed");
    assertThat(TestingSpark.session().read().format("delta").load(lake().processed("orders").uri()).orderBy("order_id").collectAsList())
        .extracting(row -> row.getAs("order_id"), row -> row.getAs("status")).containsExactly(tuple(1L, "paid"), tuple(2L, "shipped"));
  }

  @Test
  void aNewFieldOnTheTopicFollowsTheEntitysDriftPolicy() throws IOException {
    String topic = topic("drift_events");
    kafka().createTopic(topic, 1);
    kafka().send(topic, List.of(Message.of(0, "1", "{\"order_id\": 1, \"status\": \"new\"}")));
    String source = "sources.drift_events { type = kafka, entity = orders, bootstrap-servers = \"" + kafka().bootstrapServers()
        + "\", topics = [" + topic + "] }\n";
    String entity = "entities.orders { source = drift_events, key = [order_id], columns { order_id = bigint, status = string }%s }\n";
    Path strict = pipeline(source + entity.formatted(""));
    assertThat(strata("run", "--config", strict.toString(), "--run-date", "2026-03-01", "--to", "process")).as(cli.err()).isZero();

    // The columns of a topic without a declared schema come from its values: a producer adds a field.
    kafka().send(topic, List.of(Message.of(0, "2", "{\"order_id\": 2, \"status\": \"new\", \"channel\": \"app\"}")));
    assertThat(strata("run", "--config", strict.toString(), "--run-date", "2026-03-02", "--to", "process")).isNotZero();
    assertThat(cli.err()).contains("entities.orders: the raw data has new column(s) channel. Fix: declare them under "
        + "entities.orders.columns, or set entities.orders.drift.new-columns = evolve or ignore");
    assertThat(TestingSpark.session().read().format("delta").load(lake().processed("orders").uri()).count()).isEqualTo(1);

    Path evolving = pipeline(source + entity.formatted(", drift { new-columns = evolve }"));
    assertThat(strata("run", "--config", evolving.toString(), "--run-date", "2026-03-02", "--to", "process")).as(cli.err()).isZero();
    assertThat(cli.out()).contains("new column 'channel' (string) added");
    assertThat(TestingSpark.session().read().format("delta").load(lake().processed("orders").uri()).orderBy("order_id").collectAsList())
        .extracting(row -> row.getAs("order_id"), row -> row.getAs("status"), row -> row.getAs("channel"))
        .containsExactly(tuple(1L, "new", null), tuple(2L, "new", "app"));
  }

  @Test
  void avroValuesAreDecodedWithTheSchemaFileAndOneThatDoesNotDecodeIsQuarantined() throws IOException {
    String topic = topic("avro_orders");
    kafka().createTopic(topic, 1);
    String avsc = "{\"type\": \"record\", \"name\": \"Order\", \"fields\": [{\"name\": \"order_id\", \"type\": \"long\"}, "
        + "{\"name\": \"customer\", \"type\": \"string\"}, {\"name\": \"amount\", \"type\": [\"null\", \"double\"]}]}";
    Files.createDirectories(dir.resolve("schemas"));
    Files.writeString(dir.resolve("schemas/order.avsc"), avsc);
    org.apache.avro.Schema schema = new org.apache.avro.Schema.Parser().parse(avsc);
    kafka().sendBytes(topic, List.of(avro(schema, 1L, "ada", 9.5), avro(schema, 2L, "bob", null),
        new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff}));
    Path config = pipeline("sources.avro_orders { type = kafka, bootstrap-servers = \"" + kafka().bootstrapServers() + "\", topics = ["
        + topic + "], value-format = avro, avro-schema-file = \"schemas/order.avsc\" }\n");

    assertThat(ingest(config, "2026-03-01")).as(cli.err()).isZero();

    assertThat(cli.out()).contains("source avro_orders: 2 rows written, 1 quarantined");
    assertThat(raw("avro_orders", "avro_orders", "true")).extracting(row -> row.getAs("order_id"), row -> row.getAs("customer"),
        row -> row.getAs("amount"), row -> row.getAs("_key")).containsExactly(tuple(1L, "ada", 9.5, "k0"), tuple(2L, "bob", null, "k1"));
    assertThat(TestingSpark.session().read().parquet(lake().quarantine(Layer.RAW, "avro_orders").uri()).collectAsList())
        .extracting(row -> row.getAs("_origin"), row -> row.getAs("_reason"))
        .containsExactly(tuple(topic + "-0@2", "the value does not decode with the Avro schema of sources.avro_orders"));
  }

  private static byte[] avro(org.apache.avro.Schema schema, long id, String customer, Double amount) throws IOException {
    org.apache.avro.generic.GenericRecord record = new org.apache.avro.generic.GenericData.Record(schema);
    record.put("order_id", id);
    record.put("customer", customer);
    record.put("amount", amount);
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    org.apache.avro.io.BinaryEncoder encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(bytes, null);
    new org.apache.avro.generic.GenericDatumWriter<org.apache.avro.generic.GenericRecord>(schema).write(record, encoder);
    encoder.flush();
    return bytes.toByteArray();
  }
}
