package io.strata.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.strata.jobs.demo.DemoCatalogServer;
import io.strata.jobs.demo.DemoScenario;
import io.strata.jobs.testing.ScriptRun;
import io.strata.jobs.testing.TestingKafka;
import io.strata.jobs.testing.TestingPostgres;
import io.strata.jobs.testing.TestingS3Server;
import io.strata.jobs.testing.TestingSpark;
import io.strata.jobs.testing.TestingSparkCluster;
import io.strata.layout.LakeLayout;
import io.strata.layout.config.PipelineConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded application jar on a real Spark standalone cluster (master and worker in their own
 * JVMs on 127.0.0.1), submitted with Spark's SparkSubmit, runs the demo pipeline with the lake on
 * the test S3 server: proof that the jar carries what a cluster lacks and nothing that clashes.
 */
class StandaloneClusterIT {
  /** The stages the cluster runs: the whole pipeline but maintenance. */
  private static final List<String> STAGES = List.of("run", "--to", "export");
  private static final String RUN_DATE = "2026-03-01";

  @TempDir Path dir;

  @Test
  void runsTheDemoPipelineFromTheShadedJarOnAStandaloneCluster() throws Exception {
    long started = System.nanoTime();
    Path project = ScriptRun.projectDir();
    Path appJar = Path.of(System.getProperty("strata.app.jar", "target/strata-app.jar"));
    assertThat(appJar).as("the shaded jar built by 'mvn package'").exists();
    String lakeRoot = "s3a://" + TestingS3Server.shared().bucket(TestingSpark.LAKE_BUCKET) + "/standalone-cluster";
    Path config = clusterConfig(project, lakeRoot);
    Map<String, String> environment = demoSources(project);
    Path workDir = Files.createDirectories(project.resolve("jobs/target/standalone-cluster"));

    try (DemoCatalogServer catalog = DemoCatalogServer.start(0, dir.resolve("catalog/products.json"));
         TestingSparkCluster cluster = TestingSparkCluster.start(workDir, "1g")) {
      environment.put("STRATA_DEMO_CATALOG_URL", catalog.url());
      environment.put("STRATA_LOG_DIR", workDir.resolve("logs").toString());
      List<String> submit = new ArrayList<>(List.of("--deploy-mode", "client", "--class", "io.strata.jobs.cli.StrataMain",
          "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
          "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", TestingSparkCluster.java17Flags()),
          appJar.toString()));
      submit.addAll(STAGES);
      submit.addAll(List.of("--config", config.toString(), "--run-date", RUN_DATE));

      ScriptRun run = cluster.submit(submit, environment, Duration.ofMinutes(15));

      assertThat(run.exitCode()).as(run + "\n" + cluster.daemonLogs()).isZero();
      assertThat(run.stdout()).containsPattern("model +dim_customer +6 +6 +0").containsPattern("model +fact_sales +7 +7 +0")
          .contains("strata: finished")
          .as("a tiny run on a cluster runs interpreted too").contains("under 32.0 MiB: Spark evaluates queries without compiling them")
          .as("but not an ingest of sources whose size is unknown").contains("spark: source(s) shop_db, catalog_api of unknown size on a"
              + " cluster: Spark compiles its queries and plans them adaptively");

      // strata stream from the same jar: the executors read Kafka with the connector the jar carries.
      String topic = "cluster_clicks";
      TestingKafka.shared().createTopic(topic, 2);
      TestingKafka.shared().send(topic, List.of(
          TestingKafka.Message.of(0, "c1", "{\"click_id\": \"c1\", \"page\": \"/home\"}"),
          TestingKafka.Message.of(1, "c2", "{\"click_id\": \"c2\", \"page\": \"/cart\"}"),
          TestingKafka.Message.of(1, "c3", "{\"click_id\": \"c3\", \"page\": \"/pay\"}")));
      Path streamConfig = Files.writeString(dir.resolve("cluster-stream.conf"), """
          include file("%s")
          sources.click_events { type = kafka, entity = clicks, bootstrap-servers = "%s", topics = [%s] }
          entities.clicks { source = click_events, key = [click_id], stream-process = true, columns { click_id = string, page = string } }
          """.formatted(config, TestingKafka.shared().bootstrapServers(), topic));
      List<String> stream = new ArrayList<>(submit.subList(0, submit.indexOf(appJar.toString()) + 1));
      stream.addAll(List.of("stream", "--config", streamConfig.toString(), "--trigger", "1s", "--until-idle", "6s"));

      ScriptRun streamed = cluster.submit(stream, environment, Duration.ofMinutes(10));

      assertThat(streamed.exitCode()).as(streamed + "\n" + cluster.daemonLogs()).isZero();
      assertThat(streamed.stdout()).contains("stream click_events: micro-batch 0: 3 messages, 3 rows written")
          .contains("entity clicks: 3 rows in, 3 compared (3 new");
    } finally {
      System.out.printf("StandaloneClusterIT: cluster start, demo run and checks took %.1f s%n", (System.nanoTime() - started) / 1e9);
    }

    LakeLayout layout = new PipelineConfigLoader(environment, true).load(config).lake().layout();
    List<Row> customers = TestingSpark.session().read().format("delta").load(layout.curated("dim_customer").uri())
        .filter("dim_customer_key > 0").orderBy("customer_id").collectAsList();
    assertThat(customers).extracting(row -> row.getAs("customer_id"), row -> row.getAs("is_current"))
        .containsExactly(tuple(1L, true), tuple(2L, true), tuple(3L, true), tuple(4L, true), tuple(5L, true), tuple(6L, true));
    assertThat(customers.get(0).<String>getAs("name")).as("masked in the processed layer").isEqualTo("A** ********");
    List<Row> sales = TestingSpark.session().read().format("delta").load(layout.curated("fact_sales").uri())
        .orderBy("order_id", "line_number").collectAsList();
    assertThat(sales).extracting(row -> row.<Long>getAs("order_id"), row -> row.<Integer>getAs("line_number"))
        .containsExactly(tuple(1001L, 1), tuple(1001L, 2), tuple(1002L, 1), tuple(1003L, 1), tuple(1004L, 1), tuple(1006L, 1), tuple(1006L, 2));
    assertThat(sales).allSatisfy(row -> assertThat(row.<Long>getAs("store_key")).isPositive());
    assertThat(sales.get(0).<Long>getAs("customer_key")).isEqualTo(customers.get(0).<Long>getAs("dim_customer_key"));
    assertThat(TestingSpark.session().read().format("delta").load(layout.processed("clicks").uri()).orderBy("click_id").collectAsList())
        .extracting(row -> row.getAs("click_id"), row -> row.getAs("page")).containsExactly(tuple("c1", "/home"), tuple("c2", "/cart"),
            tuple("c3", "/pay"));

    // The executors COPYed the star into the warehouse and published it with its view.
    try (Connection warehouse = TestingPostgres.shared().connect("cluster_warehouse");
         java.sql.Statement statement = warehouse.createStatement();
         java.sql.ResultSet result = statement.executeQuery("SELECT (SELECT count(*) FROM retail.fact_sales), "
             + "(SELECT count(*) FROM retail.dim_customer WHERE dim_customer_key > 0), (SELECT count(*) FROM retail.v_sales), "
             + "(SELECT count(DISTINCT stage) FROM retail.pipeline_executions)")) {
      result.next();
      assertThat(List.of(result.getLong(1), result.getLong(2), result.getLong(3), result.getLong(4))).containsExactly(7L, 6L, 7L, 5L);
    }
  }

  /** conf/demo.conf with the lake on the test S3 server; the credentials come from the environment. */
  private Path clusterConfig(Path project, String lakeRoot) throws Exception {
    Path config = dir.resolve("cluster-demo.conf");
    Files.writeString(config, """
        include file("%s")
        lake {
          root = "%s"
          s3 {
            endpoint = "%s"
            path-style-access = true
            ssl-enabled = false
            access-key = "env:STRATA_TEST_S3_ACCESS_KEY"
            secret-key = "env:STRATA_TEST_S3_SECRET_KEY"
          }
        }
        # Tiny data: few tasks per Delta snapshot and shuffle (Strata sets these itself on a local master only).
        spark.conf {
          "spark.databricks.delta.snapshotPartitions" = 2
          "spark.default.parallelism" = 2
        }
        """.formatted(project.resolve("conf/demo.conf"), lakeRoot, TestingS3Server.shared().endpoint()));
    return config;
  }

  /** The demo's first run date staged as {@code strata demo} does (its own source database), and the environment that points the demo at it. */
  private Map<String, String> demoSources(Path project) throws Exception {
    TestingPostgres postgres = TestingPostgres.shared();
    String shopUrl = postgres.createDatabase("cluster_shop");
    DemoScenario scenario = DemoScenario.of(project.resolve("demo/data"), dir);
    try (Connection connection = postgres.connect("cluster_shop")) {
      scenario.stage(LocalDate.parse(RUN_DATE), connection);
    }
    Map<String, String> environment = new HashMap<>(scenario.environment(shopUrl, "set when the catalog API has started"));
    environment.put("STRATA_DEMO_WAREHOUSE_URL", postgres.createDatabase("cluster_warehouse"));
    environment.put("STRATA_DEMO_WAREHOUSE_USER", TestingPostgres.USER);
    environment.put("STRATA_DEMO_WAREHOUSE_PASSWORD", postgres.password());
    environment.put("STRATA_DEMO_PII_KEY", "cluster-test-key");
    environment.put("STRATA_TEST_S3_ACCESS_KEY", TestingS3Server.ACCESS_KEY);
    environment.put("STRATA_TEST_S3_SECRET_KEY", TestingS3Server.SECRET_KEY);
    return environment;
  }
}
