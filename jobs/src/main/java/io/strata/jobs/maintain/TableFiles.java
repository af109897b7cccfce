package io.strata.jobs.maintain;

import static java.util.Objects.requireNonNull;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.delta.DeltaLog;
import org.apache.spark.sql.delta.Snapshot;
import org.apache.spark.sql.types.StructType;
import scala.jdk.javaapi.CollectionConverters;

/**
 * A Delta table's data files per partition at its current version, read from the table's log
 * (no data file is opened): what compaction decides on. An unpartitioned table is one partition
 * with no values.
 *
 * @param tableId the table's id in its metadata; a table deleted and written anew gets another one
 * @param version the table version the files are of
 * @param partitionSchema the partition columns, in order, with their types
 * @param partitions the partitions that hold files
 */
record TableFiles(String tableId, long version, StructType partitionSchema, List<PartitionFiles> partitions) {
  /**
   * One partition's files.
   *
   * @param values the partition's values as Delta records them (strings, {@code null} for a null value), in column order
   * @param files how many data files it holds
   * @param bytes their size
   * @param smallFiles how many are below the compaction's small-file size
   * @param rewritableFiles how many OPTIMIZE would consider rewriting (below its {@code optimize.minFileSize})
   */
  record PartitionFiles(List<String> values, long files, long bytes, long smallFiles, long rewritableFiles) {}

  TableFiles {
    requireNonNull(tableId, "tableId is null");
    requireNonNull(partitionSchema, "partitionSchema is null");
    partitions = List.copyOf(partitions);
  }

  static TableFiles read(SparkSession spark, String location, long smallBytes, long rewritableBytes) {
    Snapshot snapshot = DeltaLog.forTableWithSnapshot(spark, location)._2();
    List<String> columns = CollectionConverters.asJava(snapshot.metadata().partitionColumns());
    List<Column> keys = new ArrayList<>();
    for (int i = 0; i < columns.size(); i++) {
      keys.add(col("partitionValues").getItem(columns.get(i)).as("_p" + i));
    }
    List<Row> rows = snapshot.allFiles().toDF().groupBy(keys.toArray(Column[]::new)).agg(
        count(lit(1)), sum(col("size")),
        sum(when(col("size").lt(smallBytes), 1).otherwise(0)),
        sum(when(col("size").lt(rewritableBytes), 1).otherwise(0))).collectAsList();
    List<PartitionFiles> partitions = new ArrayList<>();
    for (Row row : rows) {
      int n = columns.size();
      long files = row.getLong(n);
      if (files == 0) {
        continue; // an empty unpartitioned table still yields one row
      }
      List<String> values = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        values.add(row.isNullAt(i) ? null : row.getString(i));
      }
      partitions.add(new PartitionFiles(Collections.unmodifiableList(values), files, row.getLong(n + 1), row.getLong(n + 2),
          row.getLong(n + 3)));
    }
    partitions.sort(java.util.Comparator.comparing(partition -> String.valueOf(partition.values())));
    return new TableFiles(snapshot.metadata().id(), snapshot.version(), snapshot.metadata().partitionSchema(), partitions);
  }

  boolean partitioned() {
    return !partitionSchema.isEmpty();
  }

  long files() {
    return partitions.stream().mapToLong(PartitionFiles::files).sum();
  }

  long bytes() {
    return partitions.stream().mapToLong(PartitionFiles::bytes).sum();
  }

  /** {@code partition_date=2026-03-01}, or {@code a=1/b=x} for several columns. */
  String describe(PartitionFiles partition) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < partitionSchema.size(); i++) {
      text.append(i == 0 ? "" : "/").append(partitionSchema.fields()[i].name()).append('=')
          .append(partition.values().get(i) == null ? "null" : partition.values().get(i));
    }
    return text.toString();
  }
}
