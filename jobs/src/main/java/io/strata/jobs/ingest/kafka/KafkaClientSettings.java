package io.strata.jobs.ingest.kafka;

import io.strata.layout.config.KafkaSourceConfig;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Kafka client settings of a source, the same for the driver's offset lookups and for Spark's
 * Kafka reader: bootstrap servers, security (the password resolved only here) and the
 * pass-through {@code options}.
 */
public final class KafkaClientSettings {
  private KafkaClientSettings() {}

  /** Consumer properties, as the Kafka client names them. */
  static Map<String, String> consumer(KafkaSourceConfig source) {
    Map<String, String> settings = new LinkedHashMap<>();
    source.options().forEach((key, value) -> settings.put(unprefixed(key), value));
    settings.put("bootstrap.servers", source.bootstrapServers());
    KafkaSourceConfig.Security security = source.security();
    settings.put("security.protocol", security.protocol());
    if (security.sasl()) {
      String mechanism = security.mechanism().orElse("PLAIN");
      settings.put("sasl.mechanism", mechanism);
      String module = mechanism.equals("PLAIN")
          ? "org.apache.kafka.common.security.plain.PlainLoginModule" : "org.apache.kafka.common.security.scram.ScramLoginModule";
      settings.put("sasl.jaas.config", module + " required username=" + quoted(security.username().orElseThrow())
          + " password=" + quoted(security.password().orElseThrow().reveal()) + ";");
    }
    security.truststore().ifPresent(path -> {
      settings.put("ssl.truststore.location", path);
      security.truststorePassword().ifPresent(password -> settings.put("ssl.truststore.password", password.reveal()));
    });
    return settings;
  }

  /** The same settings as options of Spark's Kafka source ({@code kafka.}-prefixed). */
  public static Map<String, String> sparkOptions(KafkaSourceConfig source) {
    Map<String, String> options = new LinkedHashMap<>();
    consumer(source).forEach((key, value) -> options.put("kafka." + key, value));
    return options;
  }

  private static String unprefixed(String key) {
    return key.toLowerCase(Locale.ROOT).startsWith("kafka.") ? key.substring("kafka.".length()) : key;
  }

  /** A JAAS option value: double-quoted, with quotes and backslashes escaped. */
  static String quoted(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
