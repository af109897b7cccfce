package io.strata.jobs.stream;

import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.kafka.KafkaMessages;
import io.strata.jobs.ingest.kafka.KafkaPartitionLookup;
import io.strata.jobs.ingest.kafka.TopicPartitionOffsets;
import io.strata.layout.config.KafkaSourceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a stream without a checkpoint starts: every partition at the offset the source's state
 * holds (so a source that batch runs read so far continues where they stopped), and a partition
 * never read at {@code starting-offsets}. Spark needs every partition named once offsets are given.
 * With a checkpoint, Spark resumes from it and ignores this.
 */
final class StreamStart {
  private StreamStart() {}

  static String startingOffsets(KafkaSourceConfig source, SourceState state) {
    Map<TopicPartition, Long> committed = TopicPartitionOffsets.from(source.name(), state);
    try (KafkaPartitionLookup lookup = new KafkaPartitionLookup(source)) {
      List<TopicPartition> partitions = lookup.partitions();
      List<TopicPartition> unread = partitions.stream().filter(partition -> !committed.containsKey(partition)).toList();
      Map<TopicPartition, Long> starts = new HashMap<>();
      if (!unread.isEmpty()) {
        starts.putAll(switch (source.startingOffsets()) {
          case "earliest" -> lookup.beginnings(unread);
          case "latest" -> lookup.ends(unread);
          default -> lookup.offsetsAt(unread, source.startingInstant().orElseThrow());
        });
      }
      partitions.stream().filter(committed::containsKey).forEach(partition -> starts.put(partition, committed.get(partition)));
      return KafkaMessages.offsetsJson(starts);
    }
  }
}
