package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;

import io.strata.jobs.delta.DeltaChanges;
import io.strata.jobs.delta.TableLog;
import io.strata.jobs.stage.ResultTable;
import io.strata.layout.config.MaintenanceConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SparkSession;

/**
 * VACUUMs a Delta table: deletes the files no table version within the retention still needs.
 * Delta refuses a retention below a table's {@code delta.deletedFileRetentionDuration} (7 days
 * by default), because a running writer's uncommitted files and a reader of an older version
 * need them. VACUUM runs in a session of its own: with a retention configured below that, its
 * check is off there only, and the pipeline's own session keeps it. Delta 4.3 ignores a RETAIN
 * other than 0 hours unless told not to; that session tells it, so the configured retention (or
 * the longer one change data needs) is the one applied. That session also lists
 * files with the cluster's parallelism rather than Spark's 10,000 listing tasks, which cost
 * minutes on small tables, unless {@code spark.conf} sets
 * {@code spark.sql.sources.parallelPartitionDiscovery.parallelism}.
 */
final class DeltaVacuum {
  private static final String RETENTION_CHECK = "spark.databricks.delta.retentionDurationCheck.enabled";
  /** On by default in Delta 4.3: VACUUM then ignores RETAIN unless it is 0 and keeps the table property's 7 days. */
  private static final String RETENTION_IGNORED = "spark.databricks.delta.vacuum.retentionWindowIgnore.enabled";
  private static final String LISTING_PARALLELISM = "spark.sql.sources.parallelPartitionDiscovery.parallelism";
  private static final int LISTED_PATHS = 20;

  private final SparkSession spark;
  private final Duration retention;
  private final CommitRetry retry;
  private final boolean dryRun;
  private SparkSession vacuumSession;

  DeltaVacuum(SparkSession spark, Duration retention, CommitRetry retry, boolean dryRun) {
    this.spark = requireNonNull(spark, "spark is null");
    this.retention = requireNonNull(retention, "retention is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.dryRun = dryRun;
  }

  /**
   * Vacuums {@code table} with the configured retention, or a longer one when a consumer of its
   * change feed has not read every version yet ({@link ChangeFeedRetention}).
   */
  void vacuum(LakeInventory.Area table, AreaReport report, ChangeFeedConsumers consumers) {
    Optional<String> unreadable = consumers.unreadable(table);
    if (unreadable.isPresent()) {
      report.warn("not vacuumed: " + unreadable.get() + ", so which change data is still to be read cannot be told");
      return;
    }
    Duration tableRetention = retention;
    Optional<ChangeFeedConsumers.Position> consumer = consumers.oldest(table);
    if (consumer.isPresent()) {
      String uri = table.location().uri();
      long latest = TableLog.latestVersion(spark, uri);
      long next = consumer.get().version() + 1;
      Optional<Instant> nextCommittedAt = next <= latest
          ? DeltaChanges.committedAt(spark.sparkContext().hadoopConfiguration(), uri, next)
          : Optional.empty();
      ChangeFeedRetention.Decision decision = ChangeFeedRetention.decide(retention, consumer.get(), latest, nextCommittedAt, Instant.now());
      if (decision.retention().isEmpty()) {
        report.warn(decision.reason());
        return;
      }
      report.progress("change feed: " + decision.reason());
      if (decision.extended()) {
        report.event("change feed: " + decision.reason());
        report.put("vacuum_retain_hours", decision.retention().get().toHours());
      }
      tableRetention = decision.retention().get();
    }
    vacuum(table, report, tableRetention);
  }

  private void vacuum(LakeInventory.Area table, AreaReport report, Duration keep) {
    String hours = ChangeFeedRetention.hours(keep);
    String command = "VACUUM delta.`" + table.location().uri() + "` RETAIN " + hours + " HOURS";
    SparkSession session = session();
    List<String> removable;
    try {
      removable = session.sql(command + " DRY RUN").as(Encoders.STRING()).collectAsList();
    } catch (IllegalArgumentException e) {
      report.warn("not vacuumed: the table keeps deleted files longer than lake.maintenance.vacuum-retention = " + hours
          + " hours (its delta.deletedFileRetentionDuration); lower that table property or raise the setting");
      return;
    }
    report.put("vacuum_files", removable.size());
    if (dryRun) {
      report.progress(String.format("vacuum (retain %s h) would delete %s", hours, ResultTable.count(removable.size(), "file")));
      removable.stream().limit(LISTED_PATHS).forEach(path -> report.progress("  would delete " + path));
      if (removable.size() > LISTED_PATHS) {
        report.progress(String.format("  ... and %,d more", removable.size() - LISTED_PATHS));
      }
      return;
    }
    if (removable.isEmpty()) {
      report.progress("vacuum (retain " + hours + " h): nothing to delete");
      return;
    }
    Optional<Long> done = retry.run(() -> session.sql(command).count());
    if (done.isEmpty()) {
      report.put("vacuum_files", 0);
      report.warn("not vacuumed: concurrent commits kept conflicting; the next maintain run vacuums it");
      return;
    }
    report.progress(String.format("vacuum (retain %s h) deleted %s", hours, ResultTable.count(removable.size(), "file")));
  }

  private SparkSession session() {
    if (vacuumSession == null) {
      vacuumSession = spark.newSession();
      vacuumSession.conf().set(RETENTION_IGNORED, "false");
      if (!spark.sparkContext().getConf().contains(LISTING_PARALLELISM)) {
        vacuumSession.conf().set(LISTING_PARALLELISM, String.valueOf(Math.max(2, spark.sparkContext().defaultParallelism() * 4)));
      }
      if (retention.compareTo(MaintenanceConfig.DELTA_DEFAULT_VACUUM_RETENTION) < 0) {
        vacuumSession.conf().set(RETENTION_CHECK, "false");
      }
    }
    return vacuumSession;
  }
}
