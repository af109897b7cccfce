package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Kafka topics read in bounded batches: each run reads every partition from the offsets the last
 * run committed to the end the run found when it started, and commits the new offsets only after
 * the raw batch is written.
 *
 * @param topics the topics to read; empty when {@code topicPattern} is set
 * @param topicPattern a regular expression over topic names, matched when a run starts
 * @param valueFormat {@code json} (one object per value, columns as the schema or the batch's values say),
 *     {@code avro} (plain Avro binary, one datum per value, decoded with {@code avroSchema}) or
 *     {@code string} (the value as a column {@code value})
 * @param schema a Spark DDL schema for JSON values; without it the columns are inferred from the batch
 * @param avroSchema the Avro schema of the values: inline JSON ({@code avro-schema}), or where to read it
 *     ({@code avro-schema-file}, a local path or a lake URI)
 * @param startingOffsets where a partition no run has read yet starts: {@code earliest}, {@code latest}
 *     or an ISO-8601 instant (the first offset at or after it)
 * @param onDataLoss {@code fail} or {@code skip}, when committed offsets were deleted by retention before a run read them
 * @param security how to connect; {@code PLAINTEXT} by default
 * @param options Kafka consumer settings passed through as they are (e.g. {@code fetch.max.bytes})
 */
public record KafkaSourceConfig(
    String name,
    String entity,
    String bootstrapServers,
    List<String> topics,
    Optional<String> topicPattern,
    String valueFormat,
    Optional<String> schema,
    Optional<AvroSchema> avroSchema,
    String startingOffsets,
    String onDataLoss,
    Security security,
    Map<String, String> options) implements SourceConfig {

  public static final List<String> VALUE_FORMATS = List.of("json", "avro", "string");
  public static final List<String> DATA_LOSS_POLICIES = List.of("fail", "skip");
  /** Consumer settings Strata sets itself; passing them through would break the bounded read. */
  static final List<String> RESERVED_OPTIONS = List.of("bootstrap.servers", "group.id", "auto.offset.reset", "enable.auto.commit",
      "key.deserializer", "value.deserializer", "interceptor.classes", "security.protocol", "sasl.mechanism", "sasl.jaas.config");

  public KafkaSourceConfig {
    requireNonNull(name, "name is null");
    requireNonNull(entity, "entity is null");
    requireNonNull(bootstrapServers, "bootstrapServers is null");
    topics = List.copyOf(requireNonNull(topics, "topics is null"));
    requireNonNull(topicPattern, "topicPattern is null");
    requireNonNull(valueFormat, "valueFormat is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(avroSchema, "avroSchema is null");
    requireNonNull(startingOffsets, "startingOffsets is null");
    requireNonNull(onDataLoss, "onDataLoss is null");
    requireNonNull(security, "security is null");
    options = Map.copyOf(requireNonNull(options, "options is null"));
  }

  @Override
  public String type() {
    return "kafka";
  }

  /** An Avro schema given inline ({@code text}) or as a file to read when the source is read ({@code file}). */
  public record AvroSchema(Optional<String> text, Optional<String> file) {
    public AvroSchema {
      requireNonNull(text, "text is null");
      requireNonNull(file, "file is null");
      if (text.isPresent() == file.isPresent()) {
        throw new IllegalArgumentException("an Avro schema is inline or in a file, not both or neither");
      }
    }
  }

  /** The first offset's instant when {@code starting-offsets} is a timestamp. */
  public Optional<Instant> startingInstant() {
    return startingOffsets.equals("earliest") || startingOffsets.equals("latest") ? Optional.empty() : Optional.of(Instant.parse(startingOffsets));
  }

  /**
   * {@code protocol} is {@code PLAINTEXT}, {@code SSL}, {@code SASL_PLAINTEXT} or {@code SASL_SSL}; with SASL,
   * {@code mechanism} ({@code PLAIN}, {@code SCRAM-SHA-256}, {@code SCRAM-SHA-512}), {@code username} and
   * {@code password} (a secret reference). {@code truststore} and its password for a private CA.
   */
  public record Security(String protocol, Optional<String> mechanism, Optional<String> username, Optional<Secret> password,
      Optional<String> truststore, Optional<Secret> truststorePassword) {
    public static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    public static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512");

    public Security {
      requireNonNull(protocol, "protocol is null");
      requireNonNull(mechanism, "mechanism is null");
      requireNonNull(username, "username is null");
      requireNonNull(password, "password is null");
      requireNonNull(truststore, "truststore is null");
      requireNonNull(truststorePassword, "truststorePassword is null");
    }

    private static List<String> lower(List<String> names) {
      return names.stream().map(name -> name.toLowerCase(Locale.ROOT)).toList();
    }

    public static Security plaintext() {
      return new Security("PLAINTEXT", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public boolean sasl() {
      return protocol.startsWith("SASL_");
    }

    static Security parse(SectionReader reader) {
      // Kafka spells these in upper case; choice() compares and answers in lower case.
      String protocol = reader.choice("protocol", "plaintext", lower(PROTOCOLS)).toUpperCase(Locale.ROOT);
      boolean sasl = protocol.startsWith("SASL_");
      Optional<String> mechanism = sasl
          ? Optional.of(reader.choice("mechanism", "plain", lower(MECHANISMS)).toUpperCase(Locale.ROOT)) : Optional.empty();
      Optional<String> username = sasl ? Optional.of(reader.requiredString("username", "write username = \"strata\"")) : Optional.empty();
      Optional<Secret> password = sasl
          ? Optional.of(reader.requiredDeferredSecret("password", "write password = \"env:KAFKA_PASSWORD\" (a secret reference)"))
          : Optional.empty();
      Optional<String> truststore = reader.optionalString("truststore");
      Optional<Secret> truststorePassword = truststore.isPresent()
          ? Optional.of(reader.requiredDeferredSecret("truststore-password", "write truststore-password = \"env:KAFKA_TRUSTSTORE_PASSWORD\""))
          : Optional.empty();
      if (!sasl) {
        for (String key : List.of("mechanism", "username", "password")) {
          if (reader.has(key)) {
            reader.problem(key, "is set but protocol is " + protocol, "set protocol = SASL_SSL (or SASL_PLAINTEXT), or remove " + key);
          }
        }
      }
      return new Security(protocol, mechanism, username, password, truststore, truststorePassword);
    }
  }

  static KafkaSourceConfig parse(String name, String entity, SectionReader reader) {
    String servers = reader.requiredString("bootstrap-servers", "write bootstrap-servers = \"broker1:9092,broker2:9092\"");
    List<String> topics = reader.stringList("topics");
    Optional<String> pattern = reader.optionalString("topic-pattern");
    if (topics.isEmpty() == pattern.isEmpty()) {
      reader.problem("topics", topics.isEmpty() ? "or topic-pattern must be set" : "and topic-pattern are both set; set one",
          "write topics = [orders] or topic-pattern = \"orders\\\\..*\"");
    }
    pattern.ifPresent(regex -> {
      try {
        Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        reader.problem("topic-pattern", "is not a regular expression: " + e.getDescription(), "write topic-pattern = \"orders\\\\..*\"");
      }
    });
    String valueFormat = reader.choice("value-format", "json", VALUE_FORMATS);
    Optional<String> schema = reader.optionalString("schema");
    if (schema.isPresent() && !valueFormat.equals("json")) {
      reader.problem("schema", "applies to value-format = json only", "remove schema, or set value-format = json");
    }
    Optional<String> avroText = reader.optionalString("avro-schema");
    Optional<String> avroFile = reader.optionalString("avro-schema-file").map(file -> reader.directoryOf("avro-schema-file")
        .filter(directory -> !file.contains("://") && !file.startsWith("/")).map(directory -> directory.resolve(file).toString()).orElse(file));
    Optional<AvroSchema> avro = Optional.empty();
    if (valueFormat.equals("avro")) {
      if (avroText.isPresent() == avroFile.isPresent()) {
        reader.problem("avro-schema", avroText.isPresent() ? "and avro-schema-file are both set; set one" : "or avro-schema-file is required for value-format = avro",
            "write avro-schema-file = \"schemas/order.avsc\" or avro-schema = \"\"\"{\"type\": \"record\", ...}\"\"\"");
      } else {
        avro = Optional.of(new AvroSchema(avroText, avroFile));
      }
    } else if (avroText.isPresent() || avroFile.isPresent()) {
      reader.problem(avroText.isPresent() ? "avro-schema" : "avro-schema-file", "applies to value-format = avro only",
          "remove it, or set value-format = avro");
    }
    String starting = reader.string("starting-offsets", "earliest").trim();
    if (!starting.equals("earliest") && !starting.equals("latest")) {
      try {
        Instant.parse(starting);
      } catch (DateTimeParseException e) {
        reader.problem("starting-offsets", "is '" + starting + "', not earliest, latest or an ISO-8601 instant",
            "write starting-offsets = earliest, latest or \"2026-03-01T00:00:00Z\"");
      }
    }
    Map<String, String> options = reader.stringMap("options");
    for (String option : options.keySet()) {
      String plain = option.toLowerCase(Locale.ROOT).startsWith("kafka.") ? option.substring("kafka.".length()) : option;
      if (RESERVED_OPTIONS.contains(plain)) {
        reader.problem("options", "sets '" + option + "', which Strata sets itself",
            "remove it; use bootstrap-servers and the security section instead");
      }
    }
    return new KafkaSourceConfig(name, entity, servers, topics, pattern, valueFormat, schema, avro, starting,
        reader.choice("on-data-loss", "fail", DATA_LOSS_POLICIES),
        reader.section("security", Security::parse).orElse(Security.plaintext()),
        options);
  }
}
