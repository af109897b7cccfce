package io.strata.jobs.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KillPointTest {
  @Test
  void unsetNamesNoPoint() {
    assertThat(KillPoint.Target.parse("")).isEmpty();
    assertThat(KillPoint.Target.parse("  ")).isEmpty();
    // the test JVM has no STRATA_KILL_AT: reaching a point does nothing
    KillPoint.reached("export.before-publish");
    assertThat(KillPoint.armed("")).isFalse();
  }

  @Test
  void aNameFiresTheFirstTimeItsPointIsReachedAndOnlyThen() {
    KillPoint.Target target = KillPoint.Target.parse("Export.Before-Publish").orElseThrow();
    assertThat(target.reached("export.after-publish")).isFalse();
    assertThat(target.reached("export.before-publish")).isTrue();
    assertThat(target.reached("export.before-publish")).isFalse();
  }

  @Test
  void nameHashNFiresTheNthTime() {
    KillPoint.Target target = KillPoint.Target.parse("ingest.before-ledger#3").orElseThrow();
    assertThat(IntStream.range(0, 4).mapToObj(i -> target.reached("ingest.before-ledger"))).containsExactly(false, false, true, false);
    assertThat(target).hasToString("ingest.before-ledger#3");
  }

  @Test
  void aBadCountIsRefusedWithTheSettingNamed() {
    assertThatThrownBy(() -> KillPoint.Target.parse("after-ingest#x")).hasMessage(
        "STRATA_KILL_AT: 'after-ingest#x' is not name or name#N (N a positive number)");
    assertThatThrownBy(() -> KillPoint.Target.parse("after-ingest#0")).hasMessage(
        "STRATA_KILL_AT: 'after-ingest#0' is not name or name#N (N a positive number)");
  }
}
