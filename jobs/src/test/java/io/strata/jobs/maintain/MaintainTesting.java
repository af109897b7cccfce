package io.strata.jobs.maintain;

import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.LakeLocation;
import io.strata.layout.Layer;
import io.strata.layout.config.LakeConfig;
import io.strata.layout.config.MaintenanceConfig;
import io.strata.layout.config.PipelineConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.delta.DeltaLog;

/** A lake with chosen retention and maintenance settings, and the maintain stage run on it the way the CLI does. */
final class MaintainTesting {
  final PipelineConfig config;
  final List<String> progress = new ArrayList<>();

  MaintainTesting(String lakeRoot, Map<Layer, Integer> retentionDays, MaintenanceConfig maintenance) {
    this(lakeRoot, retentionDays, maintenance, TestingSpark.pipeline(lakeRoot).model());
  }

  /** With {@code model} as the curated tables the config builds. */
  MaintainTesting(String lakeRoot, Map<Layer, Integer> retentionDays, MaintenanceConfig maintenance,
      io.strata.layout.config.ModelConfig model) {
    PipelineConfig base = TestingSpark.pipeline(lakeRoot);
    Map<Layer, OptionalInt> retention = new EnumMap<>(base.lake().retentionDays());
    retentionDays.forEach((layer, days) -> retention.put(layer, OptionalInt.of(days)));
    LakeConfig lake = new LakeConfig(base.lake().root(), base.lake().s3(), retention, maintenance);
    this.config = new PipelineConfig(base.name(), base.file(), lake, base.spark(), base.warehouse(), base.sources(), base.entities(),
        base.pii(), model, base.quality());
  }

  List<StageResult> maintain(LocalDate runDate, boolean dryRun) {
    return maintain(runDate, dryRun, MaintainJob.PROGRESS_EVERY);
  }

  /** With {@code progressEvery} zero, a compaction commits and reports one partition at a time. */
  List<StageResult> maintain(LocalDate runDate, boolean dryRun, Duration progressEvery) {
    StageContext context = new StageContext(config, TestingSpark.session(), runDate, "maintain-test", progress::add);
    return new MaintainJob(dryRun, Duration.ofMillis(50), progressEvery).run(context);
  }

  StageResult result(List<StageResult> results, String area) {
    return results.stream().filter(result -> result.target().equals(area)).findFirst()
        .orElseThrow(() -> new AssertionError("no result for " + area + " in " + results));
  }

  /** A raw-style partition with one small data file and Spark's success marker, on the local file system. */
  static Path localPartition(LakeLocation area, LocalDate ingestDate) {
    Path batch = Path.of(URI.create(area.uri())).resolve("ingest_date=" + ingestDate).resolve("batch_id=b1");
    try {
      Files.createDirectories(batch);
      Files.writeString(batch.resolve("part-00000.parquet"), "rows of " + ingestDate);
      Files.writeString(batch.resolve("_SUCCESS"), "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return batch.getParent();
  }

  /** A Delta table of {@code appends} one-row commits, so one small file each. */
  static void appendRows(LakeLocation table, int appends, int firstId) {
    for (int i = 0; i < appends; i++) {
      TestingSpark.session().sql("SELECT CAST(" + (firstId + i) + " AS BIGINT) AS id, 'row " + (firstId + i) + "' AS label")
          .coalesce(1).write().format("delta").mode(SaveMode.Append).save(table.uri());
    }
  }

  static long files(LakeLocation table) {
    return TestingSpark.session().sql("DESCRIBE DETAIL delta.`" + table.uri() + "`").first().<Long>getAs("numFiles");
  }

  /** The data files of the table's current version (paths relative to the table), from its log. */
  static Set<String> dataFiles(LakeLocation table) {
    return new TreeSet<>(DeltaLog.forTableWithSnapshot(TestingSpark.session(), table.uri())._2().allFiles().toDF().select("path")
        .as(Encoders.STRING()).collectAsList());
  }

  static long version(LakeLocation table) {
    return DeltaLog.forTableWithSnapshot(TestingSpark.session(), table.uri())._2().version();
  }

  static long rows(LakeLocation table) {
    return TestingSpark.session().read().format("delta").load(table.uri()).count();
  }
}
