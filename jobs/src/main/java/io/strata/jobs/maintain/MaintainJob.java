package io.strata.jobs.maintain;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.LakeLayout;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import io.strata.layout.config.LakeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The maintain stage: applies each layer's retention and tidies the Delta tables.
 *
 * <ul>
 *   <li>raw and raw-quarantine partitions ({@code ingest_date=}) older than the layer's window are deleted;</li>
 *   <li>quarantine tables lose rows by {@code ingest_date}, run-log tables ({@code _runs/*}) by {@code run_date};</li>
 *   <li>every Delta table is compacted where that makes its file count drop: a partitioned one only in
 *       the partitions written since the last maintenance that hold several small files
 *       ({@link DeltaCompaction}, {@link MaintainedVersions});</li>
 *   <li>then vacuumed, keeping the change data the model has not read yet ({@link ChangeFeedRetention}).</li>
 * </ul>
 *
 * A dry run reports the same but changes nothing. A table whose commits keep conflicting with a
 * running pipeline is skipped with a warning; any other failure fails the stage after every other
 * area was maintained.
 */
public final class MaintainJob implements StageJob {
  private static final Logger LOG = LoggerFactory.getLogger(MaintainJob.class);

  /** About how often a long compaction reports progress. */
  static final Duration PROGRESS_EVERY = Duration.ofSeconds(10);

  private final boolean dryRun;
  private final Duration firstRetryDelay;
  private final Duration progressEvery;

  public MaintainJob(boolean dryRun) {
    this(dryRun, Duration.ofSeconds(1), PROGRESS_EVERY);
  }

  MaintainJob(boolean dryRun, Duration firstRetryDelay, Duration progressEvery) {
    this.dryRun = dryRun;
    this.firstRetryDelay = firstRetryDelay;
    this.progressEvery = progressEvery;
  }

  @Override
  public List<StageResult> run(StageContext context) {
    LakeConfig lake = context.config().lake();
    LakeLayout layout = lake.layout();
    Configuration hadoop = context.spark().sparkContext().hadoopConfiguration();
    LakeInventory inventory = new LakeInventory(layout, hadoop);
    CommitRetry retry = new CommitRetry(lake.maintenance().commitRetries(), firstRetryDelay);
    PartitionRetention partitions = new PartitionRetention(hadoop);
    DeltaRowExpiry rows = new DeltaRowExpiry(context.spark(), retry, dryRun);
    DeltaCompaction compaction = new DeltaCompaction(context.spark(), lake.maintenance(), retry, dryRun, progressEvery);
    DeltaVacuum vacuum = new DeltaVacuum(context.spark(), lake.maintenance().vacuumRetention(), retry, dryRun);
    if (dryRun) {
      context.progress().accept("dry run: lists what would be deleted, vacuumed and compacted; changes nothing");
    }
    MaintainedVersions versions = MaintainedVersions.read(layout, hadoop);
    ChangeFeedConsumers consumers = consumers(layout, hadoop, configuredConsumers(context.config().model(), inventory, context.progress()),
        context.progress());
    Tidy tidy = new Tidy(compaction, vacuum, versions);

    List<StageResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<RuntimeException> errors = new ArrayList<>();
    Optional<RetentionWindow> raw = window(lake, Layer.RAW, context);
    Optional<RetentionWindow> quarantine = window(lake, Layer.QUARANTINE, context);
    Optional<RetentionWindow> runs = window(lake, Layer.RUN_LOG, context);
    for (LakeInventory.Area area : inventory.rawEntities()) {
      maintain(area, context.progress(), results, failures, errors, report -> expire(partitions, area, raw, report));
    }
    for (LakeInventory.Area area : inventory.rawQuarantines()) {
      maintain(area, context.progress(), results, failures, errors, report -> expire(partitions, area, quarantine, report));
    }
    for (LakeInventory.Area table : inventory.quarantineTables()) {
      maintain(table, context.progress(), results, failures, errors, report -> {
        if (quarantine.isEmpty() || rows.expire(table, LakeLayout.INGEST_DATE_COLUMN, quarantine.get(), report)) {
          tidy.run(table, report, ChangeFeedConsumers.none());
        }
      });
    }
    for (LakeInventory.Area table : inventory.dataTables()) {
      maintain(table, context.progress(), results, failures, errors, report -> tidy.run(table, report, consumers));
    }
    for (LakeInventory.Area table : inventory.runTables()) {
      maintain(table, context.progress(), results, failures, errors, report -> {
        if (runs.isEmpty() || rows.expire(table, "run_date", runs.get(), report)) {
          tidy.run(table, report, ChangeFeedConsumers.none());
        }
      });
    }
    if (!dryRun) {
      try {
        KillPoint.reached("maintain.before-versions");
        versions.commit(context.runDate(), context.runId());
      } catch (StrataException e) {
        LOG.error("maintain could not record the table versions it saw", e);
        failures.put("_state/" + MaintainedVersions.STATE, e.getMessage());
        errors.add(e);
      }
    }
    if (results.isEmpty() && failures.isEmpty()) {
      context.progress().accept("the lake holds nothing to maintain yet");
    }
    if (!failures.isEmpty()) {
      StringBuilder message = new StringBuilder("maintain failed for ").append(String.join(", ", failures.keySet()));
      failures.forEach((area, reason) -> message.append(System.lineSeparator()).append("  - ").append(area).append(": ").append(reason));
      throw new TargetsFailedException(message.toString(), results, failures, errors);
    }
    return results;
  }

  private void maintain(LakeInventory.Area area, Consumer<String> progress, List<StageResult> results, Map<String, String> failures,
      List<RuntimeException> errors, Consumer<AreaReport> work) {
    AreaReport report = new AreaReport(area.name(), progress);
    if (dryRun) {
      report.put("dry_run", 1);
    }
    try {
      work.accept(report);
      results.add(report.result(0));
    } catch (RuntimeException e) {
      LOG.error("maintain {} failed", area.name(), e);
      String reason = e instanceof StrataException ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
      failures.put(area.name(), reason);
      errors.add(e);
      progress.accept(area.name() + ": FAILED " + reason);
    }
  }

  private void expire(PartitionRetention partitions, LakeInventory.Area area, Optional<RetentionWindow> window, AreaReport report) {
    if (window.isEmpty()) {
      report.progress("kept: no retention configured");
      return;
    }
    List<PartitionRetention.ExpiredPartition> expired = partitions.expired(area.location(), window.get());
    if (expired.isEmpty()) {
      report.progress("no partition before " + window.get().cutoff());
      return;
    }
    for (PartitionRetention.ExpiredPartition partition : expired) {
      String what = String.format("%s (%s, %s)", partition.uri(), ResultTable.count(partition.files(), "file"), ResultTable.bytes(partition.bytes()));
      if (dryRun) {
        report.progress("would delete " + what);
      } else {
        partitions.delete(partition);
        report.progress("deleted " + what);
      }
      report.add("partitions_expired", 1);
      report.add("files_expired", partition.files());
      report.add("bytes", partition.bytes());
    }
  }

  /** Compaction then VACUUM of one Delta table; the version compaction looked at is kept for the next run. */
  private record Tidy(DeltaCompaction compaction, DeltaVacuum vacuum, MaintainedVersions versions) {
    void run(LakeInventory.Area table, AreaReport report, ChangeFeedConsumers consumers) {
      compaction.compact(table, versions.lastSeen(table), report).ifPresent(seen -> versions.saw(table, seen));
      vacuum.vacuum(table, report, consumers);
    }
  }

  /**
   * The curated tables whose model state holds change feeds back: those the config still builds. A
   * table taken out of the config would otherwise keep its sources' change data from VACUUM for
   * ever; if it comes back, its model finds the feed gone and rebuilds it whole, saying why.
   */
  private static List<String> configuredConsumers(io.strata.layout.config.ModelConfig model, LakeInventory inventory,
      Consumer<String> progress) {
    List<String> configured = new ArrayList<>();
    for (String table : inventory.modelStates()) {
      if (model.dimensions().containsKey(table) || model.facts().containsKey(table) || model.aggregates().containsKey(table)) {
        configured.add(table);
      } else {
        progress.accept("model state of " + table + " ignored: the config no longer builds it, so its change-feed position does not "
            + "hold VACUUM back (delete _state/model/" + table + " to tidy up)");
      }
    }
    return configured;
  }

  private static ChangeFeedConsumers consumers(LakeLayout layout, Configuration hadoop, List<String> consumers, Consumer<String> progress) {
    try {
      return ChangeFeedConsumers.read(layout, hadoop, consumers);
    } catch (StrataException e) {
      LOG.error("maintain cannot read the model's change-feed state", e);
      progress.accept("WARNING the model's change-feed state cannot be read: " + e.getMessage());
      return ChangeFeedConsumers.unknown("the model's state (_state/model) cannot be read");
    }
  }

  private static Optional<RetentionWindow> window(LakeConfig lake, Layer layer, StageContext context) {
    var days = lake.retentionDays(layer);
    return days.isPresent() ? Optional.of(new RetentionWindow(context.runDate(), days.getAsInt())) : Optional.empty();
  }
}
