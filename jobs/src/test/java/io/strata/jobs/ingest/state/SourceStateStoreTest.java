package io.strata.jobs.ingest.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.LakeLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceStateStoreTest {
  @TempDir Path dir;

  @Test
  void theLatestStateAndTheNextCommitReadOnlyTheNewestFileNotTheWholeHistory() throws IOException {
    LakeLayout layout = new LakeLayout(dir.resolve("lake").toUri());
    SourceStateStore store = SourceStateStore.forEntities(layout, new Configuration());
    assertThat(store.latest("orders")).isEqualTo(SourceState.empty());
    SourceState previous = SourceState.empty();
    for (int day = 1; day <= 3; day++) {
      SourceState next = previous.with("batch:b" + day, "2026-03-0" + day);
      store.commitRun("orders", LocalDate.of(2026, 3, day), "run-" + day, previous, next);
      previous = next;
    }
    assertThat(store.latest("orders")).isEqualTo(previous);
    assertThat(store.history("orders").entries()).hasSize(3);

    // An old entry nobody reads any more can be anything: latest and append never open it.
    Path state = Path.of(java.net.URI.create(layout.entityState("orders").uri()));
    Files.writeString(state.resolve("000001.json"), "not json");
    assertThat(store.latest("orders")).isEqualTo(previous);
    StateEntry fourth = store.commitRun("orders", LocalDate.of(2026, 3, 4), "run-4", previous, previous.with("batch:b4", "2026-03-04"));
    assertThat(fourth.sequence()).isEqualTo(4);
    assertThat(store.latest("orders").values()).containsAllEntriesOf(Map.of("batch:b1", "2026-03-01", "batch:b4", "2026-03-04"));
  }

  @Test
  void anEntityKeepsOnlyItsNewestStateFiles() throws IOException {
    LakeLayout layout = new LakeLayout(dir.resolve("lake").toUri());
    SourceStateStore store = SourceStateStore.forEntities(layout, new Configuration(), 3);
    SourceState previous = SourceState.empty();
    for (int batch = 1; batch <= 7; batch++) {
      SourceState next = previous.with("batch:b" + batch, "2026-03-01");
      store.commitRun("live", LocalDate.of(2026, 3, 1), "micro-batch-" + batch, previous, next);
      previous = next;
    }

    Path state = Path.of(java.net.URI.create(layout.entityState("live").uri()));
    try (var files = Files.list(state)) {
      assertThat(files.map(file -> file.getFileName().toString()).filter(name -> name.endsWith(".json")).sorted())
          .containsExactly("000005.json", "000006.json", "000007.json");
    }
    assertThat(store.latest("live")).isEqualTo(previous);
    assertThat(store.latest("live").values()).hasSize(7);
    assertThat(store.commitRun("live", LocalDate.of(2026, 3, 1), "micro-batch-8", previous, previous.with("batch:b8", "x")).sequence())
        .isEqualTo(8);
  }
}
