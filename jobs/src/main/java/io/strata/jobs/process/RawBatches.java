package io.strata.jobs.process;

import io.strata.jobs.ingest.SourceState;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Finds the raw batches an entity has not processed yet: complete ones (Spark's {@code _SUCCESS}
 * marker), ingested on or before the run date, not in the entity's ledger of processed batches
 * (kept in its state as {@code batch:<id>}).
 */
final class RawBatches {
  static final String LEDGER_PREFIX = "batch:";

  private RawBatches() {}

  static List<RawBatch> unprocessed(LakeLocation rawEntity, LocalDate runDate, SourceState ledger, Configuration conf) {
    return scan(rawEntity, runDate, ledger, conf).unprocessed();
  }

  /**
   * @param unprocessed the complete batches of ingest dates up to the run date that the ledger does not hold, oldest first
   * @param present the ids of every batch directory there is, of any ingest date
   */
  record Scan(List<RawBatch> unprocessed, Set<String> present) {}

  static Scan scan(LakeLocation rawEntity, LocalDate runDate, SourceState ledger, Configuration conf) {
    Path root = new Path(rawEntity.uri());
    List<RawBatch> batches = new ArrayList<>();
    Set<String> present = new HashSet<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return new Scan(batches, present);
      }
      for (FileStatus date : fs.listStatus(root, path -> path.getName().startsWith(LakeLayout.INGEST_DATE_COLUMN + "="))) {
        LocalDate ingestDate = LocalDate.parse(date.getPath().getName().substring(LakeLayout.INGEST_DATE_COLUMN.length() + 1));
        for (FileStatus batch : fs.listStatus(date.getPath(), path -> path.getName().startsWith(LakeLayout.BATCH_ID_COLUMN + "="))) {
          String batchId = batch.getPath().getName().substring(LakeLayout.BATCH_ID_COLUMN.length() + 1);
          present.add(batchId);
          if (!ingestDate.isAfter(runDate) && ledger.get(LEDGER_PREFIX + batchId).isEmpty()
              && fs.exists(new Path(batch.getPath(), io.strata.jobs.ingest.RawBatchWriter.SUCCESS_MARKER))) {
            batches.add(new RawBatch(ingestDate, batchId, batch.getPath().toUri().toString()));
          }
        }
      }
    } catch (FileNotFoundException e) {
      return new Scan(batches, present);
    } catch (IOException e) {
      throw new StrataException("cannot list the raw batches under " + rawEntity + ": " + e.getMessage(), e);
    }
    batches.sort(Comparator.comparing(RawBatch::ingestDate).thenComparing(RawBatch::batchId));
    return new Scan(batches, present);
  }

  /**
   * The ledger after {@code processed}, without the batches that are gone from raw (removed by
   * retention, or replaced by a re-run of their ingest date): they can never be processed again, and
   * a stream adding a batch per micro-batch would otherwise grow the ledger without end.
   */
  static SourceState record(SourceState ledger, List<RawBatch> processed, LocalDate runDate, Set<String> present) {
    Map<String, String> kept = new TreeMap<>();
    ledger.values().forEach((key, value) -> {
      if (!key.startsWith(LEDGER_PREFIX) || present.contains(key.substring(LEDGER_PREFIX.length()))) {
        kept.put(key, value);
      }
    });
    return record(new SourceState(kept), processed, runDate);
  }

  static SourceState record(SourceState ledger, List<RawBatch> processed, LocalDate runDate) {
    SourceState next = ledger;
    for (RawBatch batch : processed) {
      next = next.with(LEDGER_PREFIX + batch.batchId(), batch.ingestDate() + "," + runDate);
    }
    return next;
  }
}
