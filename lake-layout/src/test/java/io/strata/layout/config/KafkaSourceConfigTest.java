package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaSourceConfigTest {
  @TempDir Path dir;

  private SourceConfig source(String text, Map<String, String> env) throws IOException {
    Path file = Files.writeString(dir.resolve("p.conf"), "lake.root = lake\n" + text);
    return new PipelineConfigLoader(env, true).load(file).sources().values().iterator().next();
  }

  private String problems(String text) {
    return catchThrowableOfType(StrataConfigException.class, () -> source(text, Map.of())).getMessage();
  }

  @Test
  void aKafkaSourceGetsDefaultsForEverythingButTheBrokersAndTopics() throws IOException {
    KafkaSourceConfig source = (KafkaSourceConfig) source("sources.events { type = kafka, bootstrap-servers = \"b1:9092\", topics = [orders] }\n",
        Map.of());

    assertThat(source).isEqualTo(new KafkaSourceConfig("events", "events", "b1:9092", List.of("orders"), Optional.empty(), "json",
        Optional.empty(), Optional.empty(), "earliest", "fail", KafkaSourceConfig.Security.plaintext(), Map.of()));
    assertThat(source.type()).isEqualTo("kafka");
    assertThat(source.startingInstant()).isEmpty();
  }

  @Test
  void everySettingIsMappedAndThePasswordIsAReference() throws IOException {
    KafkaSourceConfig source = (KafkaSourceConfig) source("""
        sources.events {
          type = kafka
          entity = event
          bootstrap-servers = "b1:9093,b2:9093"
          topic-pattern = "shop\\\\..*"
          value-format = string
          starting-offsets = "2026-03-01T00:00:00Z"
          on-data-loss = skip
          security { protocol = sasl_ssl, mechanism = scram-sha-512, username = strata, password = "env:KAFKA_PASSWORD" }
          options { "fetch.max.bytes" = "1048576" }
        }
        """, Map.of("KAFKA_PASSWORD", "s3cret"));

    assertThat(source.topics()).isEmpty();
    assertThat(source.topicPattern()).contains("shop\\..*");
    assertThat(source.valueFormat()).isEqualTo("string");
    assertThat(source.startingInstant()).contains(Instant.parse("2026-03-01T00:00:00Z"));
    assertThat(source.onDataLoss()).isEqualTo("skip");
    assertThat(source.security().protocol()).isEqualTo("SASL_SSL");
    assertThat(source.security().mechanism()).contains("SCRAM-SHA-512");
    assertThat(source.security().username()).contains("strata");
    assertThat(source.security().password().orElseThrow().reference()).isEqualTo("env:KAFKA_PASSWORD");
    assertThat(source.security().password().orElseThrow().reveal()).isEqualTo("s3cret");
    assertThat(source.options()).isEqualTo(Map.of("fetch.max.bytes", "1048576"));
  }

  @Test
  void avroValuesTakeASchemaInlineOrFromAFileNextToTheConfig() throws IOException {
    KafkaSourceConfig fromFile = (KafkaSourceConfig) source(
        "sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], value-format = avro, avro-schema-file = \"schemas/o.avsc\" }\n",
        Map.of());
    assertThat(fromFile.avroSchema()).contains(new KafkaSourceConfig.AvroSchema(Optional.empty(),
        Optional.of(dir.resolve("schemas/o.avsc").toString())));
    KafkaSourceConfig inline = (KafkaSourceConfig) source(
        "sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], value-format = avro, avro-schema = \"\\\"string\\\"\" }\n", Map.of());
    assertThat(inline.avroSchema().orElseThrow().text()).contains("\"string\"");

    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], value-format = avro }\n"))
        .contains("sources.e.avro-schema: or avro-schema-file is required for value-format = avro");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], avro-schema-file = x.avsc }\n"))
        .contains("sources.e.avro-schema-file: applies to value-format = avro only");
  }

  @Test
  void mistakesAreNamedWithTheirFix() {
    assertThat(problems("sources.e { type = kafka, topics = [a] }\n"))
        .contains("sources.e.bootstrap-servers: is required but not set in section sources.e. Fix: write bootstrap-servers = \"broker1:9092,broker2:9092\"");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\" }\n")).contains("sources.e.topics: or topic-pattern must be set");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], topic-pattern = \"b.*\" }\n"))
        .contains("sources.e.topics: and topic-pattern are both set; set one");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topic-pattern = \"(\" }\n"))
        .contains("sources.e.topic-pattern: is not a regular expression");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], starting-offsets = yesterday }\n"))
        .contains("sources.e.starting-offsets: is 'yesterday', not earliest, latest or an ISO-8601 instant");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], value-format = string, schema = \"id INT\" }\n"))
        .contains("sources.e.schema: applies to value-format = json only");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], options { \"group.id\" = g } }\n"))
        .contains("sources.e.options: sets 'group.id', which Strata sets itself");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], security { protocol = SASL_SSL } }\n"))
        .contains("sources.e.security.username: is required").contains("sources.e.security.password: is required");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], security { username = u } }\n"))
        .contains("sources.e.security.username: is set but protocol is PLAINTEXT");
    assertThat(problems("sources.e { type = kafka, bootstrap-servers = \"b:1\", topics = [a], security { password = \"hunter2\" } }\n"))
        .doesNotContain("hunter2");
  }
}
