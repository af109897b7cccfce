package io.strata.jobs.spark;

import io.strata.layout.config.PipelineConfig;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.SparkSession;

/**
 * How Spark runs the queries of a stage on small data: compiled or interpreted, planned adaptively
 * or once. Spark generates
 * and compiles Java for every query it plans (whole stages, projections, predicates); on a few
 * megabytes that compilation is most of a query's time (the demo: 146 s compiled, 103 s
 * interpreted), while on real volumes compiled code is several times faster per row. So a run
 * whose lake and file inputs hold less than {@link #THRESHOLD_BYTES} runs the stage
 * interpreted, and switches back as soon as they hold more. Such a stage also plans each query
 * once, without adaptive execution: on a few megabytes there is nothing to coalesce or re-join,
 * and its stage-by-stage re-planning ran a Spark job per exchange (the demo: 762 jobs with it, 490
 * without, about 8 s of its 90); and a {@code limit} reads every partition in one job, not one
 * partition first and more in later jobs. The same holds on a cluster, where the executors compile the
 * generated code again; there, an ingest that reads a source of unknown size (a database, a topic,
 * an API) keeps Spark's defaults, since that source may be large. A setting in {@code spark.conf},
 * from spark-submit or in Spark's own defaults (either code generation setting; adaptive
 * execution's or the limit's) leaves Spark's own choice alone.
 */
public final class SmallDataSettings {
  static final String WHOLE_STAGE = "spark.sql.codegen.wholeStage";
  static final String FACTORY_MODE = "spark.sql.codegen.factoryMode";
  static final String ADAPTIVE = "spark.sql.adaptive.enabled";
  /**
   * How many partitions a {@code limit}, {@code first} or {@code isEmpty} reads in its first job.
   * Spark's 1 suits large data; on a few megabytes a query that finds no row (an invariant check,
   * a search for colliding keys) takes a job for 1 partition, then for 4, then for the rest.
   */
  static final String LIMIT_PARTITIONS = "spark.sql.limit.initialNumPartitions";
  /** Partitions a small stage's {@code limit} reads at once: more than a small stage's queries have. */
  static final int SMALL_LIMIT_PARTITIONS = 1_000;
  /** Lake and input bytes under which a stage runs interpreted: compressed Parquet, so some hundreds of thousands of rows. */
  public static final long THRESHOLD_BYTES = 32L << 20;

  /** What a stage runs with, and why. */
  public record Choice(boolean interpreted, String reason) {}

  private final SparkSession spark;
  private final boolean strataChooses;
  private final boolean strataChoosesAdaptive;
  private final long threshold;
  private final boolean cluster;
  private Optional<Boolean> applied = Optional.empty();

  SmallDataSettings(SparkSession spark, boolean strataChooses, boolean strataChoosesAdaptive, long threshold, boolean cluster) {
    this.spark = spark;
    this.strataChooses = strataChooses;
    this.strataChoosesAdaptive = strataChoosesAdaptive;
    this.threshold = threshold;
    this.cluster = cluster;
  }

  /** For a run's session: Strata chooses unless either setting is in the config's spark.conf or from spark-submit. */
  public static SmallDataSettings forRun(SparkSession spark, PipelineConfig config) {
    org.apache.spark.SparkConf submitted = new org.apache.spark.SparkConf(); // spark-submit's --conf, as system properties
    org.apache.spark.SparkConf context = spark.sparkContext().getConf(); // spark-defaults.conf and the like
    java.util.function.Predicate<String> set = key -> config.spark().conf().containsKey(key) || submitted.contains(key)
        || context.contains(key);
    boolean userSet = Stream.of(WHOLE_STAGE, FACTORY_MODE).anyMatch(set);
    boolean adaptiveSet = Stream.of(ADAPTIVE, LIMIT_PARTITIONS).anyMatch(set);
    return new SmallDataSettings(spark, !userSet, !adaptiveSet, THRESHOLD_BYTES, !spark.sparkContext().isLocal());
  }

  /** {@link #apply(String, List, List)} for a stage that reads no source outside the lake but files. */
  public Optional<Choice> apply(String lakeRoot, List<String> inputs) {
    return apply(lakeRoot, inputs, List.of());
  }

  /**
   * Sets the session's code generation for a stage that reads the lake at {@code lakeRoot} and the
   * files of {@code inputs} (paths or globs). Returns the choice when it differs from the one the
   * previous stage ran with (so the first time, and when the data crossed the threshold), and empty
   * when it is the same or not Strata's to make (a setting the user made). {@code unmeasured} names
   * the stage's sources whose size cannot be told beforehand (a database table, a topic, an API): on
   * a cluster, where such a source may be large, they leave Spark's defaults for the stage; on a
   * local master the lake and files decide.
   */
  public Optional<Choice> apply(String lakeRoot, List<String> inputs, List<String> unmeasured) {
    if (!strataChooses && !strataChoosesAdaptive) {
      return Optional.empty();
    }
    Choice choice;
    if (cluster && !unmeasured.isEmpty()) {
      choice = new Choice(false, String.format("source(s) %s of unknown size on a cluster: Spark %s", String.join(", ", unmeasured),
          compiled(strataChooses, strataChoosesAdaptive)));
    } else {
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      long bytes = bytesUpTo(hadoop, lakeRoot, threshold);
      for (String input : inputs) {
        bytes += bytesUpTo(hadoop, input, threshold - bytes);
      }
      choice = choose(bytes, threshold, strataChooses, strataChoosesAdaptive);
    }
    if (applied.equals(Optional.of(choice.interpreted()))) {
      return Optional.empty();
    }
    if (strataChooses) {
      spark.conf().set(WHOLE_STAGE, String.valueOf(!choice.interpreted()));
      spark.conf().set(FACTORY_MODE, choice.interpreted() ? "NO_CODEGEN" : "FALLBACK");
    }
    if (strataChoosesAdaptive) {
      spark.conf().set(ADAPTIVE, String.valueOf(!choice.interpreted()));
      spark.conf().set(LIMIT_PARTITIONS, String.valueOf(choice.interpreted() ? SMALL_LIMIT_PARTITIONS : 1));
    }
    applied = Optional.of(choice.interpreted());
    return Optional.of(choice);
  }

  /** The choice for {@code bytes}, its reason naming what Strata sets: code generation, adaptive execution, or both. */
  static Choice choose(long bytes, long threshold, boolean codegen, boolean adaptive) {
    if (bytes < threshold) {
      List<String> how = new ArrayList<>();
      if (codegen) {
        how.add("evaluates queries without compiling them");
      }
      if (adaptive) {
        how.add("plans each query once (no adaptive execution)");
      }
      return new Choice(true, String.format("lake and inputs hold %s, under %s: Spark %s", size(bytes), size(threshold),
          String.join(" and ", how)));
    }
    return new Choice(false, String.format("lake and inputs hold %s or more: Spark %s", size(threshold), compiled(codegen, adaptive)));
  }

  /** What Spark does when Strata leaves it its defaults, in the words of {@link #choose}. */
  private static String compiled(boolean codegen, boolean adaptive) {
    List<String> how = new ArrayList<>();
    if (codegen) {
      how.add("compiles its queries");
    }
    if (adaptive) {
      how.add(codegen ? "plans them adaptively" : "plans its queries adaptively");
    }
    return String.join(" and ", how);
  }

  /**
   * The bytes of the files under {@code location} (a directory, a file or a glob), counted until
   * they reach {@code limit}: a large lake is not listed whole. A location that does not exist holds none.
   */
  static long bytesUpTo(Configuration hadoop, String location, long limit) {
    if (limit <= 0) {
      return 0;
    }
    Path pattern = new Path(location);
    long bytes = 0;
    try {
      FileSystem fs = pattern.getFileSystem(hadoop);
      FileStatus[] matches = fs.globStatus(pattern);
      if (matches == null) {
        return 0;
      }
      for (FileStatus match : matches) {
        if (!match.isDirectory()) {
          bytes += match.getLen();
        } else if (fs instanceof LocalFileSystem local) {
          bytes += localBytesUpTo(local.pathToFile(match.getPath()).toPath(), limit - bytes);
        } else {
          RemoteIterator<LocatedFileStatus> files = fs.listFiles(match.getPath(), true);
          while (files.hasNext() && bytes < limit) {
            bytes += files.next().getLen();
          }
        }
        if (bytes >= limit) {
          return limit;
        }
      }
      return bytes;
    } catch (FileNotFoundException e) {
      return bytes;
    } catch (IOException e) {
      return limit; // cannot tell: Spark's default, which is right for any size
    }
  }

  /**
   * Walked with Java's own file API: Hadoop's local listing (listFiles) reads each file's owner and
   * permissions, and without its native library that starts an {@code ls} process per file
   * (about 3 s per stage on the demo's lake).
   */
  private static long localBytesUpTo(java.nio.file.Path directory, long limit) throws IOException {
    long[] bytes = {0};
    java.nio.file.Files.walkFileTree(directory, new java.nio.file.SimpleFileVisitor<>() {
      @Override
      public java.nio.file.FileVisitResult visitFile(java.nio.file.Path file, java.nio.file.attribute.BasicFileAttributes attributes) {
        bytes[0] += attributes.size();
        return bytes[0] >= limit ? java.nio.file.FileVisitResult.TERMINATE : java.nio.file.FileVisitResult.CONTINUE;
      }

      @Override
      public java.nio.file.FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) {
        return java.nio.file.FileVisitResult.CONTINUE; // a file removed while walking holds nothing
      }
    });
    return bytes[0];
  }

  private static String size(long bytes) {
    return bytes < (1L << 20) ? String.format("%.1f KiB", bytes / 1024.0) : String.format("%.1f MiB", bytes / (double) (1L << 20));
  }
}
