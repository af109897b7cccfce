package io.strata.layout;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Where every table of the lake lives under one root. Jobs ask this class for locations; nobody
 * concatenates lake paths by hand.
 *
 * <pre>
 * raw/&lt;source&gt;/&lt;entity&gt;/ingest_date=YYYY-MM-DD/batch_id=&lt;id&gt;/
 * processed/&lt;entity&gt;
 * curated/&lt;table&gt;
 * quarantine/&lt;layer&gt;/&lt;name&gt;/ingest_date=YYYY-MM-DD/batch_id=&lt;id&gt;/
 * _state/sources/&lt;source&gt;, _state/entities/&lt;entity&gt;, _state/model/&lt;table&gt;
 * _state/&lt;name&gt;
 * _runs/&lt;table&gt;
 * _locks/&lt;pipeline&gt;/&lt;stage&gt;/&lt;target&gt;/
 * </pre>
 */
public final class LakeLayout {
  public static final String INGEST_DATE_COLUMN = "ingest_date";
  public static final String BATCH_ID_COLUMN = "batch_id";
  /** The lock target of a stage that works on the pipeline as a whole; no source or table name starts with '_'. */
  public static final String WHOLE_STAGE_LOCK = "_all";
  private static final String LOCKS = "_locks";
  private static final String CATALOG = "_catalog";

  private final LakeLocation root;

  public LakeLayout(URI root) {
    requireNonNull(root, "root is null");
    String scheme = root.getScheme();
    if (scheme == null || !(scheme.equals("file") || scheme.equals("s3a"))) {
      throw new IllegalArgumentException("lake root must be a file:// or s3a:// URI: " + root);
    }
    String text = root.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    if (scheme.equals("file") && text.startsWith("file:/") && !text.startsWith("file:///")) {
      text = "file:///" + text.substring("file:/".length());
    }
    this.root = new LakeLocation(text);
  }

  public LakeLocation root() {
    return root;
  }

  public boolean isS3() {
    return root.uri().startsWith("s3a://");
  }

  public LakeLocation layer(Layer layer) {
    return root.child(layer.directory());
  }

  /** The entities one source delivered. */
  public LakeLocation rawSource(String source) {
    return layer(Layer.RAW).child(LakeNames.require(source, "source"));
  }

  /** All batches a source delivered for one entity. */
  public LakeLocation rawEntity(String source, String entity) {
    return rawSource(source).child(LakeNames.require(entity, "entity"));
  }

  /** One batch of raw data: the unit an ingest run writes and a re-run replaces. */
  public LakeLocation rawBatch(String source, String entity, LocalDate ingestDate, String batchId) {
    return batch(rawEntity(source, entity), ingestDate, batchId);
  }

  public LakeLocation processed(String entity) {
    return layer(Layer.PROCESSED).child(LakeNames.require(entity, "entity"));
  }

  public LakeLocation curated(String table) {
    return layer(Layer.CURATED).child(LakeNames.require(table, "table"));
  }

  /** Rows that the stage writing {@code layer} could not accept, for one source or entity. */
  public LakeLocation quarantine(Layer layer, String name) {
    return quarantine(layer).child(LakeNames.require(name, "name"));
  }

  /** The quarantine of every source or entity of one data layer. */
  public LakeLocation quarantine(Layer layer) {
    if (layer != Layer.RAW && layer != Layer.PROCESSED && layer != Layer.CURATED) {
      throw new IllegalArgumentException("quarantine is kept for data layers only, not " + layer);
    }
    return layer(Layer.QUARANTINE).child(layer.name().toLowerCase(Locale.ROOT));
  }

  /** One batch of quarantined rows, partitioned like the raw batch it was rejected from. */
  public LakeLocation quarantineBatch(Layer layer, String name, LocalDate ingestDate, String batchId) {
    return batch(quarantine(layer, name), ingestDate, batchId);
  }

  /** Batches are Hive-style partitions, so Spark reads ingest_date and batch_id back as columns. */
  private static LakeLocation batch(LakeLocation table, LocalDate ingestDate, String batchId) {
    requireNonNull(ingestDate, "ingestDate is null");
    return table.child(INGEST_DATE_COLUMN + "=" + ingestDate).child(BATCH_ID_COLUMN + "=" + LakeNames.requireBatchId(batchId));
  }

  /** The committed states (watermarks, file ledgers) of one source. */
  public LakeLocation sourceState(String source) {
    return state("sources").child(LakeNames.require(source, "source"));
  }

  /** The raw batches an entity's process runs have consumed. */
  public LakeLocation entityState(String entity) {
    return state("entities").child(LakeNames.require(entity, "entity"));
  }

  /** The change-feed versions a curated table was last built from ({@link ModelWatermarks}). */
  public LakeLocation modelState(String table) {
    return state("model").child(LakeNames.require(table, "table"));
  }

  /** The checkpoint of {@code strata stream} for one source: its Kafka offsets and micro-batch log. */
  public LakeLocation streamCheckpoint(String source) {
    return state("streams").child(LakeNames.require(source, "source"));
  }

  public LakeLocation state(String name) {
    return layer(Layer.STATE).child(LakeNames.require(name, "state name"));
  }

  public LakeLocation runLog(String table) {
    return layer(Layer.RUN_LOG).child(LakeNames.require(table, "run-log table"));
  }

  /** The locks of every stage of one pipeline; pipelines sharing a lake never share a lock. */
  public LakeLocation locks(String pipeline) {
    return root.child(LOCKS).child(LakeNames.require(pipeline, "pipeline"));
  }

  /**
   * Where a database Strata creates in a shared metastore (Hive, Glue) is located: in the lake,
   * so every reader of the metastore finds it; it holds no table files of Strata's.
   */
  public LakeLocation catalogDatabase(String database) {
    return root.child(CATALOG).child(LakeNames.require(database, "catalog database") + ".db");
  }

  /**
   * The lock a run holds while {@code stage} works on {@code target} (a source, an entity, or
   * {@link #WHOLE_STAGE_LOCK}): a folder of small numbered lock files.
   */
  public LakeLocation lock(String pipeline, String stage, String target) {
    String name = WHOLE_STAGE_LOCK.equals(target) ? target : LakeNames.require(target, "lock target");
    return locks(pipeline).child(LakeNames.require(stage, "stage")).child(name);
  }

  @Override
  public String toString() {
    return "LakeLayout[" + root + "]";
  }
}
