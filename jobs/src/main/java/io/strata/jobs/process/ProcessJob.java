package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import io.strata.jobs.fault.KillPoint;
import io.strata.jobs.ingest.SourceState;
import io.strata.jobs.ingest.state.SourceStateStore;
import io.strata.jobs.spark.ObservedMetrics;
import io.strata.jobs.stage.ResultTable;
import io.strata.jobs.stage.Stage;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.stage.StageJob;
import io.strata.jobs.stage.StageResult;
import io.strata.jobs.stage.TargetsFailedException;
import io.strata.layout.LakeLayout;
import io.strata.layout.LakeLocation;
import io.strata.layout.Layer;
import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.SourceConfig;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.storage.StorageLevel;

/**
 * The process stage: each entity's unprocessed raw batches become rows of its processed Delta
 * table: typed, deduplicated on the key (latest change wins), PII masked, merged on the key.
 * Rows that do not fit go to {@code quarantine/processed/<entity>} with the reason.
 */
public final class ProcessJob implements StageJob {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProcessJob.class);
  static final String PROCESSED_AT = "_processed_at";
  static final String BATCH_ID = "_batch_id";
  static final String RUN_DATE = "_run_date";
  static final String SOURCE = "_source";
  static final String KEY_ID = "_pii_key_id";
  /** Where a raw row was read from: file and position, the last tie-breakers of "latest change wins". */
  static final String FILE = "_raw_file";
  static final String ROW_INDEX = "_raw_row_index";
  private static final List<String> CARRIED = List.of("_batch_id", "_source", "_ingested_at", LakeLayout.INGEST_DATE_COLUMN,
      LakeLayout.BATCH_ID_COLUMN, FILE, ROW_INDEX);

  private final Optional<String> onlyEntity;
  private final Function<PipelineConfig, PiiPolicy> piiPolicies;

  public ProcessJob(Optional<String> onlyEntity, Function<PipelineConfig, PiiPolicy> piiPolicies) {
    this.onlyEntity = requireNonNull(onlyEntity, "onlyEntity is null");
    this.piiPolicies = requireNonNull(piiPolicies, "piiPolicies is null");
  }

  @Override
  public List<StageResult> run(StageContext context) {
    Map<String, EntityConfig> entities = select(context.config());
    if (entities.isEmpty()) {
      context.progress().accept("no entities configured: add an entities { ... } section to the config");
      return List.of();
    }
    PiiPolicy pii = piiPolicies.apply(context.config());
    SourceStateStore ledgers = SourceStateStore.forEntities(context.layout(), context.spark().sparkContext().hadoopConfiguration());
    // Undeclared PII fails the stage before any entity is processed: finding it after others ran for minutes wastes them.
    context.progress().accept("PII check: samples of the new raw batches of " + (entities.size() == 1 ? "1 entity" : entities.size() + " entities")
        + " ...");
    RawBatchFrames frames = new RawBatchFrames(context.spark());
    new UndeclaredPiiCheck(context, ledgers, pii, frames).verify(entities.values());
    List<StageResult> results = new ArrayList<>();
    Map<String, String> failures = new LinkedHashMap<>();
    List<StrataException> errors = new ArrayList<>();
    for (EntityConfig entity : entities.values()) {
      context.progress().accept("entity " + entity.name() + " (from source " + entity.source() + ") ...");
      Instant start = Instant.now();
      try {
        ProcessResult result = process(context, entity, ledgers, pii, frames);
        result.driftEvents().forEach(event -> context.progress().accept("entity " + entity.name() + ": " + event));
        String summary = String.format("entity %s: %s in, %,d compared (%,d new, %,d changed, %,d unchanged), %,d deleted, "
            + "%,d duplicates dropped, %,d quarantined", entity.name(), ResultTable.count(result.rowsIn(), "row"), result.rowsMerged(),
            result.inserted(), result.updated(), result.rowsMerged() - result.inserted() - result.updated(), result.deleted(), result.duplicatesDropped(),
            result.rowsQuarantined());
        LOG.info("run {}: {}", context.runId(), summary);
        context.progress().accept(summary);
        StageResult done = new StageResult(Stage.PROCESS, entity.name(), result.rowsIn(), result.rowsMerged(), result.rowsQuarantined(),
            Duration.between(start, Instant.now()),
            Map.of("batches", (long) result.batches(), "duplicates", result.duplicatesDropped(), "inserted", result.inserted(),
                "updated", result.updated(), "deleted", result.deleted()),
            result.driftEvents());
        results.add(done);
        if (result.batches() > 0) { // its ledger moved on: a re-run skips these batches, so their counts are recorded now
          context.targetCommitted(done);
        }
      } catch (StrataException e) {
        errors.add(e);
        failures.put(entity.name(), e.getMessage());
        context.progress().accept("entity " + entity.name() + " FAILED: " + e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new TargetsFailedException("process failed for " + (failures.size() == 1 ? "entity " : "entities ")
          + String.join(", ", failures.keySet())
          + failures.entrySet().stream().map(failure -> System.lineSeparator() + "  - " + failure.getKey() + ": " + failure.getValue())
              .collect(Collectors.joining()), results, failures, errors);
    }
    return results;
  }

  private Map<String, EntityConfig> select(PipelineConfig config) {
    if (onlyEntity.isEmpty()) {
      return config.entities();
    }
    EntityConfig entity = config.entities().get(onlyEntity.get());
    if (entity == null) {
      throw new StrataException("--entity " + onlyEntity.get() + ": no such entity in the config; entities: "
          + (config.entities().isEmpty() ? "(none)" : String.join(", ", config.entities().keySet())));
    }
    return Map.of(entity.name(), entity);
  }

  private ProcessResult process(StageContext context, EntityConfig entity, SourceStateStore ledgers, PiiPolicy pii, RawBatchFrames frames) {
    SparkSession spark = context.spark();
    SourceConfig source = context.config().sources().get(entity.source());
    var rawEntity = context.layout().rawEntity(source.name(), source.entity());
    SourceState ledger = ledgers.latest(entity.name());
    RawBatches.Scan scan = RawBatches.scan(rawEntity, context.runDate(), ledger, spark.sparkContext().hadoopConfiguration());
    List<RawBatch> batches = scan.unprocessed();
    if (batches.isEmpty()) {
      return new ProcessResult(0, 0, 0, 0, 0, 0, 0, 0, List.of("no new raw batches"));
    }
    Dataset<Row> raw = frames.of(rawEntity.uri(), batches)
        .withColumn(FILE, col("_metadata.file_path"))
        .withColumn(ROW_INDEX, col("_metadata.row_index"));
    if (frames.isEmpty(rawEntity.uri(), batches)) {
      // An incremental API with nothing new still writes its (empty, column-less) batch; there is nothing to type.
      ledgers.commitRun(entity.name(), context.runDate(), context.runId(), ledger,
          RawBatches.record(ledger, batches, context.runDate(), scan.present()));
      return new ProcessResult(0, 0, 0, 0, 0, 0, 0, batches.size(), List.of("new raw batches hold no rows"));
    }
    SchemaDrift drift = SchemaDrift.between(raw.schema(), entity);
    List<String> events = new ArrayList<>(drift.events());
    // Valid rows are ranked among themselves (the validity is part of the window's partition), so
    // one pass counts rows in, valid rows and the latest change per key.
    Column valid = col(Standardizer.REASON).isNull();
    List<Column> partition = new ArrayList<>(entity.key().stream().map(key -> col(quoted(key))).toList());
    partition.add(valid);
    Dataset<Row> standardizedRows = Standardizer.standardize(raw, entity, drift, CARRIED);
    Dataset<Row> rankedRows = standardizedRows
        .withColumn("_rank", row_number().over(Window.partitionBy(partition.toArray(Column[]::new)).orderBy(order(entity))));
    Column isLatest = valid.and(col("_rank").equalTo(1));
    Column[] tallyOf = {count(lit(1)), sum(when(valid, 1L).otherwise(0L)), sum(when(isLatest, 1L).otherwise(0L))};
    LakeLocation table = context.layout().processed(entity.name());
    boolean exists = io.delta.tables.DeltaTable.isDeltaTable(spark, table.uri());
    if (!entity.fullSnapshot() && !exists) {
      // A first build (a first load is often the largest) compares with nothing: the ranked rows are
      // written as they are computed, and the write counts them (Spark's observed metrics).
      Observation observed = new Observation();
      Dataset<Row> rows = processedRows(context, entity, drift, pii, rankedRows.observe(observed, tallyOf[0], tallyOf[1], tallyOf[2])
          .filter(isLatest), RowHash.XXHASH64);
      ProcessedTableWriter.create(spark, table, rows, entity);
      Tally tally = Tally.of(ObservedMetrics.await(observed, "entity " + entity.name() + "'s first build",
          () -> rankedRows.agg(tallyOf[0], tallyOf[1], tallyOf[2]).head()));
      if (tally.quarantined() > 0) {
        writeQuarantine(context, entity, standardizedRows.filter(col(Standardizer.REASON).isNotNull()), batches);
      }
      return finish(context, entity, ledgers, ledger, scan, batches, tally,
          new ProcessedTableWriter.Merged(tally.merged(), 0, 0, 0, true), events);
    }
    // Otherwise the ranked rows are kept: the tally, the comparison with the stored rows, the write,
    // the quarantine and the snapshot's keys all read them, and ranking sorts every row by key.
    Dataset<Row> ranked = rankedRows.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> standardized = ranked.drop("_rank");
      Dataset<Row> rejected = standardized.filter(col(Standardizer.REASON).isNotNull());
      // Keys stored as they arrive (none masked) have their range counted in the tally's pass; a
      // masked key's range is taken over the masked values, by the merge.
      boolean keysStoredAsTheyArrive = entity.key().stream().allMatch(key -> entity.columns().stream()
          .anyMatch(column -> column.name().equals(key) && !column.pii().masks()));
      List<String> keyColumns = ProcessedTableWriter.keyColumns(entity);
      List<Column> tallyColumns = new ArrayList<>(List.of(tallyOf[1], tallyOf[2]));
      if (keysStoredAsTheyArrive) {
        tallyColumns.addAll(KeyRange.aggregates(keyColumns, isLatest));
      }
      Row tallyRow = ranked.agg(tallyOf[0], tallyColumns.toArray(Column[]::new)).head();
      Tally tally = Tally.of(tallyRow);
      Optional<KeyRange> keyRange = keysStoredAsTheyArrive ? Optional.of(KeyRange.from(tallyRow, tallyOf.length, keyColumns))
          : Optional.empty();
      // A stored hash is compared with one of its own kind (a table written by an earlier Strata keeps SHA-256).
      RowHash hash = exists ? RowHash.of(spark.read().format("delta").load(table.uri()).schema()) : RowHash.XXHASH64;
      Dataset<Row> rows = processedRows(context, entity, drift, pii, ranked.filter(isLatest), hash);
      Optional<Dataset<Row>> snapshotKeys = entity.fullSnapshot() ? SnapshotKeys.of(standardized, entity, batches, events) : Optional.empty();
      ProcessedTableWriter.Merged counts = ProcessedTableWriter.merge(spark, table, rows, tally.merged(), entity, events, snapshotKeys,
          keyRange);
      if (!counts.committed()) {
        events.add("unchanged: no row differs from the processed table, so no table version was written");
      }
      if (tally.quarantined() > 0) {
        writeQuarantine(context, entity, rejected, batches);
      }
      return finish(context, entity, ledgers, ledger, scan, batches, tally, counts, events);
    } finally {
      ranked.unpersist();
    }
  }

  /** Rows in, rows quarantined, and the latest valid row per key (merged); the rest are duplicates. */
  private record Tally(long rowsIn, long quarantined, long merged) {
    static Tally of(Row tally) {
      long rowsIn = tally.getLong(0);
      return new Tally(rowsIn, rowsIn - (tally.isNullAt(1) ? 0 : tally.getLong(1)), tally.isNullAt(2) ? 0 : tally.getLong(2));
    }

    long duplicates() {
      return rowsIn - quarantined - merged;
    }
  }

  /** The processed table's rows: PII masked, bookkeeping columns and the row hash added. */
  private static Dataset<Row> processedRows(StageContext context, EntityConfig entity, SchemaDrift drift, PiiPolicy pii, Dataset<Row> latest,
      RowHash hash) {
    List<String> business = new ArrayList<>(entity.columns().stream().map(ColumnSpec::name).toList());
    drift.evolved().forEach(column -> business.add(column.name()));
    List<Column> output = new ArrayList<>();
    List<ColumnSpec> specs = new ArrayList<>(entity.columns());
    specs.addAll(drift.evolved());
    boolean keyed = false;
    for (ColumnSpec column : specs) {
      output.add(pii.mask(col(quoted(column.name())), column).as(column.name()));
      keyed |= column.pii().method().equals("hmac") || column.pii().method().equals("tokenize");
    }
    output.add(lit(Timestamp.from(Instant.now())).as(PROCESSED_AT));
    output.add(col(BATCH_ID));
    output.add(lit(Date.valueOf(context.runDate())).as(RUN_DATE));
    output.add(col(SOURCE));
    if (keyed) {
      output.add(lit(pii.keyId()).as(KEY_ID));
    }
    return latest.select(output.toArray(Column[]::new)).withColumn(RowHash.COLUMN, hash.of(business));
  }

  /** Commits the entity's ledger once its rows and quarantine are written. */
  private static ProcessResult finish(StageContext context, EntityConfig entity, SourceStateStore ledgers, SourceState ledger,
      RawBatches.Scan scan, List<RawBatch> batches, Tally tally, ProcessedTableWriter.Merged counts, List<String> events) {
    KillPoint.reached("process.before-ledger");
    ledgers.commitRun(entity.name(), context.runDate(), context.runId(), ledger,
        RawBatches.record(ledger, batches, context.runDate(), scan.present()));
    return new ProcessResult(tally.rowsIn(), tally.merged(), tally.duplicates(), tally.quarantined(), counts.inserted(), counts.updated(),
        counts.deleted(), batches.size(), events);
  }

  /** Latest change first: the change-order column, then the latest ingest date, batch, file and row. */
  private static Column[] order(EntityConfig entity) {
    List<Column> order = new ArrayList<>();
    entity.changeOrder().ifPresent(column -> order.add(col(quoted(column)).desc_nulls_last()));
    order.add(col(LakeLayout.INGEST_DATE_COLUMN).desc());
    order.add(col(LakeLayout.BATCH_ID_COLUMN).desc());
    order.add(col(FILE).desc());
    order.add(col(ROW_INDEX).desc());
    return order.toArray(Column[]::new);
  }

  /**
   * Replaces the quarantined rows of the ingest dates this run processed: an ingest date has one
   * raw batch per source, so rows of a batch a re-run of ingest replaced go too, and nothing is
   * quarantined twice.
   */
  private static void writeQuarantine(StageContext context, EntityConfig entity, Dataset<Row> rejected, List<RawBatch> batches) {
    String table = context.layout().quarantine(Layer.PROCESSED, entity.name()).uri();
    Dataset<Row> rows = rejected.select(col(Standardizer.RECORD), col(Standardizer.COLUMN), col(Standardizer.RULE), col(Standardizer.REASON),
        col(BATCH_ID), col(SOURCE), col(LakeLayout.INGEST_DATE_COLUMN), lit(Date.valueOf(context.runDate())).as(RUN_DATE),
        lit(Timestamp.from(Instant.now())).as(PROCESSED_AT));
    String dates = batches.stream().map(batch -> "DATE'" + batch.ingestDate() + "'").distinct().collect(Collectors.joining(", "));
    rows.write().format("delta").mode(SaveMode.Overwrite).option("replaceWhere", LakeLayout.INGEST_DATE_COLUMN + " IN (" + dates + ")")
        .save(table);
  }
}
