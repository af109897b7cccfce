package io.strata.jobs.ingest.kafka;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The offset range of each partition a run reads, decided before anything is read, so the batch
 * is bounded and a re-run can read the very same range again.
 *
 * @param ranges every partition of the source's topics, including those with nothing to read
 */
record OffsetPlan(List<Range> ranges) {
  OffsetPlan {
    ranges = List.copyOf(requireNonNull(ranges, "ranges is null"));
  }

  /**
   * One partition's range {@code [start, end)}.
   *
   * @param skipped offsets retention deleted before they were read (with {@code on-data-loss = skip})
   * @param first whether no run had read this partition before (it started at {@code starting-offsets})
   */
  record Range(TopicPartition partition, long start, long end, long skipped, boolean first) {
    long messages() {
      return end - start;
    }
  }

  /** What the partitions look like when the run starts, and where the source left off. */
  record Inputs(
      Collection<TopicPartition> partitions,
      Map<TopicPartition, Long> beginnings,
      Map<TopicPartition, Long> ends,
      Map<TopicPartition, Long> committed,
      Map<TopicPartition, Long> startsOfNewPartitions,
      Map<TopicPartition, Long> endsOfEarlierRun) {}

  /**
   * @param source the source's name, for messages
   * @param onDataLoss {@code fail} or {@code skip}
   */
  static OffsetPlan of(String source, Inputs inputs, String onDataLoss) {
    List<Range> ranges = new ArrayList<>();
    for (TopicPartition partition : inputs.partitions()) {
      long beginning = inputs.beginnings().get(partition);
      long end = inputs.ends().get(partition);
      Long committed = inputs.committed().get(partition);
      long start = committed != null ? committed : inputs.startsOfNewPartitions().get(partition);
      String name = TopicPartitionOffsets.key(partition);
      if (start > end) {
        throw new StrataException(String.format("source %s: the next offset to read of %s is %,d, beyond the partition's end %,d "
            + "(was the topic re-created?). Fix: strata state set --source %s --value %s=%d, or strata state reset --source %s "
            + "to start again from starting-offsets", source, name, start, end, source, name, end, source));
      }
      long skipped = 0;
      if (start < beginning) {
        if (!onDataLoss.equals("skip")) {
          throw new StrataException(String.format("source %s: offsets %,d to %,d of %s were deleted by retention before Strata read them "
              + "(the earliest offset left is %,d). Fix: set sources.%s.on-data-loss = skip to go on from there, "
              + "or strata state set --source %s --value %s=%d", source, start, beginning - 1, name, beginning, source, source, name, beginning));
        }
        skipped = beginning - start;
        start = beginning;
      }
      // A re-run of a run date reads up to where that date's earlier run stopped, not to today's end.
      long stop = Math.max(start, Math.min(end, inputs.endsOfEarlierRun().getOrDefault(partition, end)));
      ranges.add(new Range(partition, start, stop, skipped, committed == null));
    }
    return new OffsetPlan(ranges);
  }

  long messages() {
    return ranges.stream().mapToLong(Range::messages).sum();
  }

  long skipped() {
    return ranges.stream().mapToLong(Range::skipped).sum();
  }

  List<Range> nonEmpty() {
    return ranges.stream().filter(range -> range.messages() > 0).toList();
  }
}
