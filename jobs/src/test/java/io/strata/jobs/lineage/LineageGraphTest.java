package io.strata.jobs.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.stage.Stage;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.PipelineConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageGraphTest {
  @TempDir Path dir;

  @Test
  void anEntityReadsTheRawDataOfItsSourceWhateverTheSourceCallsIt() throws Exception {
    Path file = Files.writeString(dir.resolve("p.conf"), """
        lake.root = lake
        sources {
          orders_files { type = file, entity = orders, path = "in/orders/*.csv" }
          both_files { type = file, entity = both, path = "in/{a,b}/[0-9]*.csv" }
        }
        entities { sales { source = orders_files, key = [order_id], columns { order_id = bigint, email { type = string, pii = hmac } } } }
        pii.key = "env:LINEAGE_TEST_KEY"
        """);
    PipelineConfig config = new PipelineConfigLoader(Map.of("LINEAGE_TEST_KEY", "k"), true).load(file);

    LineageJob ingest = LineageGraph.of(config).stream().filter(job -> job.stage() == Stage.INGEST).findFirst().orElseThrow();
    LineageJob process = LineageGraph.of(config).stream().filter(job -> job.stage() == Stage.PROCESS).findFirst().orElseThrow();

    assertThat(ingest.inputs()).extracting(LineageDataset::name).as("a glob that is no URI is named as written")
        .anySatisfy(name -> assertThat(name).startsWith("/").endsWith("in/{a,b}/[0-9]*.csv"));
    LineageDataset raw = ingest.outputs().get(0);
    assertThat(raw.name()).endsWith("lake/raw/orders_files/orders");
    assertThat(ingest.inputsOf(raw)).singleElement().satisfies(input -> assertThat(input).startsWith("file/").endsWith("in/orders/*.csv"));
    LineageDataset sales = process.outputs().get(0);
    assertThat(sales.name()).endsWith("lake/processed/sales");
    assertThat(process.inputsOf(sales)).containsExactly(raw.id());
    assertThat(sales.fields()).filteredOn(field -> field.name().equals("email")).singleElement()
        .satisfies(field -> assertThat(field.sources()).singleElement().satisfies(source -> {
          assertThat(source.masked()).isTrue();
          assertThat(source.how()).isEqualTo("pii: hmac");
        }));
  }
}
