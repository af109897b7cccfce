package io.strata.jobs.model;

import io.strata.jobs.delta.TableLog;
import io.strata.jobs.spark.ChangeBroadcast;
import static io.strata.jobs.model.DimensionColumns.ROW_HASH;
import static io.strata.jobs.model.DimensionColumns.columns;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import io.strata.layout.StrataException;
import io.strata.layout.config.DimensionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Builds an SCD1 dimension: one row per member, attributes overwritten in place. A member keeps
 * its surrogate key; a new member gets the next one (in natural-key order). Unchanged members
 * (same row hash) are not rewritten.
 */
final class Scd1DimensionBuilder {
  private Scd1DimensionBuilder() {}

  static DimensionBuild build(SparkSession spark, DimensionConfig dimension, Dataset<Row> source, String location,
      SurrogateKeyHighWater highWater) {
    String prefix = "model.dimensions." + dimension.name() + ".";
    ModelSources.require(source, prefix + "natural-key", dimension.naturalKey());
    ModelSources.require(source, prefix + "columns", dimension.attributes());
    List<String> attributes = dimension.attributes().isEmpty()
        ? Arrays.stream(source.columns()).filter(name -> !name.startsWith("_") && !dimension.naturalKey().contains(name)).toList()
        : dimension.attributes();
    List<String> values = new ArrayList<>(dimension.naturalKey());
    values.addAll(attributes);
    String key = dimension.keyColumn();
    Column keyPresent = lit(true);
    for (String part : dimension.naturalKey()) {
      keyPresent = keyPresent.and(DimensionColumns.column(part).isNotNull());
    }
    Dataset<Row> members = source.filter(keyPresent).select(columns(values)).dropDuplicates()
        .withColumn(ROW_HASH, DimensionColumns.hashOf(attributes)).localCheckpoint();
    List<Row> duplicates = members.groupBy(columns(dimension.naturalKey())).count().filter(col("count").gt(1)).limit(3).collectAsList();
    if (!duplicates.isEmpty()) {
      throw new StrataException(prefix + "natural-key: the source has several different rows for one key: "
          + duplicates.stream().map(Row::toString).collect(Collectors.joining(", "))
          + ". Fix: make the natural key identify one row, or deduplicate the source");
    }
    boolean exists = TableLog.exists(spark, location);
    long memberCount = members.count();
    Dataset<Row> all = exists ? spark.read().format("delta").load(location).filter(col(key).notEqual(DimensionColumns.UNKNOWN_KEY))
        : members.limit(0).withColumn(key, lit(null).cast("bigint"));
    // Only the stored rows of the members read are compared; their keys are broadcast, so the table is scanned without a shuffle.
    Dataset<Row> stored = exists ? all.join(ChangeBroadcast.ifSmall(members.select(columns(dimension.naturalKey())), memberCount),
        Scd2DimensionBuilder.scalaList(dimension.naturalKey()), "left_semi").localCheckpoint() : all;
    Dataset<Row> changed = members.join(stored.select(columns(concat(dimension.naturalKey(), List.of(ROW_HASH)))),
        Scd2DimensionBuilder.scalaList(concat(dimension.naturalKey(), List.of(ROW_HASH))), "left_anti");
    Dataset<Row> withKeys = changed.join(stored.select(columns(concat(dimension.naturalKey(), List.of(key)))),
        Scd2DimensionBuilder.scalaList(dimension.naturalKey()), "left");
    long greatest = Math.max(SurrogateKeys.greatest(all, key), highWater.read());
    List<Column> output = new ArrayList<>(List.of(col(key)));
    output.addAll(List.of(columns(values)));
    output.add(col(ROW_HASH));
    Dataset<Row> upserts = SurrogateKeys.assign(withKeys, key, greatest, List.of(columns(dimension.naturalKey())))
        .select(output.toArray(Column[]::new));
    upserts = io.strata.jobs.spark.HeldRows.byTheNextFullRead(upserts);
    SurrogateKeys.Upserted counts = SurrogateKeys.Upserted.of(upserts, key, greatest);
    long inserted = counts.inserted();
    long updated = counts.updated();
    if (!exists) {
      DimensionMerge.create(upserts, location, key);
    } else if (inserted + updated > 0) {
      DimensionMerge.merge(spark, location, key, upserts, greatest, upserts.limit(0), updated, 0, inserted);
    }
    if (inserted > 0) {
      highWater.write(greatest + inserted);
    }
    return new DimensionBuild(memberCount, inserted, updated, 0);
  }

  private static Column[] columns(List<String> names) {
    return DimensionColumns.columns(names);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return all;
  }
}
