package io.strata.layout.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogConfigTest {
  @TempDir Path dir;

  @Test
  void theSessionCatalogByDefaultWithEachTablesDocs() throws Exception {
    PipelineConfig config = ConfigText.load(dir, """
        lake.root = lake
        sources { files { type = file, entity = customers, path = "/tmp/*.csv" } }
        entities { customers { source = files, key = [id], description = "One row per customer", owner = crm, columns {
          id = bigint
          email { type = string, pii = mask, description = "Where the customer is written to" }
        } } }
        model.dimensions.dim_customer { source = customers, natural-key = [id], scd-type = 1, owner = analytics }
        """, Map.of());

    assertThat(config.catalog().type()).isEqualTo("session");
    assertThat(config.catalog().docsOf("processed.customers")).isEqualTo(new TableDocs(java.util.Optional.of("One row per customer"),
        java.util.Optional.of("crm")));
    assertThat(config.catalog().docsOf("curated.dim_customer").owner()).hasValue("analytics");
    assertThat(config.catalog().docsOf("curated.nothing")).isEqualTo(TableDocs.none());
    assertThat(config.entities().get("customers").columns()).extracting(ColumnSpec::description)
        .containsExactly(java.util.Optional.empty(), java.util.Optional.of("Where the customer is written to"));

    CatalogConfig hive = ConfigText.load(dir, "lake.root = lake\ncatalog { type = hive, uri = \"thrift://metastore:9083\" }\n", Map.of()).catalog();
    assertThat(hive.uri()).hasValue("thrift://metastore:9083");
  }

  @Test
  void aHiveCatalogNeedsItsUriAndOnlyItTakesOne() {
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\ncatalog.type = hive\n", Map.of())))
        .containsExactly("catalog.uri: is required with type = hive Fix: write uri = \"thrift://metastore:9083\"");
    assertThat(ConfigText.problems(() -> ConfigText.load(dir, "lake.root = lake\ncatalog { type = glue, uri = \"thrift://m:9083\" }\n", Map.of())))
        .containsExactly("catalog.uri: is set, but type is glue: only a Hive metastore is reached by URI Fix: remove uri, or write type = hive");
  }
}
