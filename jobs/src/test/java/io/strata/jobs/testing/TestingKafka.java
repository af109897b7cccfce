package io.strata.jobs.testing;

import io.strata.kafkabroker.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * A real Kafka broker ({@link KafkaBroker}: Apache Kafka's own, KRaft, in a child JVM), one per
 * test JVM, listening on loopback in plain text, with SASL and with SASL over TLS (PLAIN and
 * SCRAM-SHA-256; user {@value #SASL_USER}, password {@link #SASL_PASSWORD}), with the topic and
 * producer helpers the tests use.
 */
public final class TestingKafka {
  public static final String SASL_USER = "strata";
  public static final String SASL_PASSWORD = "kafka-pw-" + Uuid.randomUuid();
  private static TestingKafka shared;

  private final KafkaBroker broker;

  private TestingKafka() throws IOException, InterruptedException {
    broker = KafkaBroker.start(ScriptRun.projectDir(), Map.of(SASL_USER, SASL_PASSWORD), "384m");
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
    return broker.bootstrapServers();
  }

  /** The SASL_SSL listener (PLAIN or SCRAM-SHA-256), whose self-signed certificate only {@link #truststore()} trusts. */
  public String saslSslBootstrapServers() {
    return broker.saslSslBootstrapServers();
  }

  public java.nio.file.Path truststore() {
    return broker.truststore();
  }

  public String truststorePassword() {
    return broker.truststorePassword();
  }

  /** The SASL_PLAINTEXT listener (PLAIN or SCRAM-SHA-256). */
  public String saslBootstrapServers() {
    return broker.saslBootstrapServers();
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
    return broker.admin();
  }
}
