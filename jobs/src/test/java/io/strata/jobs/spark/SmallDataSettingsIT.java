package io.strata.jobs.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.apache.spark.sql.functions.col;

import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.spark.metrics.source.CodegenMetrics;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SmallDataSettingsIT {
  @TempDir
  Path dir;

  @Test
  void aSmallLakeIsQueriedWithoutCompilingAndALargerOneCompiled() throws Exception {
    SparkSession spark = TestingSpark.session().newSession(); // its own settings: the shared session's stay as they are
    Files.createDirectories(dir.resolve("lake"));
    Files.write(dir.resolve("lake/part-0"), new byte[600]);
    Files.createDirectories(dir.resolve("landing"));
    Files.write(dir.resolve("landing/orders.csv"), new byte[300]);
    SmallDataSettings codegen = new SmallDataSettings(spark, true, true, 1_024, false);
    String lake = dir.resolve("lake").toUri().toString();
    List<String> inputs = List.of("file://" + dir.resolve("landing") + "/*.csv");

    assertThat(codegen.apply(lake, inputs)).hasValueSatisfying(choice -> assertThat(choice.interpreted()).isTrue());
    assertThat(spark.conf().get(SmallDataSettings.WHOLE_STAGE)).isEqualTo("false");
    assertThat(spark.conf().get(SmallDataSettings.FACTORY_MODE)).isEqualTo("NO_CODEGEN");
    assertThat(spark.conf().get(SmallDataSettings.ADAPTIVE)).isEqualTo("false");
    assertThat(spark.conf().get(SmallDataSettings.LIMIT_PARTITIONS)).isEqualTo("1000");
    assertThat(codegen.apply(lake, inputs)).as("the same choice again is not news").isEmpty();
    long before = compilations();
    assertThat(sumOfEvenNumbersBelowTen(spark)).isEqualTo(20L);
    long interpretedCompilations = compilations() - before;

    Files.write(dir.resolve("lake/part-1"), new byte[600]); // the lake now holds more than the threshold
    assertThat(codegen.apply(lake, inputs)).hasValueSatisfying(choice -> assertThat(choice.interpreted()).isFalse());
    assertThat(spark.conf().get(SmallDataSettings.WHOLE_STAGE)).isEqualTo("true");
    assertThat(spark.conf().get(SmallDataSettings.FACTORY_MODE)).isEqualTo("FALLBACK");
    assertThat(spark.conf().get(SmallDataSettings.ADAPTIVE)).isEqualTo("true");
    assertThat(spark.conf().get(SmallDataSettings.LIMIT_PARTITIONS)).isEqualTo("1");
    before = compilations();
    assertThat(sumOfEvenNumbersBelowTen(spark)).isEqualTo(20L);
    long compiledCompilations = compilations() - before;
    // Compiled, each stage of the query is a class of its own; interpreted, only the returned row's decoder is generated.
    // (The count is the JVM's: another thread compiling at the same time would add to either side, hence the margin.)
    assertThat(compiledCompilations).as("classes compiled for the query on larger data").isGreaterThanOrEqualTo(4);
    assertThat(interpretedCompilations).as("classes compiled for the same query on small data").isLessThan(compiledCompilations / 2);
  }

  @Test
  void onAClusterASourceOfUnknownSizeLeavesSparksDefaultsAndTheLakeDecidesOtherwise() throws Exception {
    SparkSession spark = TestingSpark.session().newSession();
    Files.createDirectories(dir.resolve("small-lake"));
    Files.write(dir.resolve("small-lake/part-0"), new byte[100]);
    SmallDataSettings settings = new SmallDataSettings(spark, true, true, 1_024, true);
    String lake = dir.resolve("small-lake").toUri().toString();

    assertThat(settings.apply(lake, List.of(), List.of("shop_db", "catalog_api"))).hasValueSatisfying(choice -> {
      assertThat(choice.interpreted()).isFalse();
      assertThat(choice.reason()).isEqualTo("source(s) shop_db, catalog_api of unknown size on a cluster: Spark compiles its queries and"
          + " plans them adaptively");
    });
    assertThat(spark.conf().get(SmallDataSettings.WHOLE_STAGE)).isEqualTo("true");
    assertThat(spark.conf().get(SmallDataSettings.ADAPTIVE)).isEqualTo("true");
    assertThat(spark.conf().get(SmallDataSettings.LIMIT_PARTITIONS)).isEqualTo("1");
    assertThat(settings.apply(lake, List.of(), List.of())).as("a later stage reads the small lake only")
        .hasValueSatisfying(choice -> assertThat(choice.interpreted()).isTrue());
    assertThat(spark.conf().get(SmallDataSettings.WHOLE_STAGE)).isEqualTo("false");

    SmallDataSettings local = new SmallDataSettings(TestingSpark.session().newSession(), true, true, 1_024, false);
    assertThat(local.apply(lake, List.of(), List.of("shop_db"))).as("on a local master the lake and files decide")
        .hasValueSatisfying(choice -> assertThat(choice.interpreted()).isTrue());
  }

  @Test
  void aSettingTheUserMadeIsLeftAlone() {
    // The test pipelines set all three in spark.conf, as a user would; Strata leaves the session's settings as they are.
    SparkSession spark = TestingSpark.session().newSession();
    spark.conf().set(SmallDataSettings.WHOLE_STAGE, "true");
    spark.conf().set(SmallDataSettings.FACTORY_MODE, "FALLBACK");
    spark.conf().set(SmallDataSettings.ADAPTIVE, "true");
    assertThat(SmallDataSettings.forRun(spark, TestingSpark.pipeline(dir.toUri().toString())).apply(dir.toUri().toString(), List.of()))
        .isEmpty();
    assertThat(spark.conf().get(SmallDataSettings.WHOLE_STAGE)).isEqualTo("true");
    assertThat(spark.conf().get(SmallDataSettings.FACTORY_MODE)).isEqualTo("FALLBACK");
    assertThat(spark.conf().get(SmallDataSettings.ADAPTIVE)).isEqualTo("true");
  }

  @Test
  void aLakeOnS3IsCountedFromItsListingUpToTheLimit() throws Exception {
    SparkSession spark = TestingSpark.session();
    String table = "s3a://" + io.strata.jobs.testing.TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/codegen-it-"
        + System.nanoTime() + "/curated/t";
    spark.range(1_000).repartition(3).write().parquet(table);
    org.apache.hadoop.fs.Path path = new org.apache.hadoop.fs.Path(table);
    long stored = path.getFileSystem(spark.sparkContext().hadoopConfiguration()).getContentSummary(path).getLength();
    String lake = table.substring(0, table.length() - "/curated/t".length());

    assertThat(stored).isPositive();
    assertThat(SmallDataSettings.bytesUpTo(spark.sparkContext().hadoopConfiguration(), lake, Long.MAX_VALUE)).isEqualTo(stored);
    assertThat(SmallDataSettings.bytesUpTo(spark.sparkContext().hadoopConfiguration(), lake, 10)).isEqualTo(10);
  }

  /** A query no earlier test planned (its constant is random), so Spark's cache of compiled classes cannot serve it. */
  private static long sumOfEvenNumbersBelowTen(SparkSession spark) {
    long salt = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE / 4);
    Dataset<Row> numbers = spark.range(10).selectExpr("id + " + salt + " - " + salt + " AS v");
    Dataset<Row> parities = spark.range(2).selectExpr("id AS parity");
    Row row = numbers.join(parities, numbers.col("v").mod(2).equalTo(parities.col("parity"))).filter(col("parity").equalTo(0))
        .groupBy("parity").sum("v").orderBy("parity").first();
    return row.getLong(1);
  }

  private static long compilations() {
    return CodegenMetrics.METRIC_COMPILATION_TIME().getCount();
  }
}
