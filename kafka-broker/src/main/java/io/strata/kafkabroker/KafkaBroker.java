package io.strata.kafkabroker;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker and controller in one child JVM (KRaft), listening on loopback in plain text
 * and, when users are given, with SASL (PLAIN and SCRAM-SHA-256, the same users). Its classpath is the one this module resolved
 * ({@code kafka-broker/target/kafka-classpath.txt}); its data lives in a temporary directory.
 */
public final class KafkaBroker implements AutoCloseable {
  private final Process process;
  private final Path logFile;
  private final int plainPort;
  private final int saslPort;
  private final int saslSslPort;
  private final BrokerTls tls;

  private KafkaBroker(Process process, Path logFile, int plainPort, int saslPort, int saslSslPort, BrokerTls tls) {
    this.process = process;
    this.logFile = logFile;
    this.plainPort = plainPort;
    this.saslPort = saslPort;
    this.saslSslPort = saslSslPort;
    this.tls = tls;
  }

  /**
   * Formats the storage, starts the broker and waits until it answers.
   *
   * @param projectDir the repository root (where {@code kafka-broker/target/kafka-classpath.txt} is)
   * @param saslUsers user name to password for the SASL_PLAINTEXT and SASL_SSL listeners (PLAIN and
   *     SCRAM-SHA-256); empty: neither listener
   * @param heap the broker JVM's heap, e.g. {@code 384m}
   */
  public static KafkaBroker start(Path projectDir, Map<String, String> saslUsers, String heap) throws IOException, InterruptedException {
    Path classpathFile = projectDir.resolve("kafka-broker/target/kafka-classpath.txt");
    if (!Files.isRegularFile(classpathFile)) {
      throw new IllegalStateException("missing " + classpathFile + ": build the kafka-broker module first (mvn -pl kafka-broker package)");
    }
    String classpath = Files.readString(classpathFile).trim();
    Path directory = Files.createTempDirectory("strata-kafka-");
    int plainPort = freePort();
    int saslPort = saslUsers.isEmpty() ? -1 : freePort();
    int saslSslPort = saslUsers.isEmpty() ? -1 : freePort();
    BrokerTls tls = saslUsers.isEmpty() ? null : BrokerTls.create(directory);
    int controllerPort = freePort();
    String listeners = "PLAINTEXT://127.0.0.1:" + plainPort
        + (saslUsers.isEmpty() ? "" : ",SASL_PLAINTEXT://127.0.0.1:" + saslPort + ",SASL_SSL://127.0.0.1:" + saslSslPort);
    List<String> lines = new ArrayList<>(List.of(
        "process.roles=broker,controller",
        "node.id=1",
        "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
        "listeners=" + listeners + ",CONTROLLER://127.0.0.1:" + controllerPort,
        "advertised.listeners=" + listeners,
        "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL,CONTROLLER:PLAINTEXT",
        "controller.listener.names=CONTROLLER",
        "inter.broker.listener.name=PLAINTEXT",
        "log.dirs=" + directory.resolve("data"),
        "num.partitions=1",
        "auto.create.topics.enable=false",
        "offsets.topic.replication.factor=1",
        "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1",
        "group.initial.rebalance.delay.ms=0"));
    if (!saslUsers.isEmpty()) {
      lines.add("sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256");
      String plainUsers = saslUsers.entrySet().stream().map(user -> "user_" + user.getKey() + "=\"" + user.getValue() + "\"")
          .collect(Collectors.joining(" "));
      for (String listener : List.of("sasl_plaintext", "sasl_ssl")) {
        lines.add("listener.name." + listener + ".plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
            + plainUsers + ";");
        // SCRAM users live in the cluster's metadata: they are added once the broker answers.
        lines.add("listener.name." + listener + ".scram-sha-256.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;");
      }
      lines.add("ssl.keystore.type=PKCS12");
      lines.add("ssl.keystore.location=" + tls.keystore());
      lines.add("ssl.keystore.password=" + tls.password());
      lines.add("ssl.key.password=" + tls.password());
    }
    Path properties = Files.writeString(directory.resolve("server.properties"), String.join("\n", lines) + "\n");
    Path logFile = directory.resolve("broker.log");
    List<String> jvm = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx" + heap, "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-cp", classpath);
    List<String> format = new ArrayList<>(jvm);
    format.addAll(List.of("kafka.tools.StorageTool", "format", "-t", Uuid.randomUuid().toString(), "-c", properties.toString()));
    Process formatting = new ProcessBuilder(format).redirectErrorStream(true).redirectOutput(logFile.toFile()).start();
    if (!formatting.waitFor(60, TimeUnit.SECONDS) || formatting.exitValue() != 0) {
      formatting.destroyForcibly();
      throw new IllegalStateException("cannot format the Kafka storage:\n" + Files.readString(logFile));
    }
    List<String> start = new ArrayList<>(jvm);
    start.addAll(List.of("kafka.Kafka", properties.toString()));
    Process process = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile())).start();
    Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "kafka-stop"));
    KafkaBroker broker = new KafkaBroker(process, logFile, plainPort, saslPort, saslSslPort, tls);
    broker.awaitReady();
    broker.addScramUsers(saslUsers);
    return broker;
  }

  public String bootstrapServers() {
    return "127.0.0.1:" + plainPort;
  }

  /** The SASL_PLAINTEXT listener (mechanism PLAIN), when the broker was started with users. */
  public String saslBootstrapServers() {
    if (saslPort < 0) {
      throw new IllegalStateException("the broker was started without SASL users");
    }
    return "127.0.0.1:" + saslPort;
  }

  /** The SASL_SSL listener (PLAIN or SCRAM-SHA-256), with a certificate only {@link #truststore()} trusts. */
  public String saslSslBootstrapServers() {
    if (saslSslPort < 0) {
      throw new IllegalStateException("the broker was started without SASL users");
    }
    return "127.0.0.1:" + saslSslPort;
  }

  /** A PKCS12 trust store holding the broker's self-signed certificate; its password is {@link #truststorePassword()}. */
  public Path truststore() {
    return tls.truststore();
  }

  public String truststorePassword() {
    return tls.password();
  }

  /** An admin client on the plain-text listener; the caller closes it. */
  public Admin admin() {
    Properties properties = new Properties();
    properties.put("bootstrap.servers", bootstrapServers());
    properties.put("default.api.timeout.ms", "30000");
    return Admin.create(properties);
  }

  /** The same users and passwords for SCRAM-SHA-256 as for PLAIN on the SASL listener. */
  private void addScramUsers(Map<String, String> users) throws InterruptedException {
    if (users.isEmpty()) {
      return;
    }
    List<UserScramCredentialAlteration> upserts = new ArrayList<>();
    users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
        new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_256, 4096), password)));
    try (Admin admin = admin()) {
      admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("cannot add the SCRAM users to the Kafka broker", e);
    }
  }

  private void awaitReady() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the Kafka broker exited with " + process.exitValue() + ":\n" + tail());
      }
      try (Admin admin = admin()) {
        if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // not up yet
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw new IllegalStateException("the Kafka broker did not start within 90 s:\n" + tail());
      }
      Thread.sleep(500);
    }
  }

  private String tail() throws IOException {
    List<String> lines = Files.readAllLines(logFile);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
