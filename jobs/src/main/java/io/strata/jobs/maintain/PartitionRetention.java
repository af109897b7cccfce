package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ContentSummary;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Deletes the {@code ingest_date=YYYY-MM-DD} partitions of a Parquet area (a raw entity, or the
 * raw quarantine of a source) that fell out of the retention window. Whole dates go at once:
 * an ingest date holds one batch per source, written by one run.
 */
final class PartitionRetention {
  private static final String PREFIX = LakeLayout.INGEST_DATE_COLUMN + "=";

  /** One expired partition: where it is, and what deleting it frees. */
  record ExpiredPartition(LocalDate ingestDate, String uri, long files, long bytes) {}

  private final Configuration hadoop;

  PartitionRetention(Configuration hadoop) {
    this.hadoop = requireNonNull(hadoop, "hadoop is null");
  }

  /** The partitions of {@code area} older than the window, oldest first; nothing is changed. */
  List<ExpiredPartition> expired(LakeLocation area, RetentionWindow window) {
    Path root = new Path(area.uri());
    List<ExpiredPartition> expired = new ArrayList<>();
    try {
      FileSystem fs = root.getFileSystem(hadoop);
      for (FileStatus partition : fs.listStatus(root, path -> path.getName().startsWith(PREFIX))) {
        LocalDate date;
        try {
          date = LocalDate.parse(partition.getPath().getName().substring(PREFIX.length()));
        } catch (DateTimeParseException e) {
          continue; // not a partition Strata wrote; leave it to whoever did
        }
        if (partition.isDirectory() && window.expired(date)) {
          ContentSummary summary = fs.getContentSummary(partition.getPath());
          expired.add(new ExpiredPartition(date, partition.getPath().toString(), summary.getFileCount(), summary.getLength()));
        }
      }
    } catch (FileNotFoundException e) {
      return List.of();
    } catch (IOException e) {
      throw new StrataException("cannot list the partitions of " + area + ": " + e.getMessage(), e);
    }
    expired.sort(Comparator.comparing(ExpiredPartition::ingestDate));
    return expired;
  }

  void delete(ExpiredPartition partition) {
    Path path = new Path(partition.uri());
    try {
      FileSystem fs = path.getFileSystem(hadoop);
      if (fs.exists(path) && !fs.delete(path, true)) {
        throw new StrataException("cannot delete " + partition.uri() + ": the file system refused");
      }
    } catch (IOException e) {
      throw new StrataException("cannot delete " + partition.uri() + ": " + e.getMessage(), e);
    }
  }
}
