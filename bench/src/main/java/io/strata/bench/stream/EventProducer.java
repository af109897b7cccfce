package io.strata.bench.stream;

import java.util.Locale;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces the benchmark's click-stream events: JSON objects of 10 fields, {@code event_id} unique
 * and {@code produced_at} the epoch milliseconds when the event was handed to the producer.
 */
final class EventProducer {
  private static final String[] PAGES = {"/", "/search", "/product", "/cart", "/checkout", "/account"};
  private static final String[] ACTIONS = {"view", "click", "add", "remove", "buy"};
  private static final String[] COUNTRIES = {"DE", "FR", "GB", "US", "PL", "ES", "IT", "NL"};
  private static final String[] AGENTS = {"Mozilla/5.0 (X11; Linux x86_64)", "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5)",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X)"};

  private final String bootstrapServers;
  private final SplittableRandom random = new SplittableRandom(42);
  private long nextId = 1;

  EventProducer(String bootstrapServers) {
    this.bootstrapServers = bootstrapServers;
  }

  /** Sends {@code count} events as fast as the broker takes them; returns the seconds it took. */
  double asFastAsPossible(String topic, long count) throws InterruptedException {
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = producer()) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      for (long i = 0; i < count; i++) {
        send(producer, topic, failure);
      }
      producer.flush();
      rethrow(failure);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Sends {@code count} events at {@code perSecond}, paced in 10 ms slices, each stamped when sent. */
  void atRate(String topic, long count, int perSecond) throws InterruptedException {
    long start = System.nanoTime();
    try (KafkaProducer<String, String> producer = producer()) {
      AtomicReference<Exception> failure = new AtomicReference<>();
      long sent = 0;
      while (sent < count) {
        long due = Math.min(count, (long) ((System.nanoTime() - start) / 1e9 * perSecond) + 1);
        while (sent < due) {
          send(producer, topic, failure);
          sent++;
        }
        TimeUnit.MILLISECONDS.sleep(10);
      }
      producer.flush();
      rethrow(failure);
    }
  }

  private void send(KafkaProducer<String, String> producer, String topic, AtomicReference<Exception> failure) {
    long id = nextId++;
    String value = String.format(Locale.ROOT, "{\"event_id\":%d,\"customer_id\":%d,\"product_id\":\"P%06d\",\"page\":\"%s\","
            + "\"action\":\"%s\",\"amount\":%d.%02d,\"currency\":\"EUR\",\"country\":\"%s\",\"user_agent\":\"%s\",\"produced_at\":%d}",
        id, random.nextInt(1, 200_000), random.nextInt(1, 50_000), PAGES[random.nextInt(PAGES.length)], ACTIONS[random.nextInt(ACTIONS.length)],
        random.nextInt(1, 500), random.nextInt(100), COUNTRIES[random.nextInt(COUNTRIES.length)], AGENTS[random.nextInt(AGENTS.length)],
        System.currentTimeMillis());
    producer.send(new ProducerRecord<>(topic, Long.toString(id), value), (metadata, error) -> {
      if (error != null) {
        failure.compareAndSet(null, error);
      }
    });
  }

  private KafkaProducer<String, String> producer() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers);
    properties.put("acks", "1");
    properties.put("linger.ms", "5");
    properties.put("batch.size", String.valueOf(256 * 1024));
    properties.put("compression.type", "lz4");
    return new KafkaProducer<>(properties, new StringSerializer(), new StringSerializer());
  }

  private static void rethrow(AtomicReference<Exception> failure) {
    if (failure.get() != null) {
      throw new IllegalStateException("the broker refused an event: " + failure.get().getMessage(), failure.get());
    }
  }
}
