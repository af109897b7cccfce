package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.delta.tables.DeltaTable;
import io.strata.jobs.stage.ResultTable;
import io.strata.layout.config.MaintenanceConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Rewrites a Delta table's small files into fewer large ones (OPTIMIZE) when its file count or
 * average file size crosses the configured thresholds, read from DESCRIBE DETAIL. OPTIMIZE
 * changes no data, so readers see the same rows before and after, and Delta lets it commit
 * next to concurrent appends; a conflicting commit is retried.
 */
final class DeltaCompaction {
  /** A table's size as DESCRIBE DETAIL reports it. */
  record Detail(long files, long bytes) {}

  private final SparkSession spark;
  private final MaintenanceConfig config;
  private final CommitRetry retry;
  private final boolean dryRun;

  DeltaCompaction(SparkSession spark, MaintenanceConfig config, CommitRetry retry, boolean dryRun) {
    this.spark = requireNonNull(spark, "spark is null");
    this.config = requireNonNull(config, "config is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.dryRun = dryRun;
  }

  void compact(LakeInventory.Area table, AreaReport report) {
    Detail before = detail(table);
    report.put("files_before", before.files());
    report.put("files_after", before.files());
    String size = String.format("%,d files, %s", before.files(), ResultTable.bytes(before.bytes()));
    if (!config.needsCompaction(before.files(), before.bytes())) {
      report.progress(size + ": no compaction needed");
      return;
    }
    if (dryRun) {
      report.progress(size + ": would compact");
      return;
    }
    boolean done = retry.run(() -> DeltaTable.forPath(spark, table.location().uri()).optimize().executeCompaction().count()).isPresent();
    if (!done) {
      report.warn("not compacted: concurrent commits kept conflicting; the next maintain run compacts it");
      return;
    }
    Detail after = detail(table);
    report.put("files_after", after.files());
    report.put("compacted", 1);
    report.progress(String.format("compacted %,d files into %,d (%s)", before.files(), after.files(), ResultTable.bytes(after.bytes())));
  }

  Detail detail(LakeInventory.Area table) {
    Row row = DeltaTable.forPath(spark, table.location().uri()).detail().select("numFiles", "sizeInBytes").first();
    return new Detail(row.isNullAt(0) ? 0 : row.getLong(0), row.isNullAt(1) ? 0 : row.getLong(1));
  }
}
