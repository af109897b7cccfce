package io.strata.jobs.delta;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;

import io.strata.layout.StrataException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * What the commits of a Delta table did between two versions, read from its commit files
 * ({@code _delta_log/<version>.json}): every file a commit added or removed names its partition.
 * Export uses it to replace only the changed partitions of a fact; maintain to compact only the
 * partitions written since it last looked. Both get an empty answer when it cannot be told
 * exactly (a commit file was cleaned up, or a commit changed the table's metadata, such as its
 * schema or partitioning), and then fall back to the whole table. A commit tagged
 * {@link CommitTag#COMMENTS_ONLY} (Strata's column comments) changes no data and no structure: its
 * metadata does not count.
 */
public final class DeltaChanges {
  private static final StructType PARTITION_VALUES = new StructType()
      .add("partitionValues", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType));
  private static final StructType COMMIT = new StructType()
      .add("add", PARTITION_VALUES.add("dataChange", DataTypes.BooleanType))
      .add("remove", PARTITION_VALUES)
      .add("metaData", new StructType().add("id", DataTypes.StringType))
      .add("commitInfo", new StructType().add("userMetadata", DataTypes.StringType));

  private DeltaChanges() {}

  /**
   * The values of {@code partitionColumn} touched by commits {@code after + 1 .. upTo}; empty when
   * that cannot be told exactly, in which case the caller reloads the whole table. The model's
   * facts are written with dynamic partition overwrite, so a run's commit adds and removes files
   * in exactly the partitions it replaced.
   */
  public static Optional<Set<String>> partitionsChanged(SparkSession spark, String location, long after, long upTo,
      String partitionColumn) {
    Set<String> partitions = new TreeSet<>();
    if (upTo <= after) {
      return Optional.of(partitions);
    }
    Optional<Dataset<Row>> commits = commits(spark, location, after, upTo);
    if (commits.isEmpty()) {
      return Optional.empty();
    }
    List<Row> rows = commits.get()
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

  /**
   * The partitions that commits {@code after + 1 .. upTo} added data to, each as its values of
   * {@code partitionColumns} in that order ({@code null} for a null partition value). Files a
   * commit added without changing data (OPTIMIZE's rewrites) do not count. Empty when that cannot
   * be told exactly.
   */
  public static Optional<Set<List<String>>> partitionsWritten(SparkSession spark, String location, long after, long upTo,
      List<String> partitionColumns) {
    Set<List<String>> partitions = new LinkedHashSet<>();
    if (upTo <= after) {
      return Optional.of(partitions);
    }
    Optional<Dataset<Row>> commits = commits(spark, location, after, upTo);
    if (commits.isEmpty()) {
      return Optional.empty();
    }
    List<Column> columns = new ArrayList<>();
    columns.add(col("metaData.id").isNotNull().as("_metadata"));
    for (int i = 0; i < partitionColumns.size(); i++) {
      columns.add(col("add.partitionValues").getItem(partitionColumns.get(i)).as("_p" + i));
    }
    List<Row> rows = commits.get()
        .filter(col("metaData.id").isNotNull().or(col("add").isNotNull().and(col("add.dataChange").equalTo(lit(true)))))
        .select(columns.toArray(Column[]::new)).distinct().collectAsList();
    for (Row row : rows) {
      if (row.getBoolean(0)) {
        return Optional.empty();
      }
      List<String> values = new ArrayList<>(partitionColumns.size());
      for (int i = 0; i < partitionColumns.size(); i++) {
        values.add(row.isNullAt(i + 1) ? null : row.getString(i + 1));
      }
      partitions.add(Collections.unmodifiableList(values));
    }
    return Optional.of(partitions);
  }

  /**
   * When {@code version} was committed: its commit file's time, which is what Delta takes as the
   * commit's time (unless in-commit timestamps are on) and what VACUUM compares with. Empty when
   * the commit file is gone (log clean-up) or never existed.
   */
  public static Optional<Instant> committedAt(Configuration hadoop, String location, long version) {
    Path commit = commitFile(location, version);
    try {
      return Optional.of(Instant.ofEpochMilli(commit.getFileSystem(hadoop).getFileStatus(commit).getModificationTime()));
    } catch (FileNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StrataException("cannot read " + commit + ": " + e.getMessage(), e);
    }
  }

  /** The actions of commits {@code after + 1 .. upTo}, or empty when one of their files is gone. */
  private static Optional<Dataset<Row>> commits(SparkSession spark, String location, long after, long upTo) {
    List<String> commits = new ArrayList<>();
    try {
      FileSystem fs = commitFile(location, 0).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (long version = after + 1; version <= upTo; version++) {
        Path commit = commitFile(location, version);
        if (!fs.exists(commit)) {
          return Optional.empty();
        }
        commits.add(commit.toString());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    Dataset<Row> actions = spark.read().schema(COMMIT).json(commits.toArray(String[]::new))
        .withColumn("_commit", org.apache.spark.sql.functions.input_file_name());
    List<String> commentsOnly = actions.filter(col("commitInfo.userMetadata").equalTo(lit(CommitTag.COMMENTS_ONLY))).select("_commit").distinct()
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
    if (commentsOnly.isEmpty()) {
      return Optional.of(actions);
    }
    // The metadata of a comments-only commit is dropped, so callers never see it.
    Column kept = col("metaData.id").isNull().or(not(col("_commit").isin(commentsOnly.toArray())));
    return Optional.of(actions.withColumn("metaData", org.apache.spark.sql.functions.when(kept, col("metaData"))));
  }

  private static Path commitFile(String location, long version) {
    return new Path(new Path(location, "_delta_log"), String.format("%020d.json", version));
  }
}
