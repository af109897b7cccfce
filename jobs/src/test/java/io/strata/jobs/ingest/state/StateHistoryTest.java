package io.strata.jobs.ingest.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.ingest.SourceState;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StateHistoryTest {
  private static SourceState watermark(String value) {
    return new SourceState(Map.of("watermark", value));
  }

  private static StateEntry run(long sequence, String date, SourceState before, SourceState after) {
    return new StateEntry(sequence, StateEntry.Kind.RUN, Optional.of(date), "r" + sequence, Instant.EPOCH, before, after);
  }

  private static StateEntry manual(long sequence, StateEntry.Kind kind, SourceState after) {
    return new StateEntry(sequence, kind, Optional.empty(), "manual", Instant.EPOCH, SourceState.empty(), after);
  }

  @Test
  void aFirstRunStartsEmpty() {
    StateHistory history = new StateHistory(List.of());

    assertThat(history.previousFor(LocalDate.of(2026, 3, 1))).isEqualTo(SourceState.empty());
    assertThat(history.nextSequence()).isEqualTo(1);
  }

  @Test
  void aNewRunDateContinuesFromTheLatestState() {
    StateHistory history = new StateHistory(List.of(
        run(2, "2026-03-02", watermark("a"), watermark("b")),
        run(1, "2026-03-01", SourceState.empty(), watermark("a"))));

    assertThat(history.previousFor(LocalDate.of(2026, 3, 3))).isEqualTo(watermark("b"));
    assertThat(history.latest()).isEqualTo(watermark("b"));
    assertThat(history.nextSequence()).isEqualTo(3);
  }

  @Test
  void aRerunOfADateReadsTheSameRangeAgainEvenAfterLaterDates() {
    StateHistory history = new StateHistory(List.of(
        run(1, "2026-03-01", SourceState.empty(), watermark("a")),
        run(2, "2026-03-02", watermark("a"), watermark("b"))));

    assertThat(history.previousFor(LocalDate.of(2026, 3, 2))).isEqualTo(watermark("a"));
    assertThat(history.previousFor(LocalDate.of(2026, 3, 1))).isEqualTo(SourceState.empty());
  }

  @Test
  void aManualSetOrResetWinsOverRerunning() {
    StateHistory set = new StateHistory(List.of(
        run(1, "2026-03-01", SourceState.empty(), watermark("a")),
        manual(2, StateEntry.Kind.SET, watermark("z"))));
    StateHistory reset = new StateHistory(List.of(
        run(1, "2026-03-01", watermark("x"), watermark("a")),
        manual(2, StateEntry.Kind.RESET, SourceState.empty())));

    assertThat(set.previousFor(LocalDate.of(2026, 3, 1))).isEqualTo(watermark("z"));
    assertThat(reset.previousFor(LocalDate.of(2026, 3, 1))).isEqualTo(SourceState.empty());
  }
}
