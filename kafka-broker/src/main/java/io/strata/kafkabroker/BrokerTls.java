package io.strata.kafkabroker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool: the broker's key store and
 * a trust store that holds only that certificate, as a client of a private CA would have.
 */
record BrokerTls(Path keystore, Path truststore, String password) {
  static BrokerTls create(Path directory) throws IOException, InterruptedException {
    String password = UUID.randomUUID().toString();
    Path keystore = directory.resolve("broker.p12");
    Path certificate = directory.resolve("broker.pem");
    Path truststore = directory.resolve("truststore.p12");
    keytool(directory, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1",
        "-ext", "SAN=IP:127.0.0.1", "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password);
    keytool(directory, "-exportcert", "-alias", "broker", "-rfc", "-file", certificate.toString(), "-keystore", keystore.toString(),
        "-storepass", password);
    keytool(directory, "-importcert", "-noprompt", "-alias", "broker", "-file", certificate.toString(), "-storetype", "PKCS12",
        "-keystore", truststore.toString(), "-storepass", password);
    return new BrokerTls(keystore, truststore, password);
  }

  private static void keytool(Path directory, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
    command.addAll(List.of(arguments));
    Path log = directory.resolve("keytool.log");
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("keytool " + arguments[0] + " failed:\n" + Files.readString(log));
    }
  }
}
