package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import io.strata.jobs.spark.ChangeBroadcast;
import io.strata.jobs.spark.HeldRows;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_FROM;
import static io.strata.jobs.model.DimensionColumns.EFFECTIVE_TO;
import static io.strata.jobs.model.DimensionColumns.IS_CURRENT;
import static io.strata.jobs.model.DimensionColumns.IS_DELETED;
import static io.strata.jobs.model.DimensionColumns.ROW_HASH;
import static io.strata.jobs.model.DimensionColumns.VERSION;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.strata.layout.config.DimensionConfig;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds an SCD2 dimension: the keys whose history the source changes (new values, late
 * changes, deletes, returns) get their whole history rebuilt from stored versions plus the new
 * events; only rows that differ are merged, so a run costs what changed, and a re-run changes nothing.
 */
final class Scd2DimensionBuilder {
  private Scd2DimensionBuilder() {}

  static DimensionBuild build(SparkSession spark, DimensionConfig dimension, DimensionInput input, String location,
      SurrogateKeyHighWater highWater, LocalDate runDate) {
    Dataset<Row> source = input.rows();
    String prefix = "model.dimensions." + dimension.name() + ".";
    ModelSources.require(source, prefix + "natural-key", dimension.naturalKey());
    ModelSources.require(source, prefix + "tracked", dimension.tracked());
    ModelSources.require(source, prefix + "type-1", dimension.typeOne());
    ModelSources.require(source, prefix + "change-time", dimension.changeTime().map(List::of).orElse(List.of()));
    String key = dimension.keyColumn();
    Scd2Events events = new Scd2Events(dimension);
    HeldRows heldChanges = events.changes(source, runDate, input.onePerKey());
    Dataset<Row> changes = heldChanges.rows();
    long rowsRead = heldChanges.count();
    boolean exists = TableLog.exists(spark, location);
    Dataset<Row> all = exists
        ? spark.read().format("delta").load(location).filter(col(key).notEqual(DimensionColumns.UNKNOWN_KEY))
        : emptyStored(changes, dimension);
    // Only a full snapshot tells that a missing key was deleted; an incremental build gets the deleted keys from the change feed.
    Dataset<Row> deletes = !dimension.fullSnapshot() ? events.deletes(changes, all.limit(0), runDate)
        : input.incremental() ? events.deletesOf(input.deletedKeys().get(), all, runDate)
        : events.deletes(changes, all, runDate);
    HeldRows heldDeletes = HeldRows.counted(deletes);
    deletes = heldDeletes.rows();
    long deleteCount = heldDeletes.count();
    Dataset<Row> stored;
    Dataset<Row> rebuilt;
    if (!exists && input.onePerKey() && deleteCount == 0) {
      // A first build from one row per member: each row is its member's whole history.
      stored = all;
      rebuilt = Scd2History.firstVersions(changes, dimension);
    } else {
      // The stored history of the members this run touches: all the rebuild needs.
      Dataset<Row> touched = changes.select(columns(dimension.naturalKey())).union(deletes.select(columns(dimension.naturalKey()))).distinct();
      stored = all.join(ChangeBroadcast.ifSmall(touched, rowsRead + deleteCount), scalaList(dimension.naturalKey()), "left_semi")
          .localCheckpoint();
      Dataset<Row> incoming = events.news(changes, stored).select(valueColumns(dimension, Scd2Events.TIME, Scd2Events.HASH))
          .unionByName(events.returns(changes, stored, runDate));
      rebuilt = Scd2History.rebuild(events.all(incoming, deletes, stored, key), dimension);
    }
    long greatest = Math.max(SurrogateKeys.greatest(all, key), highWater.read());
    List<Column> order = new ArrayList<>(List.of(columns(dimension.naturalKey())));
    order.add(col(EFFECTIVE_FROM));
    HeldRows heldKeyed = HeldRows.counted(SurrogateKeys.assign(rebuilt, key, greatest, order));
    Dataset<Row> keyed = heldKeyed.rows();
    long keyedCount = heldKeyed.count();
    Scd2Invariants.check(keyed, dimension);
    if (!exists) {
      // A first build has no stored row to compare with or collide with: every row is new.
      DimensionMerge.create(keyed, location, key);
      if (keyedCount > 0) {
        highWater.write(greatest + keyedCount);
      }
      return new DimensionBuild(rowsRead, keyedCount, 0, 0);
    }
    Dataset<Row> affected = stored.join(ChangeBroadcast.ifSmall(keyed.select(columns(dimension.naturalKey())).distinct(), keyedCount),
        scalaList(dimension.naturalKey()), "left_semi").select(DimensionMerge.all(keyed));
    // No stored row of another member can hold a key the rebuild uses: a reused key is one of the
    // rebuilt members' own stored rows (in affected), and a new key is above the greatest stored one.
    Dataset<Row> upserts = HeldRows.byTheNextFullRead(keyed.except(affected));
    HeldRows heldRemoved = HeldRows.counted(affected.join(keyed, scalaList(List.of(key)), "left_anti"));
    Dataset<Row> removed = heldRemoved.rows();
    SurrogateKeys.Upserted counts = SurrogateKeys.Upserted.of(upserts, key, greatest);
    long inserted = counts.inserted();
    long updated = counts.updated();
    long removedCount = heldRemoved.count();
    if (inserted + updated + removedCount > 0) {
      DimensionMerge.merge(spark, location, key, upserts, greatest, removed, updated, removedCount, inserted);
    }
    if (inserted > 0) {
      highWater.write(greatest + inserted);
    }
    return new DimensionBuild(rowsRead, inserted, updated, removedCount);
  }

  /** The stored rows of a dimension that does not exist yet: none, with the columns a stored row has. */
  private static Dataset<Row> emptyStored(Dataset<Row> changes, DimensionConfig dimension) {
    List<Column> output = new ArrayList<>(List.of(lit(null).cast("bigint").as(dimension.keyColumn())));
    output.addAll(List.of(valueColumns(dimension)));
    output.addAll(List.of(col(Scd2Events.TIME).as(EFFECTIVE_FROM), col(Scd2Events.TIME).as(EFFECTIVE_TO), lit(false).as(IS_CURRENT),
        lit(0).as(VERSION), lit(false).as(IS_DELETED), col(Scd2Events.HASH).as(ROW_HASH)));
    // Built from the schema alone, so it shares no lineage with the changes it is joined to.
    org.apache.spark.sql.types.StructType schema = changes.limit(0).select(output.toArray(Column[]::new)).schema();
    return changes.sparkSession().createDataFrame(List.of(), schema);
  }

  private static Column[] valueColumns(DimensionConfig dimension, String... extra) {
    List<String> names = new ArrayList<>(dimension.naturalKey());
    names.addAll(dimension.tracked());
    names.addAll(dimension.typeOne());
    names.addAll(List.of(extra));
    return columns(names);
  }

  static scala.collection.immutable.Seq<String> scalaList(List<String> names) {
    return scala.jdk.javaapi.CollectionConverters.asScala(names).toList();
  }
}
