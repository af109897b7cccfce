package io.strata.jobs.spark;

import io.strata.jobs.lake.ForklessLocalFileSystem;
import io.strata.jobs.lake.ForklessLocalFs;
import io.strata.jobs.lake.LakePermissions;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.SparkSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The one way jobs get a SparkSession: Delta enabled, S3A set up for the lake, UTC, and defaults
 * that suit a laptop when the master is local. Under {@code spark-submit} the submitted master
 * and settings win over the config's {@code spark.master}.
 */
public final class SparkSessionFactory {
  static final String WAREHOUSE_DIR = "spark.sql.warehouse.dir";
  static final int CODEGEN_CACHE_ENTRIES = 2_000;

  private SparkSessionFactory() {}

  /**
   * Strata reads and writes tables by path and never needs Spark's managed-table warehouse, but
   * Spark creates it when its catalog starts: by default as an empty {@code spark-warehouse/} in
   * the working directory. It goes to a temporary directory instead, removed when the JVM exits
   * (a {@code spark.sql.warehouse.dir} in {@code spark.conf} or from spark-submit still wins).
   */
  static Path scratchWarehouse() {
    try {
      Path directory = Files.createTempDirectory("strata-spark-warehouse-");
      directory.toFile().deleteOnExit();
      return directory;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary directory for Spark's warehouse; set spark.conf { \""
          + WAREHOUSE_DIR + "\" = ... } in the config", e);
    }
  }

  public static SparkSession create(PipelineConfig config) {
    SparkConf submitted = new SparkConf();
    Map<String, String> settings = sessionSettings(config.spark(), submitted.getOption("spark.master").map(Optional::of)
        .getOrElse(Optional::empty));
    metastoreSettings(config.catalog()).forEach(settings::putIfAbsent);
    if (!settings.containsKey(WAREHOUSE_DIR) && !submitted.contains(WAREHOUSE_DIR)) {
      settings.put(WAREHOUSE_DIR, scratchWarehouse().toString());
    }
    Map<String, String> hadoop = new LinkedHashMap<>(S3aOptions.hadoopOptions(config.lake().s3()));
    hadoop.putAll(LakePermissions.hadoopOptions(config.lake()));
    SparkSession.Builder builder = SparkSession.builder();
    settings.forEach(builder::config);
    hadoop.forEach((key, value) -> builder.config("spark.hadoop." + key, value));
    SparkSession spark = builder.getOrCreate();
    // getOrCreate returns a running session as it is; the lake's S3A settings must still apply.
    Configuration hadoopConf = spark.sparkContext().hadoopConfiguration();
    hadoop.forEach(hadoopConf::set);
    LakePermissions.apply(config.lake(), hadoopConf);
    return spark;
  }

  /**
   * What points Spark's catalog at the configured metastore: a Hive metastore by URI, or AWS Glue
   * through the Glue client a cluster on AWS provides; nothing for the session catalog. Settings
   * in {@code spark.conf} win.
   */
  static Map<String, String> metastoreSettings(io.strata.layout.config.CatalogConfig catalog) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (catalog.type().equals("hive") || catalog.type().equals("glue")) {
      settings.put("spark.sql.catalogImplementation", "hive");
    }
    catalog.uri().ifPresent(uri -> settings.put("spark.hadoop.hive.metastore.uris", uri));
    if (catalog.type().equals("glue")) {
      settings.put("spark.hadoop.hive.metastore.client.factory.class", "com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory");
    }
    return settings;
  }

  /**
   * The Spark settings for a pipeline, in the order they apply; the config's {@code spark.conf}
   * comes last and overrides the engine's defaults.
   *
   * @param submittedMaster the {@code --master} spark-submit passed, which wins over the config's
   */
  static Map<String, String> sessionSettings(SparkSettings spark, Optional<String> submittedMaster) {
    Map<String, String> settings = new LinkedHashMap<>();
    boolean masterAlreadySet = submittedMaster.isPresent();
    String master = submittedMaster.orElseGet(() -> spark.master().orElse("local[*]"));
    if (!masterAlreadySet) {
      settings.put("spark.master", master);
    }
    settings.put("spark.app.name", spark.appName());
    settings.put("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    settings.put("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    settings.put("spark.sql.session.timeZone", "UTC");
    settings.put("spark.sql.shuffle.partitions", String.valueOf(spark.shufflePartitions()));
    // Strata prints its own progress; Spark's console bar would interleave with it.
    settings.put("spark.ui.showConsoleProgress", "false");
    // A run plans the same few hundred query shapes for every table and run date; Spark's default cache of 100
    // compiled classes evicts them, and the demo compiled 3,051 classes (37 s) instead of 1,615 (24 s).
    settings.put("spark.sql.codegen.cache.maxEntries", String.valueOf(CODEGEN_CACHE_ENTRIES));
    if (!masterAlreadySet && master.startsWith("local")) {
      settings.put("spark.driver.host", "127.0.0.1");
      settings.put("spark.driver.bindAddress", "127.0.0.1");
    }
    if (master.startsWith("local")) {
      // Small data on one machine (also strata-local, which submits local[*]): Delta's default of
      // 50 snapshot partitions costs seconds per table.
      settings.put("spark.databricks.delta.snapshotPartitions", "2");
      // Without Hadoop's native library, its file: file systems fork chmod for every file they create
      // and readlink for each rename (FileContext: Delta's log).
      settings.put("spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName());
      settings.put("spark.hadoop.fs.AbstractFileSystem.file.impl", ForklessLocalFs.class.getName());
    }
    settings.putAll(spark.conf());
    return settings;
  }
}
