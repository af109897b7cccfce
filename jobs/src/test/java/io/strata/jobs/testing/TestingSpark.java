package io.strata.jobs.testing;

import io.strata.jobs.spark.SparkSessionFactory;
import io.strata.layout.Layer;
import io.strata.layout.config.LakeConfig;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.S3Settings;
import io.strata.layout.config.Secret;
import io.strata.layout.config.SparkSettings;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/**
 * One local SparkSession per test JVM (a second one costs seconds per class), built by the
 * production {@link SparkSessionFactory} and wired to the shared test S3 server.
 */
public final class TestingSpark {
  public static final String LAKE_BUCKET = "strata-lake";
  private static SparkSession session;
  private static Path scratch;

  private TestingSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessionFactory.create(pipeline("s3a://" + TestingS3Server.shared().bucket(LAKE_BUCKET) + "/shared"));
    }
    return session;
  }

  /** A pipeline config whose lake is {@code root} on the test S3 server, with test-sized Spark settings. */
  public static PipelineConfig pipeline(String root) {
    return pipeline(root, Map.of());
  }

  /** As {@link #pipeline(String)}, with these sources. */
  public static PipelineConfig pipeline(String root, Map<String, io.strata.layout.config.SourceConfig> sources) {
    TestingS3Server s3 = TestingS3Server.shared();
    S3Settings s3Settings = new S3Settings(Optional.of(s3.endpoint()), "us-east-1", true, false,
        Optional.of(Secret.of("test", TestingS3Server.ACCESS_KEY)), Optional.of(Secret.of("test", TestingS3Server.SECRET_KEY)),
        Optional.empty());
    Map<Layer, OptionalInt> retention = new EnumMap<>(Layer.class);
    for (Layer layer : Layer.values()) {
      retention.put(layer, layer.defaultRetentionDays());
    }
    // Compiling every query costs more CPU than tiny test data: the suite runs interpreted, without adaptive
    // execution and with a limit read in one job, as a local run on a small lake does (SmallDataSettings). The demo, strata-local and cluster tests run
    // their own sessions.
    SparkSettings spark = new SparkSettings(Optional.of("local[2]"), "strata-tests", 2, Map.of(
        "spark.ui.enabled", "false",
        "spark.default.parallelism", "2",
        "spark.sql.codegen.wholeStage", "false",
        "spark.sql.codegen.factoryMode", "NO_CODEGEN",
        "spark.sql.adaptive.enabled", "false",
        "spark.sql.limit.initialNumPartitions", "1000",
        "spark.sql.warehouse.dir", scratch().resolve("spark-warehouse").toString()));
    return new PipelineConfig("tests", scratch().resolve("tests.conf"), new LakeConfig(URI.create(root), s3Settings, retention),
        spark, Optional.empty(), sources, Map.of(), io.strata.layout.config.PiiSettings.defaults());
  }

  private static synchronized Path scratch() {
    if (scratch == null) {
      try {
        scratch = Files.createTempDirectory("strata-tests");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return scratch;
  }
}
