package io.strata.jobs.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A real Kafka broker (Apache Kafka's own, KRaft, no ZooKeeper), one per test JVM, in a child JVM
 * on the classpath the {@code kafka-broker} module resolved, listening on loopback in plain text
 * and with SASL/PLAIN (user {@value #SASL_USER}, password {@link #SASL_PASSWORD}).
 */
public final class TestingKafka {
  public static final String SASL_USER = "strata";
  public static final String SASL_PASSWORD = "kafka-pw-" + Uuid.randomUuid();
  private static TestingKafka shared;

  private final Process process;
  private final Path logFile;
  private final int plainPort;
  private final int saslPort;

  private TestingKafka() throws IOException, InterruptedException {
    Path classpathFile = ScriptRun.projectDir().resolve("kafka-broker/target/kafka-classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException("missing " + classpathFile + ": build the kafka-broker module first (mvn -pl jobs -am ...)");
    }
    String classpath = Files.readString(classpathFile).trim();
    Path directory = Files.createTempDirectory("strata-kafka-");
    plainPort = freePort();
    saslPort = freePort();
    int controllerPort = freePort();
    Path properties = directory.resolve("server.properties");
    Files.writeString(properties, String.join("\n",
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=PLAINTEXT://127.0.0.1:" + plainPort + ",SASL_PLAINTEXT://127.0.0.1:" + saslPort,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "sasl.enabled.mechanisms=PLAIN",
        "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            + "user_" + SASL_USER + "=\"" + SASL_PASSWORD + "\";",
        "log.dirs=" + directory.resolve("data"),
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0",
        "") + "\n");
    logFile = directory.resolve("broker.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> jvm = List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", classpath);
    List<String> format = new ArrayList<>(jvm);
    format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
    Process formatting = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
      formatting.destroyForcibly();
      throw new IllegalStateException("cannot format the Kafka storage:\n" + Files.readString(logFile));
    }
    List<String> start = new ArrayList<>(jvm);
    start.addAll(List.of("kafka.Kafka", properties.toString()));
    process = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kafka-stop"));
    awaitReady();
  }

  public static synchronized TestingKafka shared() {
    if (shared == null) {
      try {
        shared = new TestingKafka();
      } catch (IOException e) {
        throw new IllegalStateException("cannot start the Kafka broker", e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting the Kafka broker", e);
      }
    }
    return shared;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + plainPort;
  }

  /** The SASL_PLAINTEXT listener (mechanism PLAIN). */
  public String saslBootstrapServers() {
    return "127.0.0.1:" + saslPort;
  }

  public void createTopic(String topic, int partitions) {
    try (Admin admin = admin()) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot create topic " + topic, e);
    }
  }

  /** One message to a given partition; {@code value} may be null (a tombstone). */
  public record Message(int partition, String key, String value, Map<String, String> headers) {
    public static Message of(int partition, String key, String value) {
      return new Message(partition, key, value, Map.of());
    }
  }

  /** Sends the messages in order and waits until every one is acknowledged. */
  public void send(String topic, List<Message> messages) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("acks", "all");
    properties.put("linger.ms", "0");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (Message message : messages) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, message.partition(), message.key(), message.value());
        message.headers().forEach((key, value) -> record.headers().add(new RecordHeader(key, value.getBytes(StandardCharsets.UTF_8))));
        sent.add(producer.send(record));
      }
      for (java.util.concurrent.Future<?> future : sent) {
        future.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to topic " + topic, e);
    }
  }

  /** Values as bytes (e.g. Avro), keys as text, to partition 0; waits until every one is acknowledged. */
  public void sendBytes(String topic, List<byte[]> values) {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("acks", "all");
    try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(properties, new StringSerializer(),
        new org.apache.kafka.common.serialization.ByteArraySerializer())) {
      List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        sent.add(producer.send(new ProducerRecord<>(topic, 0, "k" + i, values.get(i))));
      }
      for (java.util.concurrent.Future<?> future : sent) {
        future.get(30, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot send to topic " + topic, e);
    }
  }

  /** Deletes a partition's messages before {@code offset}, as retention would. */
  public void deleteBefore(String topic, int partition, long offset) {
    try (Admin admin = admin()) {
      admin.deleteRecords(Map.of(new TopicPartition(topic, partition), RecordsToDelete.beforeOffset(offset))).all().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("cannot delete records of " + topic, e);
    }
  }

  private Admin admin() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("default.api.timeout.ms", "30000");
    return Admin.create(properties);
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ":\n" + tail());
      }
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not start within 90 s:\n" + tail());
      }
      Thread.sleep(500);
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(logFile);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
