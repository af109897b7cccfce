package io.strata.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.LakeLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger of processed raw batches: which batches are new, and a ledger that keeps only batches raw still holds. */
class RawBatchesTest {
  private static final LocalDate RUN_DATE = LocalDate.of(2026, 3, 2);

  @TempDir Path raw;

  private void batch(String date, String id, boolean complete) throws IOException {
    Path dir = Files.createDirectories(raw.resolve("ingest_date=" + date).resolve("batch_id=" + id));
    Files.writeString(dir.resolve("part-0.parquet"), "x");
    if (complete) {
      Files.writeString(dir.resolve("_SUCCESS"), "");
    }
  }

  private static LakeLocation location(Path dir) {
    return new LakeLocation("file://" + dir.toAbsolutePath());
  }

  private RawBatches.Scan scan(SourceState ledger) {
    return RawBatches.scan(location(raw), RUN_DATE, ledger, new Configuration());
  }

  @Test
  void findsCompleteBatchesUpToTheRunDateThatTheLedgerDoesNotHold() throws IOException {
    batch("2026-03-01", "a", true);
    batch("2026-03-02", "b", true);
    batch("2026-03-02", "c", false);
    batch("2026-03-03", "d", true);

    RawBatches.Scan scan = scan(new SourceState(Map.of("batch:a", "2026-03-01,2026-03-01")));

    assertThat(scan.unprocessed()).extracting(RawBatch::batchId).containsExactly("b");
    assertThat(scan.present()).containsExactlyInAnyOrder("a", "b", "c", "d");
  }

  @Test
  void theLedgerForgetsBatchesThatAreGoneFromRawAndKeepsEverythingElse() throws IOException {
    batch("2026-03-01", "a", true);
    batch("2026-03-02", "b", true);
    batch("2026-03-03", "later", true);
    SourceState ledger = new SourceState(Map.of("batch:a", "2026-03-01,2026-03-01", "batch:removed-by-retention", "2026-01-01,2026-01-01",
        "batch:later", "2026-03-03,2026-03-03", "snapshot:keys", "kept"));
    RawBatches.Scan scan = scan(ledger);

    SourceState next = RawBatches.record(ledger, scan.unprocessed(), RUN_DATE, scan.present());

    assertThat(next.values()).containsOnlyKeys("batch:a", "batch:b", "batch:later", "snapshot:keys");
    assertThat(next.get("batch:b")).contains("2026-03-02,2026-03-02");
    assertThat(scan(next).unprocessed()).isEmpty();
  }

  @Test
  void noRawDirectoryMeansNothingToProcess() {
    RawBatches.Scan scan = RawBatches.scan(location(raw.resolve("missing")), RUN_DATE, SourceState.empty(),
        new Configuration());

    assertThat(scan.unprocessed()).isEmpty();
    assertThat(List.copyOf(scan.present())).isEmpty();
  }
}
