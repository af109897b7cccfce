package io.strata.jobs.ingest.kafka;

import static org.apache.spark.sql.functions.lit;

import io.strata.jobs.ingest.IngestRequest;
import io.strata.jobs.ingest.SourceRead;
import io.strata.jobs.ingest.SourceReader;
import io.strata.jobs.ingest.SourceState;
import io.strata.layout.StrataException;
import io.strata.layout.config.KafkaSourceConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.types.DataTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a Kafka source as one bounded batch per run: from the offsets the state holds (a
 * partition read for the first time starts at {@code starting-offsets}) to the end each partition
 * had when the run started; a re-run of a date reads up to where that date's earlier run stopped.
 * The new offsets are returned as state, one key per partition ({@code topic:partition}), which
 * the ingest stage commits only after the raw batch is written: a failed run reads the same
 * messages again, and no message is read into two run dates.
 */
public final class KafkaSourceReader implements SourceReader<KafkaSourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceReader.class);

  @Override
  public SourceRead read(IngestRequest<KafkaSourceConfig> request) {
    KafkaSourceConfig source = request.source();
    OffsetPlan plan;
    try (KafkaPartitionLookup lookup = new KafkaPartitionLookup(source)) {
      List<TopicPartition> partitions = lookup.partitions();
      Map<TopicPartition, Long> ends = lookup.ends(partitions);
      Map<TopicPartition, Long> committed = TopicPartitionOffsets.from(source.name(), request.previous());
      List<TopicPartition> unread = partitions.stream().filter(partition -> !committed.containsKey(partition)).toList();
      Map<TopicPartition, Long> beginnings = lookup.beginnings(partitions);
      Map<TopicPartition, Long> startsOfNew = switch (source.startingOffsets()) {
        case "earliest" -> beginnings;
        case "latest" -> ends;
        default -> unread.isEmpty() ? Map.of() : lookup.offsetsAt(unread, source.startingInstant().orElseThrow());
      };
      Map<TopicPartition, Long> endsOfEarlierRun = request.committedByEarlierRun()
          .map(state -> TopicPartitionOffsets.from(source.name(), state)).orElse(Map.of());
      plan = OffsetPlan.of(source.name(), new OffsetPlan.Inputs(partitions, beginnings, ends, committed, startsOfNew, endsOfEarlierRun),
          source.onDataLoss());
    }
    // A re-run of an older date must not move the source back: later dates already read past its end.
    Map<TopicPartition, Long> latest = TopicPartitionOffsets.from(source.name(), request.latest());
    SourceState next = request.latest();
    for (OffsetPlan.Range range : plan.ranges()) {
      long end = Math.max(range.end(), latest.getOrDefault(range.partition(), range.end()));
      next = next.with(TopicPartitionOffsets.key(range.partition()), String.valueOf(end));
    }
    Map<String, Long> metrics = new TreeMap<>();
    metrics.put("partitions", (long) plan.ranges().size());
    metrics.put("messages", plan.messages());
    metrics.put("skipped_offsets", plan.skipped());
    if (plan.skipped() > 0) {
      LOG.warn("Kafka source '{}': {} offsets were deleted by retention before they were read (on-data-loss = skip)", source.name(), plan.skipped());
    }
    LOG.info("Kafka source '{}': {}", source.name(), describe(plan));
    List<OffsetPlan.Range> toRead = plan.nonEmpty();
    if (toRead.isEmpty()) {
      return new SourceRead(request.spark().emptyDataFrame().withColumn(SourceRead.ORIGIN, lit("").cast(DataTypes.StringType)),
          Optional.empty(), next, metrics);
    }
    try {
      KafkaValues.Separated separated = KafkaValues.separate(request.spark(), source, KafkaMessages.read(request.spark(), source, toRead));
      return new SourceRead(separated.records(), separated.quarantined(), next, metrics, Optional.of(separated.rejected()));
    } catch (RuntimeException e) {
      throw explainLateFailure(source, e).orElseThrow(() -> e);
    }
  }

  @Override
  public Optional<StrataException> explainLateFailure(KafkaSourceConfig source, Exception failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof KafkaException) {
        return Optional.of(new StrataException("source " + source.name() + ": Kafka failed while the batch was read: "
            + KafkaPartitionLookup.rootMessage(cause) + ". Nothing was committed; the next run reads the same offsets. Fix: check sources."
            + source.name() + ".bootstrap-servers and security, and that the brokers are up", failure));
      }
    }
    return Optional.empty();
  }

  private static String describe(OffsetPlan plan) {
    Map<String, String> ranges = new HashMap<>();
    plan.ranges().forEach(range -> ranges.put(TopicPartitionOffsets.key(range.partition()), range.start() + ".." + range.end()));
    return new TreeMap<>(ranges).toString();
  }
}
