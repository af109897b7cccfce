package io.strata.jobs.delta;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Which partitions of a Delta table changed between two versions, read from the table's commit
 * files: every file a commit added or removed names its partition. The model's facts are written
 * with dynamic partition overwrite, so a run's commit adds and removes files in exactly the
 * partitions it replaced. Shared by the stages that read the lake's Delta history (export, maintain).
 */
public final class DeltaChanges {
  private static final StructType PARTITION_VALUES = new StructType()
      .add("partitionValues", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
  private static final StructType COMMIT = new StructType()
      .add("add", PARTITION_VALUES)
      .add("remove", PARTITION_VALUES)
      .add("metaData", new StructType().add("id", DataTypes.StringType));

  private DeltaChanges() {}

  /**
   * The values of {@code partitionColumn} touched by commits {@code after + 1 .. upTo}; empty when
   * that cannot be told exactly (a commit file was cleaned up, or a commit changed the table's
   * metadata such as its schema), in which case the caller reloads the whole table.
   */
  public static Optional<Set<String>> partitionsChanged(SparkSession spark, String location, long after, long upTo, String partitionColumn) {
    Set<String> partitions = new TreeSet<>();
    if (upTo <= after) {
      return Optional.of(partitions);
    }
    List<String> commits = new ArrayList<>();
    try {
      Path log = new Path(location, "_delta_log");
      FileSystem fs = log.getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (long version = after + 1; version <= upTo; version++) {
        Path commit = new Path(log, String.format("%020d.json", version));
        if (!fs.exists(commit)) {
          return Optional.empty();
        }
        commits.add(commit.toString());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    List<Row> rows = spark.read().schema(COMMIT).json(commits.toArray(String[]::new))
        .select(coalesce(col("add.partitionValues").getItem(partitionColumn), col("remove.partitionValues").getItem(partitionColumn))
            .as("partition"), col("metaData.id").isNotNull().as("metadata"))
        .filter(col("partition").isNotNull().or(col("metadata").equalTo(lit(true))))
        .distinct().collectAsList();
    for (Row row : rows) {
      if (row.getBoolean(1)) {
        return Optional.empty();
      }
      partitions.add(row.getString(0));
    }
    return Optional.of(partitions);
  }
}
