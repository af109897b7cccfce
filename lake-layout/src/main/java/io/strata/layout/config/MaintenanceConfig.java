package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The {@code lake.maintenance} section: how {@code strata maintain} vacuums and compacts the
 * lake's Delta tables, and how often it retries a commit that raced a running pipeline.
 *
 * @param vacuumRetention how long VACUUM keeps files that older table versions still need
 * @param compactionMinFiles a table with fewer data files is never compacted
 * @param compactionMaxFiles a table with more data files is compacted
 * @param compactionMinAverageFileMb a table whose average data file is smaller is compacted
 * @param commitRetries how often a commit that conflicted with a concurrent writer is retried
 */
public record MaintenanceConfig(Duration vacuumRetention, int compactionMinFiles, int compactionMaxFiles,
    int compactionMinAverageFileMb, int commitRetries) {
  /** Delta's own default ({@code delta.deletedFileRetentionDuration}); shorter only when configured. */
  public static final Duration DELTA_DEFAULT_VACUUM_RETENTION = Duration.ofDays(7);

  public MaintenanceConfig {
    requireNonNull(vacuumRetention, "vacuumRetention is null");
    if (vacuumRetention.isNegative()) {
      throw new IllegalArgumentException("vacuumRetention is negative: " + vacuumRetention);
    }
  }

  public static MaintenanceConfig defaults() {
    return new MaintenanceConfig(DELTA_DEFAULT_VACUUM_RETENTION, 10, 100, 32, 3);
  }

  /** Whether a table has so many or such small files that OPTIMIZE should rewrite it. */
  public boolean needsCompaction(long files, long bytes) {
    if (files < compactionMinFiles) {
      return false;
    }
    return files > compactionMaxFiles || bytes / files < compactionMinAverageFileMb * 1024L * 1024L;
  }

  static MaintenanceConfig parse(SectionReader reader) {
    MaintenanceConfig defaults = defaults();
    Duration retention = reader.duration("vacuum-retention", defaults.vacuumRetention(), Duration.ZERO);
    int retries = reader.integer("commit-retries", defaults.commitRetries(), 0, 10);
    int minFiles = defaults.compactionMinFiles();
    int maxFiles = defaults.compactionMaxFiles();
    int minAverage = defaults.compactionMinAverageFileMb();
    java.util.Optional<SectionReader> compaction = reader.subsection("compaction");
    if (compaction.isPresent()) {
      SectionReader section = compaction.get();
      minFiles = section.integer("min-files", minFiles, 2, 1_000_000);
      maxFiles = section.integer("max-files", maxFiles, 2, 1_000_000);
      minAverage = section.integer("min-average-file-mb", minAverage, 1, 102_400);
      if (maxFiles < minFiles) {
        section.problem("max-files", "is " + maxFiles + ", below compaction.min-files = " + minFiles,
            "raise lake.maintenance.compaction.max-files or lower lake.maintenance.compaction.min-files");
      }
      section.finish();
    }
    return new MaintenanceConfig(retention, minFiles, maxFiles, minAverage, retries);
  }
}
