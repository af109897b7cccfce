package io.strata.jobs.process;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The new raw batches of an entity as one frame, read once per process stage. The PII check and
 * the processing of an entity read the same batches: each read merges the batches' Parquet schemas
 * with a Spark job of its own, and each asked whether they hold a row with another.
 */
final class RawBatchFrames {
  private final SparkSession spark;
  private final Map<List<String>, Dataset<Row>> frames = new HashMap<>();
  private final Map<List<String>, Boolean> empty = new HashMap<>();

  RawBatchFrames(SparkSession spark) {
    this.spark = spark;
  }

  /** The batches' rows, partition columns taken from under {@code basePath}, their schemas merged. */
  Dataset<Row> of(String basePath, List<RawBatch> batches) {
    return frames.computeIfAbsent(key(basePath, batches), key -> spark.read().option("basePath", basePath).option("mergeSchema", "true")
        .parquet(batches.stream().map(RawBatch::uri).toArray(String[]::new)));
  }

  /** Whether the batches hold no row (an incremental API with nothing new still writes its empty batch). */
  boolean isEmpty(String basePath, List<RawBatch> batches) {
    return empty.computeIfAbsent(key(basePath, batches), key -> of(basePath, batches).isEmpty());
  }

  private static List<String> key(String basePath, List<RawBatch> batches) {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(basePath), batches.stream().map(RawBatch::uri)).toList();
  }
}
