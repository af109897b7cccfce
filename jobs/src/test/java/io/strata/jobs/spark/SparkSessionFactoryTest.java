package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.layout.config.S3Settings;
import io.strata.layout.config.Secret;
import io.strata.layout.config.SparkSettings;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SparkSessionFactoryTest {
  @Test
  void localRunsGetDeltaUtcAndLaptopDefaults() {
    Map<String, String> settings = SparkSessionFactory.sessionSettings(SparkSettings.defaults(), Optional.empty());

    assertThat(settings)
        .containsEntry("spark.master", "local[*]")
        .containsEntry("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension")
        .containsEntry("spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog")
        .containsEntry("spark.sql.session.timeZone", "UTC")
        .containsEntry("spark.sql.shuffle.partitions", "8")
        .containsEntry("spark.driver.bindAddress", "127.0.0.1")
        .containsEntry("spark.databricks.delta.snapshotPartitions", "2")
        .containsEntry("spark.hadoop.fs.file.impl", "io.strata.jobs.lake.ForklessLocalFileSystem")
        .containsEntry("spark.hadoop.fs.AbstractFileSystem.file.impl", "io.strata.jobs.lake.ForklessLocalFs")
        .containsEntry("spark.sql.codegen.cache.maxEntries", "2000");
  }

  @Test
  void spark_submitKeepsItsMasterAndClusterDefaults() {
    SparkSettings spark = new SparkSettings(Optional.of("local[*]"), "nightly", 200, Map.of());

    Map<String, String> settings = SparkSessionFactory.sessionSettings(spark, Optional.of("spark://10.0.0.1:7077"));

    assertThat(settings).doesNotContainKeys("spark.master", "spark.driver.bindAddress", "spark.databricks.delta.snapshotPartitions",
            "spark.hadoop.fs.file.impl", "spark.hadoop.fs.AbstractFileSystem.file.impl")
        .containsEntry("spark.app.name", "nightly")
        .containsEntry("spark.sql.shuffle.partitions", "200")
        .containsEntry("spark.sql.codegen.cache.maxEntries", "2000");
  }

  @Test
  void aLocalMasterFromSpark_submitStillGetsTheSmallDataSettings() {
    Map<String, String> settings = SparkSessionFactory.sessionSettings(SparkSettings.defaults(), Optional.of("local[*]"));

    assertThat(settings).doesNotContainKeys("spark.master", "spark.driver.bindAddress")
        .containsEntry("spark.databricks.delta.snapshotPartitions", "2");
  }

  @Test
  void theConfigsSparkConfOverridesEngineDefaults() {
    SparkSettings spark = new SparkSettings(Optional.of("local[2]"), "x", 4,
        Map.of("spark.sql.session.timeZone", "Europe/Berlin", "spark.databricks.delta.snapshotPartitions", "8"));

    assertThat(SparkSessionFactory.sessionSettings(spark, Optional.empty()))
        .containsEntry("spark.sql.session.timeZone", "Europe/Berlin")
        .containsEntry("spark.databricks.delta.snapshotPartitions", "8");
  }

  @Test
  void s3SettingsBecomeS3aOptions() {
    S3Settings s3 = new S3Settings(Optional.of("http://127.0.0.1:9000"), "eu-west-1", true, false,
        Optional.of(Secret.of("env:K", "key")), Optional.of(Secret.of("env:S", "secret")), Optional.empty());

    Map<String, String> expected = new java.util.HashMap<>(Map.of(
        "fs.s3a.endpoint", "http://127.0.0.1:9000",
        "fs.s3a.endpoint.region", "eu-west-1",
        "fs.s3a.path.style.access", "true",
        "fs.s3a.connection.ssl.enabled", "false",
        "fs.s3a.access.key", "key",
        "fs.s3a.secret.key", "secret",
        "fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider"));
    expected.putAll(Map.of(
        "fs.s3a.retry.limit", "7",
        "fs.s3a.retry.interval", "500ms",
        "fs.s3a.retry.throttle.limit", "20",
        "fs.s3a.retry.throttle.interval", "500ms",
        "fs.s3a.attempts.maximum", "5"));
    assertThat(S3aOptions.hadoopOptions(s3)).containsExactlyInAnyOrderEntriesOf(expected);
  }

  @Test
  void withoutKeysS3aKeepsItsDefaultCredentialChain() {
    assertThat(S3aOptions.hadoopOptions(S3Settings.defaults()))
        .doesNotContainKeys("fs.s3a.access.key", "fs.s3a.aws.credentials.provider", "fs.s3a.endpoint")
        .containsEntry("fs.s3a.connection.ssl.enabled", "true");
  }

  @Test
  void sparksWarehouseGoesToATemporaryDirectoryNotTheWorkingDirectory() {
    java.nio.file.Path warehouse = SparkSessionFactory.scratchWarehouse();

    assertThat(warehouse).isDirectory().isEmptyDirectory();
    assertThat(warehouse.toAbsolutePath().startsWith(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath())).isTrue();
    assertThat(warehouse.toAbsolutePath().startsWith(java.nio.file.Path.of("").toAbsolutePath())).isFalse();
  }
}
