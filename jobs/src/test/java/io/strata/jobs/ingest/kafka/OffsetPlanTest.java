package io.strata.jobs.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.StrataException;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class OffsetPlanTest {
  private static final TopicPartition P0 = new TopicPartition("orders.eu", 0);
  private static final TopicPartition P1 = new TopicPartition("orders.eu", 1);

  private static OffsetPlan plan(Map<TopicPartition, Long> beginnings, Map<TopicPartition, Long> ends, Map<TopicPartition, Long> committed,
      Map<TopicPartition, Long> earlierRun, String onDataLoss) {
    return OffsetPlan.of("events", new OffsetPlan.Inputs(List.of(P0, P1), beginnings, ends, committed, Map.of(P0, 0L, P1, 0L), earlierRun),
        onDataLoss);
  }

  @Test
  void aRunReadsFromTheCommittedOffsetsAndAFirstReadPartitionFromStartingOffsets() {
    OffsetPlan plan = plan(Map.of(P0, 0L, P1, 0L), Map.of(P0, 10L, P1, 4L), Map.of(P0, 7L), Map.of(), "fail");

    assertThat(plan.ranges()).extracting(OffsetPlan.Range::partition, OffsetPlan.Range::start, OffsetPlan.Range::end, OffsetPlan.Range::first)
        .containsExactly(tuple(P0, 7L, 10L, false), tuple(P1, 0L, 4L, true));
    assertThat(plan.messages()).isEqualTo(7);
    assertThat(plan.nonEmpty()).hasSize(2);
  }

  @Test
  void aReRunStopsWhereTheEarlierRunOfItsDateStopped() {
    OffsetPlan plan = plan(Map.of(P0, 0L, P1, 0L), Map.of(P0, 20L, P1, 9L), Map.of(P0, 7L, P1, 2L), Map.of(P0, 10L, P1, 2L), "fail");

    assertThat(plan.ranges()).extracting(OffsetPlan.Range::start, OffsetPlan.Range::end).containsExactly(tuple(7L, 10L), tuple(2L, 2L));
    assertThat(plan.nonEmpty()).extracting(OffsetPlan.Range::partition).containsExactly(P0);
  }

  @Test
  void offsetsDeletedBeforeTheyWereReadFailOrAreSkippedAndCounted() {
    Throwable failure = catchThrowable(() -> plan(Map.of(P0, 5L, P1, 0L), Map.of(P0, 9L, P1, 0L), Map.of(P0, 2L, P1, 0L), Map.of(), "fail"));
    assertThat(failure).isInstanceOf(StrataException.class).hasMessageContaining(
        "source events: offsets 2 to 4 of orders.eu:0 were deleted by retention before Strata read them (the earliest offset left is 5)");

    OffsetPlan skipped = plan(Map.of(P0, 5L, P1, 0L), Map.of(P0, 9L, P1, 0L), Map.of(P0, 2L, P1, 0L), Map.of(), "skip");
    assertThat(skipped.ranges().get(0)).extracting(OffsetPlan.Range::start, OffsetPlan.Range::end, OffsetPlan.Range::skipped)
        .containsExactly(5L, 9L, 3L);
    assertThat(skipped.skipped()).isEqualTo(3);
  }

  @Test
  void aCommittedOffsetBeyondThePartitionsEndSaysHowToMoveIt() {
    Throwable failure = catchThrowable(() -> plan(Map.of(P0, 0L, P1, 0L), Map.of(P0, 3L, P1, 0L), Map.of(P0, 8L), Map.of(), "fail"));

    assertThat(failure).hasMessageContaining("the next offset to read of orders.eu:0 is 8, beyond the partition's end 3 (was the topic re-created?)")
        .hasMessageContaining("strata state set --source events --value orders.eu:0=3");
  }

  @Test
  void offsetsLiveInTheStateAsTopicColonPartitionAndAMistypedOneIsNamed() {
    assertThat(TopicPartitionOffsets.from("events", new SourceState(Map.of("orders.eu:0", "42", "orders.eu:1", "7", "watermark", "x"))))
        .containsExactly(Map.entry(P0, 42L), Map.entry(P1, 7L));
    assertThat(TopicPartitionOffsets.key(P1)).isEqualTo("orders.eu:1");
    assertThat(catchThrowable(() -> TopicPartitionOffsets.from("events", new SourceState(Map.of("orders.eu:0", "forty")))))
        .hasMessageContaining("the state of source events has orders.eu:0 = 'forty', not an offset");
  }
}
