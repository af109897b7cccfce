package io.strata.jobs.process;

import static io.strata.jobs.spark.SqlIdentifiers.quoted;
import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaMergeBuilder;
import io.delta.tables.DeltaTable;
import io.strata.jobs.spark.ChangeBroadcast;
import io.strata.jobs.spark.SqlIdentifiers;
import io.strata.layout.LakeLocation;
import io.strata.layout.StrataException;
import io.strata.layout.config.EntityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructField;

/**
 * Writes deduplicated rows into the entity's processed Delta table: a new key is appended; a
 * known key is updated by a MERGE on the key only when its row hash changed and, with a
 * change-order column, only by a change at least as recent, so a late older version never
 * overwrites a newer one. Re-running with the same rows commits nothing. The table has Delta's
 * change data feed on: the model reads what each run changed from it.
 */
final class ProcessedTableWriter {
  /** Marks a changed row whose key the table does not hold yet. */
  private static final String NEW_KEY = "_new_key";

  private ProcessedTableWriter() {}

  /** What one merge did; {@code committed} is false when no row changed, so no table version was made. */
  record Merged(long inserted, long updated, long unchanged, long deleted, boolean committed) {}

  /**
   * Merges {@code rows} (one per key) into the table. Only rows that are new or changed are
   * merged, and a run where none is commits nothing. With {@code snapshotKeys} (a full-snapshot
   * entity), stored keys missing from it are deleted, in a second commit; the change feed carries
   * them as deletes. {@code keyRange} is the range of the rows' keys when the caller has it already.
   */
  static Merged merge(SparkSession spark, LakeLocation table, Dataset<Row> rows, long total, EntityConfig entity, List<String> events,
      Optional<Dataset<Row>> snapshotKeys, Optional<KeyRange> keyRange) {
    if (!DeltaTable.isDeltaTable(spark, table.uri())) {
      create(spark, table, rows, entity);
      return new Merged(total, 0, 0, 0, true);
    }
    widenTypes(spark, table, DeltaTable.forPath(spark, table.uri()).toDF().schema().fields(), rows.schema().fields(), entity, events);
    io.strata.jobs.delta.ChangeFeedSwitch.ensureOn(spark, table.uri());
    DeltaTable target = DeltaTable.forPath(spark, table.uri()); // after widening, so MERGE sees the new schema
    // The stored rows the incoming keys can match lie in the keys' range: Delta skips the files outside it.
    KeyRange range = keyRange.orElseGet(() -> KeyRange.of(rows, keyColumns(entity)));
    // Held by the tally below, before the MERGE changes the stored rows its plan reads.
    Dataset<Row> changed = io.strata.jobs.spark.HeldRows.byTheNextFullRead(changedRows(rows, total, target.toDF().filter(range.condition("")),
        entity));
    Row tally = changed.agg(org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.lit(1)),
        org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col(NEW_KEY), 1L).otherwise(0L))).head();
    long changes = tally.getLong(0);
    long inserted = tally.isNullAt(1) ? 0 : tally.getLong(1);
    long updated = 0;
    // Known keys go through a MERGE with update clauses only, which Delta runs as an inner join (the
    // day's change broadcast, the touched files scanned once); with an insert clause it is an outer
    // join that shuffles every row of the touched files. New keys are a plain append.
    if (changes > inserted) {
      if (io.strata.jobs.delta.RowLevelTables.prepareRowChanges(spark, table.uri())) {
        target = DeltaTable.forPath(spark, table.uri());
      }
      String on = entity.key().stream().map(key -> "t." + quoted(key) + " <=> s." + quoted(key))
          .collect(Collectors.joining(" AND "));
      Dataset<Row> source = ChangeBroadcast.ifSmall(changed.filter(org.apache.spark.sql.functions.not(col(NEW_KEY))).drop(NEW_KEY), changes - inserted);
      Row counts = target.as("t").merge(source.as("s"), org.apache.spark.sql.functions.expr(on).and(range.condition("t")))
          .whenMatched(CHANGED.replace("%order%", orderCondition(entity))).updateAll()
          .withSchemaEvolution()
          .execute().head();
      updated = counts.<Long>getAs("num_updated_rows");
    }
    if (inserted > 0) {
      io.strata.jobs.fault.KillPoint.reached("process.between-writes");
      changed.filter(col(NEW_KEY)).drop(NEW_KEY).write().format("delta").mode(org.apache.spark.sql.SaveMode.Append)
          .option("mergeSchema", "true").save(table.uri());
    }
    long deleted = 0;
    if (snapshotKeys.isPresent()) {
      deleted = deleteMissing(spark, table.uri(), snapshotKeys.get(), entity);
    }
    return new Merged(inserted, updated, total - inserted - updated, deleted, changes > 0 || deleted > 0);
  }

  /**
   * Creates the table with {@code rows} (one per key): a first build, which compares with nothing.
   * Delta keeps file statistics only for the key and change-order columns: the key range is what
   * skips files when a day's rows are compared and merged, and a statistic of every column cost a
   * quarter of the work of writing a large first build (6,000,000 order lines, 14 columns). The
   * property also records the key the table holds one row per ({@link io.strata.layout.ProcessedTableKey}).
   */
  static void create(SparkSession spark, LakeLocation table, Dataset<Row> rows, EntityConfig entity) {
    rows.write().format("delta").options(io.strata.jobs.delta.RowLevelTables.CREATE_OPTIONS)
        .option(io.strata.layout.ProcessedTableKey.PROPERTY, io.strata.layout.ProcessedTableKey.statisticsColumns(entity)).save(table.uri());
    io.strata.jobs.delta.RowLevelTables.prepareRowChanges(spark, table.uri());
  }

  private static final String CHANGED = "t." + RowHash.COLUMN + " <> s." + RowHash.COLUMN + "%order%";

  private static String orderCondition(EntityConfig entity) {
    return entity.changeOrder().map(order -> " AND (t." + quoted(order) + " IS NULL OR s." + quoted(order)
        + " >= t." + quoted(order) + ")").orElse("");
  }

  /**
   * The rows a MERGE would write: keys the table lacks, and keys whose hash differs (and whose
   * change is not older), with {@link #NEW_KEY} telling which. {@code count} is how many {@code rows} there are.
   */
  static Dataset<Row> changedRows(Dataset<Row> rows, long count, Dataset<Row> stored, EntityConfig entity) {
    List<org.apache.spark.sql.Column> storedColumns = new ArrayList<>();
    org.apache.spark.sql.Column on = org.apache.spark.sql.functions.lit(true);
    for (int i = 0; i < entity.key().size(); i++) {
      String key = entity.key().get(i);
      storedColumns.add(col(quoted(key)).as("_stored_key_" + i));
      on = on.and(rows.col(quoted(key)).eqNullSafe(col("_stored_key_" + i)));
    }
    storedColumns.add(col(RowHash.COLUMN).as("_stored_hash"));
    entity.changeOrder().ifPresent(order -> storedColumns.add(col(quoted(order)).as("_stored_order")));
    // The stored rows of the incoming keys first: a semi join with the keys broadcast scans the table
    // without shuffling it, and only those rows meet the incoming ones.
    Dataset<Row> incomingKeys = ChangeBroadcast.ifSmall(rows.select(entity.key().stream().map(key -> col(quoted(key)))
        .toArray(org.apache.spark.sql.Column[]::new)), count);
    org.apache.spark.sql.Column incoming = org.apache.spark.sql.functions.lit(true);
    for (int i = 0; i < entity.key().size(); i++) {
      incoming = incoming.and(col("_stored_key_" + i).eqNullSafe(incomingKeys.col(quoted(entity.key().get(i)))));
    }
    Dataset<Row> selected = stored.select(storedColumns.toArray(org.apache.spark.sql.Column[]::new));
    Dataset<Row> current = selected.join(incomingKeys, incoming, "left_semi");
    org.apache.spark.sql.Column differs = col("_stored_hash").isNull().or(rows.col(RowHash.COLUMN).notEqual(col("_stored_hash"))
        .and(entity.changeOrder().map(order -> col("_stored_order").isNull().or(rows.col(quoted(order))
            .geq(col("_stored_order")))).orElse(org.apache.spark.sql.functions.lit(true))));
    List<org.apache.spark.sql.Column> output = new ArrayList<>(java.util.Arrays.stream(rows.columns()).map(name -> rows.col(quoted(name))).toList());
    output.add(col("_stored_hash").isNull().as(NEW_KEY));
    return rows.join(current, on, "left").filter(differs).select(output.toArray(org.apache.spark.sql.Column[]::new));
  }

  /** Deletes the stored keys the snapshot does not hold; returns how many rows went. */
  private static long deleteMissing(SparkSession spark, String location, Dataset<Row> snapshotKeys, EntityConfig entity) {
    DeltaTable target = DeltaTable.forPath(spark, location);
    scala.collection.immutable.Seq<String> keys = scala.jdk.javaapi.CollectionConverters.asScala(entity.key()).toList();
    // Renamed, so the MERGE condition does not see the table's own columns on both sides.
    List<org.apache.spark.sql.Column> renamed = new ArrayList<>();
    List<String> on = new ArrayList<>();
    for (int i = 0; i < entity.key().size(); i++) {
      renamed.add(col(quoted(entity.key().get(i))).as("_gone_" + i));
      on.add("t." + quoted(entity.key().get(i)) + " = s._gone_" + i);
    }
    Dataset<Row> gone = target.toDF().select(entity.key().stream().map(key -> col(quoted(key))).toArray(org.apache.spark.sql.Column[]::new))
        .join(snapshotKeys, keys, "left_anti").select(renamed.toArray(org.apache.spark.sql.Column[]::new)).localCheckpoint();
    if (gone.isEmpty()) {
      return 0;
    }
    if (io.strata.jobs.delta.RowLevelTables.prepareRowChanges(spark, location)) {
      target = DeltaTable.forPath(spark, location);
    }
    // A MERGE returns its counts (a local row, no job): reading them back from the history would cost a query.
    return target.as("t").merge(gone.as("s"), String.join(" AND ", on)).whenMatched().delete().execute().head().<Long>getAs("num_deleted_rows");
  }

  /** The entity's key columns, as Spark resolves them. */
  static List<String> keyColumns(EntityConfig entity) {
    return entity.key().stream().map(SqlIdentifiers::quoted).toList();
  }

  /** Safe type changes (int to bigint, float to double, decimal precision up) widen the table; others fail. */
  private static void widenTypes(SparkSession spark, LakeLocation table, StructField[] existing, StructField[] incoming, EntityConfig entity,
      List<String> events) {
    List<String> widen = new ArrayList<>();
    for (StructField now : incoming) {
      for (StructField before : existing) {
        if (!before.name().equals(now.name()) || before.dataType().equals(now.dataType())) {
          continue;
        }
        if (!isSafeWidening(before.dataType(), now.dataType())) {
          throw new StrataException("entities." + entity.name() + ": column '" + now.name() + "' changed type from "
              + before.dataType().simpleString() + " to " + now.dataType().simpleString() + ", which is not a safe widening. "
              + "Fix: declare entities." + entity.name() + ".columns." + now.name() + ".type = " + before.dataType().simpleString()
              + ", or rebuild the processed table");
        }
        widen.add("ALTER TABLE delta.`" + table.uri() + "` ALTER COLUMN " + quoted(now.name()) + " TYPE "
            + now.dataType().sql());
        events.add("column '" + now.name() + "' widened from " + before.dataType().simpleString() + " to " + now.dataType().simpleString());
      }
    }
    if (!widen.isEmpty()) {
      spark.sql("ALTER TABLE delta.`" + table.uri() + "` SET TBLPROPERTIES ('delta.enableTypeWidening' = 'true')");
      widen.forEach(spark::sql);
    }
  }

  static boolean isSafeWidening(DataType from, DataType to) {
    List<DataType> integers = List.of(DataTypes.ByteType, DataTypes.ShortType, DataTypes.IntegerType, DataTypes.LongType);
    if (integers.contains(from) && integers.contains(to)) {
      return integers.indexOf(to) > integers.indexOf(from);
    }
    if (from.equals(DataTypes.FloatType) && to.equals(DataTypes.DoubleType)) {
      return true;
    }
    if (from instanceof DecimalType a && to instanceof DecimalType b) {
      return b.scale() >= a.scale() && b.precision() - b.scale() >= a.precision() - a.scale();
    }
    return from.equals(DataTypes.DateType) && to.equals(DataTypes.TimestampNTZType);
  }

}
