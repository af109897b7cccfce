package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageConfigTest {
  @TempDir Path dir;

  @Test
  void anHttpReceiverOrAFileAndTheNamespaceDefaultingToThePipeline() throws Exception {
    LineageConfig http = ConfigText.load(dir, """
        name = shop
        lake.root = lake
        lineage { url = "http://marquez:5000", api-key = "env:OL_KEY" }
        """, Map.of("OL_KEY", "k")).lineage();
    assertThat(http.isActive()).isTrue();
    assertThat(http.url()).map(Object::toString).hasValue("http://marquez:5000");
    assertThat(http.endpoint()).isEqualTo("api/v1/lineage");
    assertThat(http.namespace()).isEqualTo("shop");
    assertThat(http.apiKey()).map(Secret::reference).hasValue("env:OL_KEY");

    LineageConfig file = ConfigText.load(dir, "lake.root = lake\nlineage.file = \"events/lineage.jsonl\"\n", Map.of()).lineage();
    assertThat(file.file()).hasValue(dir.resolve("events/lineage.jsonl"));
    assertThat(ConfigText.load(dir, "lake.root = lake\n", Map.of()).lineage().isActive()).isFalse();
  }

  @Test
  void aSectionThatSendsNowhereOrToABadUrlIsRefused() {
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\nlineage { namespace = x }\n", Map.of())))
        .containsExactly("lineage.url: is not set, and neither is file: the events would go nowhere Fix: write url = \"http://marquez:5000\""
            + " (an OpenLineage HTTP endpoint) or file = \"lineage/events.jsonl\"");
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\nlineage.url = \"marquez:5000\"\n", Map.of())))
        .containsExactly("lineage.url: is not an http:// or https:// URL with a host and without credentials Fix: write url = \"http://marquez:5000\""
            + " and give a key as api-key = \"env:OPENLINEAGE_API_KEY\"");
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\nlineage.url = \"http://me:pw@marquez:5000\"\n", Map.of())))
        .singleElement().asString().startsWith("lineage.url: is not an http:// or https:// URL with a host and without credentials").doesNotContain("pw@");
  }

  @Test
  void enabledFalseKeepsTheSectionAndSendsNothing() throws Exception {
    LineageConfig off = ConfigText.load(dir, "lake.root = lake\nlineage { enabled = false, file = \"events.jsonl\" }\n", Map.of()).lineage();
    assertThat(off.isActive()).isFalse();
    assertThat(ConfigText.load(dir, "lake.root = lake\nlineage { enabled = false }\n", Map.of()).lineage().isActive())
        .as("nowhere to send is fine when nothing is sent").isFalse();
    assertThat(ConfigText.load(dir, "lake.root = lake\nlineage { enabled = true, file = \"events.jsonl\" }\n", Map.of()).lineage().file())
        .hasValue(dir.resolve("events.jsonl"));
  }
}
