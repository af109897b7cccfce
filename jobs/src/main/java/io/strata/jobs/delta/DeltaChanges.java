package io.strata.jobs.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.strata.layout.StrataException;
import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

/**
 * What the commits of a Delta table did between two versions, read from its commit files
 * ({@code _delta_log/<version>.json}): every file a commit added or removed names its partition.
 * Export uses it to replace only the changed partitions of a fact; maintain to compact only the
 * partitions written since it last looked. Both get an empty answer when it cannot be told
 * exactly (a commit file was cleaned up, or a commit changed the table's metadata, such as its
 * schema or partitioning), and then fall back to the whole table. A commit tagged
 * {@link CommitTag#COMMENTS_ONLY} (Strata's column comments) changes no data and no structure: its
 * metadata does not count. The commit files are read on the driver: a day's few commits are a few
 * kilobytes of JSON, which a Spark query would take two jobs to read.
 */
public final class DeltaChanges {
  private static final ObjectMapper JSON = new ObjectMapper();

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
    Optional<List<Action>> commits = commits(spark, location, after, upTo);
    if (commits.isEmpty()) {
      return Optional.empty();
    }
    for (Action action : commits.get()) {
      if (action.metadata()) {
        return Optional.empty();
      }
      String partition = action.partitionValue(partitionColumn);
      if (partition != null) {
        partitions.add(partition);
      }
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
    Optional<List<Action>> commits = commits(spark, location, after, upTo);
    if (commits.isEmpty()) {
      return Optional.empty();
    }
    for (Action action : commits.get()) {
      if (action.metadata()) {
        return Optional.empty();
      }
      if (action.add() != null && action.add().path("dataChange").asBoolean(false)) {
        List<String> values = new ArrayList<>(partitionColumns.size());
        for (String column : partitionColumns) {
          JsonNode value = action.add().path("partitionValues").get(column);
          values.add(value == null || value.isNull() ? null : value.asText());
        }
        partitions.add(Collections.unmodifiableList(values));
      }
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

  /**
   * One action of a commit file that this class looks at: a file added or removed, or the table's
   * metadata set (unless the commit only wrote column comments, whose metadata does not count).
   */
  private record Action(JsonNode add, JsonNode remove, boolean metadata) {
    /** The partition value of the file it added or removed; null when it names none. */
    String partitionValue(String column) {
      for (JsonNode file : new JsonNode[] {add, remove}) {
        JsonNode value = file == null ? null : file.path("partitionValues").get(column);
        if (value != null && !value.isNull()) {
          return value.asText();
        }
      }
      return null;
    }
  }

  /** The actions of commits {@code after + 1 .. upTo}, or empty when one of their files is gone. */
  private static Optional<List<Action>> commits(SparkSession spark, String location, long after, long upTo) {
    List<Action> actions = new ArrayList<>();
    try {
      FileSystem fs = commitFile(location, 0).getFileSystem(spark.sparkContext().hadoopConfiguration());
      for (long version = after + 1; version <= upTo; version++) {
        Optional<List<Action>> commit = commit(fs, commitFile(location, version));
        if (commit.isEmpty()) {
          return Optional.empty();
        }
        actions.addAll(commit.get());
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.of(actions);
  }

  /** One commit file's actions (one JSON object per line), or empty when the file is gone. */
  private static Optional<List<Action>> commit(FileSystem fs, Path file) throws IOException {
    List<Action> actions = new ArrayList<>();
    boolean commentsOnly = false;
    try (FSDataInputStream in = fs.open(file);
         BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank()) {
          continue;
        }
        JsonNode action = JSON.readTree(line);
        commentsOnly |= CommitTag.COMMENTS_ONLY.equals(action.path("commitInfo").path("userMetadata").asText(null));
        JsonNode add = action.get("add");
        JsonNode remove = action.get("remove");
        boolean metadata = action.has("metaData");
        if (add != null || remove != null || metadata) {
          actions.add(new Action(add, remove, metadata));
        }
      }
    } catch (FileNotFoundException e) {
      return Optional.empty();
    }
    if (commentsOnly) {
      actions.replaceAll(action -> new Action(action.add(), action.remove(), false));
    }
    return Optional.of(actions);
  }

  private static Path commitFile(String location, long version) {
    return new Path(new Path(location, "_delta_log"), String.format("%020d.json", version));
  }
}
