package io.strata.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.strata.jobs.testing.ScriptRun;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker/docker-compose.yml, the Dockerfiles and conf/docker.conf agree with the repository and
 * with each other: paths exist, images are pinned, the hosts and ports the config names are the
 * services' ports, the DAG is mounted where Airflow reads DAGs. No Docker engine is needed; where
 * the docker client with its compose plugin is installed, {@code docker compose config} runs too.
 */
class DockerStackTest {
  private static final Path PROJECT = ScriptRun.projectDir();
  private static final Path DOCKER = PROJECT.resolve("docker");
  private static final Map<String, String> SECRETS = Map.of("STRATA_DEMO_PII_KEY", "docker-test-key",
      "STRATA_POSTGRES_PASSWORD", "docker-test-password", "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
      "STRATA_GRAFANA_PASSWORD", "docker-test-grafana");
  private static final Pattern FROM = Pattern.compile("(?m)^FROM\\s+(\\S+)");
  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(?!--from)(\\S+)\\s+(\\S+)");

  private static Map<String, Map<String, Object>> services;

  @BeforeAll
  @SuppressWarnings("unchecked")
  static void readCompose() throws IOException {
    Map<String, Object> compose = new Yaml().load(Files.readString(DOCKER.resolve("docker-compose.yml")));
    services = (Map<String, Map<String, Object>>) compose.get("services");
  }

  @Test
  void theStackHasTheServicesTheDesignNames() {
    assertThat(services).containsKeys("localstack", "postgres", "catalog-api", "spark-master", "spark-worker", "airflow");
  }

  @Test
  void everyImageIsPinnedToAVersion() throws IOException {
    List<String> images = new ArrayList<>();
    services.values().forEach(service -> images.add((String) service.get("image")));
    for (Path dockerfile : List.of(DOCKER.resolve("Dockerfile"), DOCKER.resolve("airflow/Dockerfile"))) {
      Matcher from = FROM.matcher(Files.readString(dockerfile));
      while (from.find()) {
        images.add(from.group(1));
      }
    }
    assertThat(images).doesNotContainNull().allSatisfy(image -> assertThat(image).as(image)
        .matches("[a-z0-9./_-]+:v?[0-9][A-Za-z0-9._-]*").doesNotContain(":latest"));
    assertThat(images).anyMatch(image -> image.startsWith("apache/spark:4.1."));
  }

  @Test
  void everyMountedFileAndBuildContextExists() {
    services.forEach((name, service) -> {
      for (String volume : strings(service.get("volumes"))) {
        String source = volume.split(":")[0];
        if (source.startsWith(".")) {
          Path path = DOCKER.resolve(source).normalize();
          if (!path.equals(PROJECT.resolve("jobs/target/strata-app.jar"))) {
            assertThat(path).as(name + " mounts " + source).exists();
          }
        }
      }
    });
    @SuppressWarnings("unchecked")
    Map<String, String> build = (Map<String, String>) services.get("spark-master").get("build");
    assertThat(DOCKER.resolve(build.get("context")).normalize()).isEqualTo(PROJECT);
    assertThat(PROJECT.resolve(build.get("dockerfile"))).exists();
    assertThat(DOCKER.resolve((String) services.get("airflow").get("build")).resolve("Dockerfile")).exists();
  }

  @Test
  void theImageHoldsTheApplicationJarWhereTheDagLooksForIt() throws IOException {
    Matcher copy = COPY.matcher(Files.readString(DOCKER.resolve("Dockerfile")));
    List<String> copied = new ArrayList<>();
    while (copy.find()) {
      String source = copy.group(1);
      copied.add(source + " -> " + copy.group(2));
      if (!source.equals("jobs/target/strata-app.jar")) {
        assertThat(PROJECT.resolve(source)).as("COPY " + source).exists();
      }
    }
    assertThat(copied).contains("jobs/target/strata-app.jar -> " + AirflowDagIT.IMAGE_HOME + "strata-app.jar",
        "conf/ -> " + AirflowDagIT.IMAGE_HOME + "conf/");
    assertThat(strings(services.get("airflow").get("volumes")))
        .contains("../jobs/target/strata-app.jar:" + AirflowDagIT.IMAGE_HOME + "strata-app.jar:ro", "../conf:" + AirflowDagIT.IMAGE_HOME + "conf:ro");
    assertThat(environment("airflow")).containsEntry("AIRFLOW_VAR_STRATA_APP_JAR", AirflowDagIT.IMAGE_HOME + "strata-app.jar");
  }

  @Test
  void theDagFolderIsMountedWhereAirflowReadsDags() {
    assertThat(strings(services.get("airflow").get("volumes"))).contains("./airflow/dags:/opt/airflow/dags:ro");
    assertThat(DOCKER.resolve("airflow/dags/strata_pipeline.py")).exists();
  }

  @Test
  void theConfigAirflowUsesIsValidAndNamesTheServicesAndTheirPorts() throws IOException {
    String configInImage = environment("airflow").get("AIRFLOW_VAR_STRATA_CONFIG");
    assertThat(configInImage).startsWith(AirflowDagIT.IMAGE_HOME);
    Path config = PROJECT.resolve(configInImage.substring(AirflowDagIT.IMAGE_HOME.length()));
    PipelineConfig pipeline = new PipelineConfigLoader(SECRETS, true).load(config);

    assertThat(pipeline.lake().root().toString()).startsWith("s3a://strata-lake/");
    assertServicePort(URI.create(pipeline.lake().s3().endpoint().orElseThrow()));
    assertServicePort(URI.create(pipeline.warehouse().orElseThrow().url().substring("jdbc:".length())));
    // Every address the file names (sources included) is a service of the stack and one of its ports.
    Matcher addresses = Pattern.compile("\\b(\\w+)://([\\w-]+):(\\d+)").matcher(Files.readString(config));
    int found = 0;
    while (addresses.find()) {
      assertServicePort(URI.create(addresses.group(1) + "://" + addresses.group(2) + ":" + addresses.group(3)));
      found++;
    }
    assertThat(found).as("addresses in " + config).isGreaterThanOrEqualTo(4);
  }

  @Test
  void theLakeBucketIsCreatedByLocalStacksInitScript() throws IOException {
    assertThat(Files.readString(DOCKER.resolve("localstack/init-s3.sh"))).contains("s3 mb s3://strata-lake");
    assertThat(strings(services.get("localstack").get("volumes"))).anyMatch(volume -> volume.contains("/etc/localstack/init/ready.d/"));
  }

  @Test
  void airflowsSparkConnectionPointsAtTheMastersPort() {
    String connection = environment("airflow").get("AIRFLOW_CONN_STRATA_SPARK");
    assertThat(connection).contains("\"host\": \"spark://spark-master\"").contains("\"port\": 7077");
    List<String> master = strings(services.get("spark-master").get("command"));
    assertThat(master.get(master.indexOf("--port") + 1)).isEqualTo("7077");
    assertThat(strings(services.get("spark-worker").get("command"))).contains("spark://spark-master:7077");
  }

  @Test
  void noSecretValueIsWrittenInTheComposeFile() throws IOException {
    String compose = Files.readString(DOCKER.resolve("docker-compose.yml"));
    assertThat(compose).contains("${STRATA_POSTGRES_PASSWORD:?").contains("${STRATA_DEMO_PII_KEY:?")
        .doesNotContainPattern("(?im)password:\\s+[^$\\s]");
  }

  @Test
  void dockerComposeAcceptsTheFileWhereTheDockerClientIsInstalled() throws Exception {
    assumeTrue(PythonAvailable.runs("docker", "compose", "version"),
        "no docker client with the compose plugin on the PATH: 'docker compose config' is skipped");
    ScriptRun run = ScriptRun.run(SECRETS, List.of("docker", "compose", "-f", "docker/docker-compose.yml", "config", "--quiet"));
    assertThat(run.exitCode()).as(run.toString()).isZero();
  }

  @Test
  void theStreamingProfileRunsStrataStreamAgainstTheStacksBroker() throws IOException {
    assertThat(services.get("kafka").get("profiles")).isEqualTo(List.of("streaming"));
    assertThat(services.get("strata-stream").get("profiles")).isEqualTo(List.of("streaming"));
    List<String> command = strings(services.get("strata-stream").get("command"));
    assertThat(command).contains("stream", "/opt/strata/strata-app.jar", "io.strata.jobs.cli.StrataMain");
    Path config = PROJECT.resolve(command.get(command.indexOf("--config") + 1).substring(AirflowDagIT.IMAGE_HOME.length()));
    PipelineConfig pipeline = new PipelineConfigLoader(SECRETS, true).load(config);
    io.strata.layout.config.KafkaSourceConfig clicks = (io.strata.layout.config.KafkaSourceConfig) pipeline.sources().get("click_events");
    assertServicePort(URI.create("kafka://" + clicks.bootstrapServers()));
    assertThat(pipeline.entities().get("clicks").streamProcess()).isTrue();
    assertThat(pipeline.lake().root()).isEqualTo(new PipelineConfigLoader(SECRETS, true).load(PROJECT.resolve("conf/docker.conf")).lake().root());
  }

  @Test
  void runsPushTheirMetricsToAGatewayPrometheusScrapesAndGrafanaShows() throws IOException {
    PipelineConfig pipeline = new PipelineConfigLoader(SECRETS, true).load(PROJECT.resolve("conf/docker.conf"));
    assertServicePort(pipeline.metrics().pushgateway().orElseThrow().url());
    @SuppressWarnings("unchecked")
    Map<String, Object> prometheus = new Yaml().load(Files.readString(DOCKER.resolve("prometheus/prometheus.yml")));
    assertThat(prometheus.toString()).contains("honor_labels=true").contains("targets=[pushgateway:9091]");
    assertThat(strings(services.get("prometheus").get("volumes"))).contains("./prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro");
    assertThat(Files.readString(DOCKER.resolve("grafana/provisioning/datasources/datasources.yml")))
        .contains("url: http://prometheus:9090").contains("password: $STRATA_POSTGRES_PASSWORD");
    assertServicePort(URI.create("http://prometheus:9090"));
    assertThat(Files.readString(DOCKER.resolve("grafana/provisioning/dashboards/dashboards.yml"))).contains("path: /var/lib/grafana/dashboards");
    assertThat(strings(services.get("grafana").get("volumes"))).contains("./grafana/dashboards:/var/lib/grafana/dashboards:ro");
    assertThat(environment("grafana")).containsEntry("GF_SECURITY_ADMIN_PASSWORD", "${STRATA_GRAFANA_PASSWORD:?set STRATA_GRAFANA_PASSWORD in docker/.env}");
  }

  @Test
  void theDashboardQueriesOnlyMetricsStrataPublishes() throws IOException {
    com.fasterxml.jackson.databind.JsonNode dashboard = new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(Files.readString(DOCKER.resolve("grafana/dashboards/strata.json")));
    List<String> queried = new ArrayList<>();
    dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target -> {
      Matcher names = Pattern.compile("\\bstrata_[a-z_]+").matcher(target.path("expr").asText());
      while (names.find()) {
        queried.add(names.group());
      }
    }));
    List<String> published = java.util.Arrays.stream(io.strata.jobs.metrics.StrataMetric.values())
        .map(io.strata.jobs.metrics.StrataMetric::metricName).toList();
    assertThat(queried).isNotEmpty().allSatisfy(name -> assertThat(published).as(name + " in strata.json").contains(name));
    assertThat(queried).containsAll(published);
  }

  private static void assertServicePort(URI address) {
    String host = address.getHost();
    assertThat(services).as("a service named " + host + " (from " + address + ")").containsKey(host);
    List<String> ports = strings(services.get(host).get("ports"));
    List<String> command = strings(services.get(host).get("command"));
    String port = String.valueOf(address.getPort());
    assertThat(ports.stream().anyMatch(mapping -> mapping.endsWith(":" + port)) || command.contains(port))
        .as(host + " listens on " + port + " (ports " + ports + ", command " + command + ")").isTrue();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> environment(String service) {
    return (Map<String, String>) services.get(service).get("environment");
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(Object value) {
    return value == null ? List.of() : ((List<Object>) value).stream().map(String::valueOf).toList();
  }
}
