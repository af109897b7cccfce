package io.strata.jobs.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalLockStoreTest {
  @TempDir
  Path dir;

  @Test
  void deletingALockFileAlsoRemovesTheTemporaryADeadHeartbeatLeftBesideIt() throws Exception {
    LocalLockStore store = new LocalLockStore(Optional.empty());
    Path folder = dir.resolve("_locks/shop/ingest/customers_db");
    String lock = folder.resolve("0000000001.json").toUri().toString();
    assertThat(store.createExclusive(lock, "{}".getBytes(StandardCharsets.UTF_8))).isTrue();
    // What a holder killed between writing its heartbeat's temporary and moving it into place leaves behind.
    Files.writeString(folder.resolve(".0000000001.json.5f0c2a52-3c8e-4a3e-9d55-0c6f1a2b3c4d.tmp"), "{}");
    Files.writeString(folder.resolve(".0000000002.json.0b7e1c2d-3c8e-4a3e-9d55-0c6f1a2b3c4d.tmp"), "{}");
    assertThat(store.list(folder.toUri().toString())).containsExactly("0000000001.json");

    store.delete(lock);

    try (Stream<Path> left = Files.list(folder)) {
      assertThat(left.map(file -> file.getFileName().toString()))
          .as("another lock file's temporary is not this one's to delete")
          .containsExactly(".0000000002.json.0b7e1c2d-3c8e-4a3e-9d55-0c6f1a2b3c4d.tmp");
    }
    store.delete(dir.resolve("_locks/gone/0000000001.json").toUri().toString()); // a folder that does not exist: nothing to do
  }
}
