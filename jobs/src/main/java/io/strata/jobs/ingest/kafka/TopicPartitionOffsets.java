package io.strata.jobs.ingest.kafka;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.StrataException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * How a Kafka source's offsets live in its state: one key per partition, {@code <topic>:<partition>},
 * whose value is the next offset to read. {@code strata state set --value orders:0=42} moves one.
 */
public final class TopicPartitionOffsets {
  private TopicPartitionOffsets() {}

  public static String key(TopicPartition partition) {
    return partition.topic() + ":" + partition.partition();
  }

  /**
   * The offsets a state holds. A key of the form {@code topic:partition} whose value is not a
   * number (e.g. a mistyped {@code strata state set}) fails, naming the key.
   */
  public static Map<TopicPartition, Long> from(String source, SourceState state) {
    Map<TopicPartition, Long> offsets = new TreeMap<>(java.util.Comparator.comparing(TopicPartition::topic)
        .thenComparingInt(TopicPartition::partition));
    state.values().forEach((key, value) -> parse(source, key, value).ifPresent(offset -> offsets.put(offset.getKey(), offset.getValue())));
    return offsets;
  }

  private static Optional<Map.Entry<TopicPartition, Long>> parse(String source, String key, String value) {
    int colon = key.lastIndexOf(':');
    if (colon <= 0 || !key.substring(colon + 1).matches("\\d{1,9}")) {
      return Optional.empty();
    }
    TopicPartition partition = new TopicPartition(key.substring(0, colon), Integer.parseInt(key.substring(colon + 1)));
    try {
      long offset = Long.parseLong(value.trim());
      if (offset < 0) {
        throw new NumberFormatException("negative");
      }
      return Optional.of(Map.entry(partition, offset));
    } catch (NumberFormatException e) {
      throw new StrataException("the state of source " + source + " has " + key + " = '" + value + "', not an offset. Fix: strata state set --source "
          + source + " --value " + key + "=<next offset to read>, or strata state reset --source " + source);
    }
  }
}
