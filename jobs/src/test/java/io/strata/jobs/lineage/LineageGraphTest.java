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
        entities { sales { source = orders_files, key = [order_id], columns { order_id = bigint, email { type = string, pii = hmac }, city = string, segment = string } } }
        model.dimensions.dim_buyer { source = sales, natural-key = [order_id], scd-type = 2, tracked = [city], type-1 = [email] }
        model.dimensions.dim_place { source = sales, natural-key = [order_id], scd-type = 1 }
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

    // A dimension's fields are the columns its builder writes: SCD2 keeps tracked and type-1 columns, SCD1 without columns keeps them all.
    LineageJob model = LineageGraph.of(config).stream().filter(job -> job.stage() == Stage.MODEL).findFirst().orElseThrow();
    LineageDataset buyer = model.outputs().stream().filter(output -> output.name().endsWith("curated/dim_buyer")).findFirst().orElseThrow();
    assertThat(buyer.fields()).extracting(LineageDataset.Field::name).containsExactly("dim_buyer_key", "order_id", "city", "email",
        "effective_from", "effective_to", "is_current", "version", "is_deleted", "row_hash");
    assertThat(buyer.fields().get(2).sources()).singleElement().satisfies(source -> assertThat(source.name()).endsWith("lake/processed/sales"));
    LineageDataset place = model.outputs().stream().filter(output -> output.name().endsWith("curated/dim_place")).findFirst().orElseThrow();
    assertThat(place.fields()).extracting(LineageDataset.Field::name).containsExactly("dim_place_key", "order_id", "city", "segment", "email",
        "row_hash"); // the entity's columns in the order the processed table has them
  }
}
