package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.strata.jobs.delta.DeltaChanges;
import io.strata.jobs.stage.ResultTable;
import io.strata.layout.config.MaintenanceConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites a Delta table's small files into fewer large ones (OPTIMIZE), only where that makes
 * the file count drop. OPTIMIZE changes no data, so readers see the same rows before and after,
 * and Delta lets it commit next to concurrent appends; a conflicting commit is retried.
 *
 * <ul>
 *   <li>A partitioned table: among the partitions that commits since the last maintenance wrote
 *       data to (all of them the first time), those holding at least {@code compaction.min-files}
 *       files below {@code compaction.min-average-file-mb}, in groups of partitions sized so that a
 *       progress line follows about every ten seconds. A partition of one file is never
 *       rewritten.</li>
 *   <li>An unpartitioned table: when its file count or average file size crosses the thresholds
 *       ({@link MaintenanceConfig#needsCompaction}) and at least two of its files can be combined.</li>
 * </ul>
 *
 * The counts reported are those OPTIMIZE rewrote, not the table's totals.
 */
final class DeltaCompaction {
  /** Delta's own setting: files below it are the ones OPTIMIZE combines. */
  static final String OPTIMIZE_MIN_FILE_SIZE = "spark.databricks.delta.optimize.minFileSize";
  private static final long DELTA_DEFAULT_MIN_FILE_SIZE = 1024L * 1024 * 1024;
  private static final int FIRST_GROUP = 4;
  private static final int LARGEST_GROUP = 256;
  private static final int LISTED_PARTITIONS = 20;

  /** What OPTIMIZE rewrote. */
  private record Rewritten(long filesRemoved, long filesAdded, long partitions, long bytesAdded) {
    Rewritten plus(Rewritten other) {
      return new Rewritten(filesRemoved + other.filesRemoved, filesAdded + other.filesAdded, partitions + other.partitions,
          bytesAdded + other.bytesAdded);
    }
  }

  private final SparkSession spark;
  private final MaintenanceConfig config;
  private final CommitRetry retry;
  private final boolean dryRun;
  private final Duration progressEvery;

  DeltaCompaction(SparkSession spark, MaintenanceConfig config, CommitRetry retry, boolean dryRun, Duration progressEvery) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.dryRun = dryRun;
    this.progressEvery = requireNonNull(progressEvery, "progressEvery is null");
  }

  /**
   * Compacts {@code table} where that pays. Returns the version it looked at, for the next run to
   * start from, or empty when that must not be recorded (a dry run, or compaction left undone).
   */
  Optional<MaintainedVersions.Seen> compact(LakeInventory.Area table, Optional<MaintainedVersions.Seen> lastSeen, AreaReport report) {
    long rewritableBytes = rewritableBytes();
    long smallBytes = Math.min(config.compactionMinAverageFileMb() * 1024L * 1024L, rewritableBytes);
    TableFiles files = TableFiles.read(spark, table.location().uri(), smallBytes, rewritableBytes);
    MaintainedVersions.Seen seen = new MaintainedVersions.Seen(files.tableId(), files.version());
    report.put("files_before", files.files());
    report.put("files_after", files.files());
    boolean done = files.partitioned()
        ? compactPartitions(table, files, lastSeen, smallBytes, report)
        : compactTable(table, files, report);
    return done && !dryRun ? Optional.of(seen) : Optional.empty();
  }

  private boolean compactTable(LakeInventory.Area table, TableFiles files, AreaReport report) {
    String size = ResultTable.count(files.files(), "file") + ", " + ResultTable.bytes(files.bytes());
    if (!config.needsCompaction(files.files(), files.bytes())) {
      report.progress(size + ": no compaction needed");
      return true;
    }
    long rewritable = files.partitions().stream().mapToLong(TableFiles.PartitionFiles::rewritableFiles).sum();
    if (rewritable < 2) {
      report.progress(size + ": nothing to compact, no two files below " + ResultTable.bytes(rewritableBytes()) + " to combine");
      return true;
    }
    if (dryRun) {
      report.progress(size + ": would compact");
      return true;
    }
    Optional<Rewritten> rewritten = retry.run(() -> optimize(table, Optional.empty()));
    if (rewritten.isEmpty()) {
      report.warn("not compacted: concurrent commits kept conflicting; the next maintain run compacts it");
      return false;
    }
    record(files, rewritten.get(), report);
    if (rewritten.get().filesRemoved() == 0) {
      report.progress(size + ": nothing to compact, OPTIMIZE found no files to combine");
      return true;
    }
    report.progress(String.format("compacted %s into %,d (%s)", ResultTable.count(rewritten.get().filesRemoved(), "file"),
        rewritten.get().filesAdded(), ResultTable.bytes(rewritten.get().bytesAdded())));
    return true;
  }

  private boolean compactPartitions(LakeInventory.Area table, TableFiles files, Optional<MaintainedVersions.Seen> lastSeen,
      long smallBytes, AreaReport report) {
    String size = String.format("%s (%s, %s)", ResultTable.count(files.partitions().size(), "partition"),
        ResultTable.count(files.files(), "file"), ResultTable.bytes(files.bytes()));
    Optional<Set<List<String>>> written = Optional.empty();
    String scope = "";
    if (lastSeen.isPresent() && lastSeen.get().tableId().equals(files.tableId()) && lastSeen.get().version() <= files.version()) {
      long since = lastSeen.get().version();
      written = DeltaChanges.partitionsWritten(spark, table.location().uri(), since, files.version(),
          List.of(files.partitionSchema().fieldNames()));
      if (written.isEmpty()) {
        scope = ", looked at all: the log since the last maintenance (version " + since + ") is cleaned up or changes the table's metadata";
      } else if (written.get().isEmpty()) {
        report.progress(size + ", none written since the last maintenance (version " + since + "): nothing to compact");
        return true;
      } else {
        scope = String.format(", %,d written since the last maintenance (version %d)", written.get().size(), since);
      }
    }
    int minFiles = Math.max(2, config.compactionMinFiles());
    List<TableFiles.PartitionFiles> chosen = new ArrayList<>();
    for (TableFiles.PartitionFiles partition : files.partitions()) {
      boolean changed = written.isEmpty() || written.get().contains(partition.values());
      if (changed && partition.smallFiles() >= minFiles && partition.rewritableFiles() >= 2) {
        chosen.add(partition);
      }
    }
    if (chosen.isEmpty()) {
      report.progress(String.format("%s%s, none with %,d or more files below %s: nothing to compact", size, scope, minFiles,
          ResultTable.bytes(smallBytes)));
      return true;
    }
    long chosenFiles = chosen.stream().mapToLong(TableFiles.PartitionFiles::rewritableFiles).sum();
    String plan = String.format("%s in %,d of %s%s", ResultTable.count(chosenFiles, "file"), chosen.size(), size, scope);
    if (dryRun) {
      report.progress("would compact " + plan);
      chosen.stream().limit(LISTED_PARTITIONS).forEach(partition -> report.progress(String.format("  would compact %s (%s, %s)",
          files.describe(partition), ResultTable.count(partition.files(), "file"), ResultTable.bytes(partition.bytes()))));
      if (chosen.size() > LISTED_PARTITIONS) {
        report.progress("  ... and " + ResultTable.count(chosen.size() - LISTED_PARTITIONS, "more partition"));
      }
      return true;
    }
    report.progress("compacting " + plan);
    return compactInGroups(table, files, chosen, report);
  }

  /**
   * OPTIMIZE of the chosen partitions, a group per commit: the first group is small, the next
   * ones are sized from the time per partition so far, to report progress about every
   * {@code progressEvery}.
   */
  private boolean compactInGroups(LakeInventory.Area table, TableFiles files, List<TableFiles.PartitionFiles> chosen, AreaReport report) {
    long start = System.nanoTime();
    Rewritten total = new Rewritten(0, 0, 0, 0);
    int next = 0;
    int group = progressEvery.isZero() ? 1 : FIRST_GROUP;
    while (next < chosen.size()) {
      List<TableFiles.PartitionFiles> batch = chosen.subList(next, Math.min(chosen.size(), next + group));
      String where = PartitionPredicate.of(files.partitionSchema(), batch.stream().map(TableFiles.PartitionFiles::values).toList());
      long groupStart = System.nanoTime();
      Optional<Rewritten> rewritten = retry.run(() -> optimize(table, Optional.of(where)));
      if (rewritten.isEmpty()) {
        record(files, total, report);
        report.warn(String.format("compaction stopped after %,d of %,d partitions: concurrent commits kept conflicting; "
            + "the next maintain run compacts the rest", next, chosen.size()));
        return false;
      }
      total = total.plus(rewritten.get());
      next += batch.size();
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      if (next < chosen.size()) {
        report.progress(String.format("  %,d of %s compacted (%s into %,d so far, %s)", next, ResultTable.count(chosen.size(), "partition"),
            ResultTable.count(total.filesRemoved(), "file"), total.filesAdded(), ResultTable.format(elapsed)));
        double perPartition = Math.max(1, System.nanoTime() - groupStart) / (double) batch.size();
        group = (int) Math.max(1, Math.min(LARGEST_GROUP, progressEvery.toNanos() / perPartition));
      }
    }
    record(files, total, report);
    report.progress(String.format("compacted %s in %s into %,d (%s, %s)", ResultTable.count(total.filesRemoved(), "file"),
        ResultTable.count(total.partitions(), "partition"), total.filesAdded(), ResultTable.bytes(total.bytesAdded()), ResultTable.format(Duration.ofNanos(System.nanoTime() - start))));
    return true;
  }

  private Rewritten optimize(LakeInventory.Area table, Optional<String> where) {
    var optimize = DeltaTable.forPath(spark, table.location().uri()).optimize();
    if (where.isPresent()) {
      optimize = optimize.where(where.get());
    }
    Row metrics = optimize.executeCompaction().selectExpr("metrics.numFilesRemoved", "metrics.numFilesAdded",
        "metrics.partitionsOptimized", "metrics.filesAdded.totalSize").first();
    return new Rewritten(metrics.getLong(0), metrics.getLong(1), metrics.getLong(2), metrics.getLong(3));
  }

  private static void record(TableFiles files, Rewritten rewritten, AreaReport report) {
    report.put("files_after", files.files() - rewritten.filesRemoved() + rewritten.filesAdded());
    if (rewritten.filesRemoved() > 0) {
      report.put("compacted", 1);
      report.put("files_compacted", rewritten.filesRemoved());
      report.put("files_written", rewritten.filesAdded());
      if (files.partitioned()) {
        report.put("partitions_compacted", rewritten.partitions());
      }
    }
  }

  private long rewritableBytes() {
    String value = spark.conf().get(OPTIMIZE_MIN_FILE_SIZE, String.valueOf(DELTA_DEFAULT_MIN_FILE_SIZE));
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      return DELTA_DEFAULT_MIN_FILE_SIZE;
    }
  }
}
