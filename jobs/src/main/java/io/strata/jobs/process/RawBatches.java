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
import java.util.List;
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
    Path root = new Path(rawEntity.uri());
    List<RawBatch> batches = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(conf);
      if (!fs.exists(root)) {
        return batches;
      }
      for (FileStatus date : fs.listStatus(root, path -> path.getName().startsWith(LakeLayout.INGEST_DATE_COLUMN + "="))) {
        LocalDate ingestDate = LocalDate.parse(date.getPath().getName().substring(LakeLayout.INGEST_DATE_COLUMN.length() + 1));
        if (ingestDate.isAfter(runDate)) {
          continue;
        }
        for (FileStatus batch : fs.listStatus(date.getPath(), path -> path.getName().startsWith(LakeLayout.BATCH_ID_COLUMN + "="))) {
          String batchId = batch.getPath().getName().substring(LakeLayout.BATCH_ID_COLUMN.length() + 1);
          if (ledger.get(LEDGER_PREFIX + batchId).isEmpty() && fs.exists(new Path(batch.getPath(), "_SUCCESS"))) {
            batches.add(new RawBatch(ingestDate, batchId, batch.getPath().toUri().toString()));
          }
        }
      }
    } catch (FileNotFoundException e) {
      return batches;
    } catch (IOException e) {
      throw new StrataException("cannot list the raw batches under " + rawEntity + ": " + e.getMessage(), e);
    }
    batches.sort(Comparator.comparing(RawBatch::ingestDate).thenComparing(RawBatch::batchId));
    return batches;
  }

  static SourceState record(SourceState ledger, List<RawBatch> processed, LocalDate runDate) {
    SourceState next = ledger;
    for (RawBatch batch : processed) {
      next = next.with(LEDGER_PREFIX + batch.batchId(), batch.ingestDate() + "," + runDate);
    }
    return next;
  }
}
