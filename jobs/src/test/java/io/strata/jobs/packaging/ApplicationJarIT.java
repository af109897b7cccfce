package io.strata.jobs.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The application jar carries what a Spark cluster lacks and nothing a cluster already has
 * (which would clash with the cluster's own copies).
 */
class ApplicationJarIT {
  private static List<String> entries;
  private static String mainClass;

  @BeforeAll
  static void readJar() throws IOException {
    Path jar = applicationJar();
    assertThat(jar).as("the shaded jar built by 'mvn package'").exists();
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
      mainClass = file.getManifest().getMainAttributes().getValue("Main-Class");
    }
  }

  private static Path applicationJar() {
    return Path.of(System.getProperty("strata.app.jar", "target/strata-app.jar"));
  }

  @Test
  void containsStrataAndWhatAClusterLacks() {
    assertThat(entries).contains(
        "io/strata/jobs/cli/StrataMain.class",
        "io/strata/layout/LakeLayout.class",
        "io/delta/sql/DeltaSparkSessionExtension.class",
        "org/apache/spark/sql/delta/catalog/DeltaCatalog.class",
        "io/delta/storage/S3SingleDriverLogStore.class",
        "org/apache/hadoop/fs/s3a/S3AFileSystem.class",
        "software/amazon/awssdk/services/s3/S3Client.class",
        "software/amazon/awssdk/http/apache/ApacheHttpClient.class",
        "org/postgresql/Driver.class",
        "META-INF/services/java.sql.Driver",
        "org/apache/spark/sql/kafka010/KafkaSourceProvider.class",
        "org/apache/spark/kafka010/KafkaTokenUtil.class",
        "org/apache/kafka/clients/consumer/KafkaConsumer.class",
        "org/apache/commons/pool2/ObjectPool.class",
        "org/apache/spark/sql/avro/AvroDataToCatalyst.class",
        "jakarta/mail/Transport.class",
        "org/eclipse/angus/mail/smtp/SMTPTransport.class",
        "META-INF/services/jakarta.mail.Provider",
        "io/prometheus/metrics/core/metrics/Counter.class",
        "io/prometheus/metrics/expositionformats/PrometheusTextFormatWriter.class",
        "io/prometheus/metrics/exporter/pushgateway/PushGateway.class",
        "io/openlineage/client/OpenLineageClient.class");
    assertThat(mainClass).isEqualTo("io.strata.jobs.cli.StrataMain");
  }

  @Test
  void relocatesLibrariesThatClashWithAClusterClasspath() {
    assertThat(entries).contains(
        "io/strata/shaded/com/typesafe/config/Config.class",
        "io/strata/shaded/picocli/CommandLine.class",
        "io/strata/shaded/org/apache/http/client/HttpClient.class",
        "io/strata/shaded/org/apache/hc/client5/http/classic/HttpClient.class",
        "io/strata/shaded/io/micrometer/core/instrument/MeterRegistry.class");
    assertThat(entries).noneMatch(name -> name.startsWith("com/typesafe/config/"))
        .noneMatch(name -> name.startsWith("picocli/"))
        .noneMatch(name -> name.startsWith("org/apache/http/"))
        .noneMatch(name -> name.startsWith("org/apache/hc/"))
        .noneMatch(name -> name.startsWith("io/micrometer/"));
  }

  @Test
  void leavesOutSparkScalaHadoopAndTheirLibraries() {
    assertThat(entries)
        .doesNotContain("org/apache/spark/sql/SparkSession.class", "org/apache/spark/SparkContext.class",
            "org/apache/hadoop/conf/Configuration.class", "org/apache/hadoop/fs/FileSystem.class")
        .noneMatch(name -> name.startsWith("scala/"))
        .noneMatch(name -> name.startsWith("io/netty/"))
        .noneMatch(name -> name.startsWith("com/fasterxml/jackson/"))
        .noneMatch(name -> name.startsWith("org/apache/logging/log4j/"))
        .noneMatch(name -> name.startsWith("org/slf4j/"))
        .noneMatch(name -> name.startsWith("org/antlr/"))
        // Kafka's compression codecs: Spark ships them.
        .noneMatch(name -> name.startsWith("com/github/luben/zstd/"))
        .noneMatch(name -> name.startsWith("org/xerial/snappy/"))
        .noneMatch(name -> name.startsWith("net/jpountz/"))
        .noneMatch(name -> name.startsWith("org/apache/avro/"));
  }

  @Test
  void registersTheDeltaAndKafkaDataSourcesInOneServiceFile() throws IOException {
    try (JarFile file = new JarFile(applicationJar().toFile())) {
      String services = new String(file.getInputStream(file.getEntry("META-INF/services/org.apache.spark.sql.sources.DataSourceRegister"))
          .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertThat(services).contains("org.apache.spark.sql.delta.sources.DeltaDataSource", "org.apache.spark.sql.kafka010.KafkaSourceProvider");
    }
  }

  @Test
  void carriesNoSignatureFilesThatWouldBreakTheMergedJar() {
    assertThat(entries).noneMatch(name -> name.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
  }
}
