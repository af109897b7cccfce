package io.strata.jobs.ingest.kafka;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Asks the brokers, from the driver, which partitions a source's topics have and where each
 * begins and ends. Nothing is consumed and no consumer group is joined; failures a user can fix
 * (unreachable brokers, rejected credentials, a missing topic) are explained with the setting to check.
 */
public final class KafkaPartitionLookup implements AutoCloseable {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private final KafkaSourceConfig source;
  private final KafkaConsumer<byte[], byte[]> consumer;
  private final Duration timeout;

  public KafkaPartitionLookup(KafkaSourceConfig source) {
    this.source = requireNonNull(source, "source is null");
    Map<String, String> settings = KafkaClientSettings.consumer(source);
    this.timeout = java.util.Optional.ofNullable(settings.get("default.api.timeout.ms"))
        .map(value -> Duration.ofMillis(Long.parseLong(value.trim()))).orElse(DEFAULT_TIMEOUT);
    Properties properties = new Properties();
    properties.putAll(settings);
    properties.put("client.id", "strata-" + source.name());
    properties.put("enable.auto.commit", "false");
    properties.putIfAbsent("default.api.timeout.ms", String.valueOf(timeout.toMillis()));
    try {
      this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    } catch (KafkaException e) {
      throw new StrataException("source " + source.name() + ": cannot set up a Kafka client: " + rootMessage(e)
          + ". Fix: check sources." + source.name() + ".bootstrap-servers, security and options", e);
    }
  }

  /** The partitions of the configured topics (or of the topics matching the pattern now), in order. */
  public List<TopicPartition> partitions() {
    Map<String, List<PartitionInfo>> topics = call("list the topics", () -> consumer.listTopics(timeout));
    List<String> wanted;
    if (source.topicPattern().isPresent()) {
      Pattern pattern = Pattern.compile(source.topicPattern().get());
      wanted = new ArrayList<>(new TreeSet<>(topics.keySet().stream().filter(topic -> pattern.matcher(topic).matches()).toList()));
      if (wanted.isEmpty()) {
        throw new StrataException("source " + source.name() + ": no topic matches topic-pattern '" + source.topicPattern().get()
            + "' on " + source.bootstrapServers() + ". Fix: check sources." + source.name() + ".topic-pattern; topics there: "
            + visible(topics.keySet()));
      }
    } else {
      List<String> missing = source.topics().stream().filter(topic -> !topics.containsKey(topic)).toList();
      if (!missing.isEmpty()) {
        throw new StrataException("source " + source.name() + ": topic(s) " + String.join(", ", missing) + " do not exist on "
            + source.bootstrapServers() + " (or this user may not describe them). Fix: check sources." + source.name()
            + ".topics; topics there: " + visible(topics.keySet()));
      }
      wanted = source.topics();
    }
    List<TopicPartition> partitions = new ArrayList<>();
    for (String topic : wanted) {
      topics.get(topic).stream().map(info -> new TopicPartition(topic, info.partition()))
          .sorted(Comparator.comparingInt(TopicPartition::partition)).forEach(partitions::add);
    }
    return partitions;
  }

  public Map<TopicPartition, Long> beginnings(Collection<TopicPartition> partitions) {
    return call("read the partitions' first offsets", () -> consumer.beginningOffsets(partitions, timeout));
  }

  public Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions) {
    return call("read the partitions' end offsets", () -> consumer.endOffsets(partitions, timeout));
  }

  /** The first offset at or after {@code instant} in each partition; the end where there is none yet. */
  public Map<TopicPartition, Long> offsetsAt(Collection<TopicPartition> partitions, Instant instant) {
    Map<TopicPartition, Long> query = new HashMap<>();
    partitions.forEach(partition -> query.put(partition, instant.toEpochMilli()));
    Map<TopicPartition, OffsetAndTimestamp> found = call("find the offsets at starting-offsets", () -> consumer.offsetsForTimes(query, timeout));
    Map<TopicPartition, Long> ends = ends(partitions);
    Map<TopicPartition, Long> offsets = new HashMap<>();
    for (TopicPartition partition : partitions) {
      OffsetAndTimestamp at = found.get(partition);
      offsets.put(partition, at == null ? ends.get(partition) : at.offset());
    }
    return offsets;
  }

  private <T> T call(String what, java.util.function.Supplier<T> call) {
    try {
      return call.get();
    } catch (TimeoutException e) {
      throw new StrataException("source " + source.name() + ": cannot " + what + " on Kafka at " + source.bootstrapServers() + " within "
          + timeout.toSeconds() + " s: " + rootMessage(e) + ". Fix: check sources." + source.name()
          + ".bootstrap-servers and that the brokers are reachable from here (security.protocol is " + source.security().protocol() + ")", e);
    } catch (AuthenticationException e) {
      throw new StrataException("source " + source.name() + ": Kafka at " + source.bootstrapServers() + " rejected the credentials"
          + source.security().username().map(user -> " of user '" + user + "'").orElse("") + ": " + rootMessage(e)
          + ". Fix: check sources." + source.name() + ".security (protocol, mechanism, username and the password "
          + source.security().password().map(secret -> secret.reference()).orElse("reference") + ")", e);
    } catch (AuthorizationException e) {
      throw new StrataException("source " + source.name() + ": Kafka refused to " + what + ": " + rootMessage(e)
          + ". Fix: grant this user Describe and Read on the topics", e);
    } catch (KafkaException e) {
      throw new StrataException("source " + source.name() + ": cannot " + what + " on Kafka at " + source.bootstrapServers() + ": "
          + rootMessage(e), e);
    }
  }

  private static String visible(Collection<String> topics) {
    List<String> names = topics.stream().filter(topic -> !topic.startsWith("__")).sorted().toList();
    if (names.isEmpty()) {
      return "(none)";
    }
    return names.size() <= 20 ? String.join(", ", names) : String.join(", ", names.subList(0, 20)) + ", ... (" + names.size() + ")";
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return java.util.Optional.ofNullable(root.getMessage()).orElse(root.getClass().getSimpleName());
  }

  @Override
  public void close() {
    consumer.close(Duration.ofSeconds(5));
  }
}
