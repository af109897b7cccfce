package io.strata.jobs.lineage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import io.strata.jobs.testing.HttpReceiver;
import io.strata.jobs.testing.InProcessCli;
import io.strata.jobs.testing.TestingSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lineage through the command line: {@code strata lineage} prints the graph the config declares,
 * with column lineage and masked PII columns marked, and {@code strata run} sends OpenLineage
 * START and COMPLETE (or FAIL) events per stage to a real HTTP server, which parse back into the
 * OpenLineage client's model.
 */
class LineageIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private final InProcessCli cli = new InProcessCli();

  @BeforeAll
  static void sharedSession() {
    TestingSpark.session();
  }

  private Path config(String lineage) throws Exception {
    Files.createDirectories(dir.resolve("in/customers"));
    Files.createDirectories(dir.resolve("in/sales"));
    Files.writeString(dir.resolve("in/customers/c.csv"), "customer_id,email,city,updated_at\n1,ada@example.com,London,2026-02-01 00:00:00\n");
    Files.writeString(dir.resolve("in/sales/s.csv"), "order_id,customer_id,amount,order_ts\n10,1,5.50,2026-02-28 10:00:00\n11,2,7.00,2026-02-28 11:00:00\n");
    return Files.writeString(dir.resolve("traced.conf"), """
        name = traced
        lake.root = lake
        sources {
          customer_files { type = file, entity = customers, path = "in/customers/*.csv" }
          sales_files { type = file, entity = sales, path = "in/sales/*.csv" }
        }
        entities {
          customers {
            source = customer_files, key = [customer_id], change-order = updated_at
            columns { customer_id { type = bigint, nullable = false }, email { type = string, pii = mask }, city = string, updated_at = timestamp }
          }
          sales {
            source = sales_files, key = [order_id]
            columns { order_id { type = bigint, nullable = false }, customer_id = bigint, amount = "decimal(10,2)", order_ts = timestamp }
          }
        }
        model {
          dimensions { dim_customer { source = customers, natural-key = [customer_id], scd-type = 2, tracked = [city], change-time = updated_at } }
          facts {
            fact_sales {
              source = sales, grain = [order_id], measures = [amount], partition-by = order_ts, dates { order_date = order_ts }
              dimensions { customer { dimension = dim_customer, event-time = order_ts } }
            }
          }
        }
        %s
        """.formatted(lineage));
  }

  @Test
  void strataLineagePrintsTheGraphWithColumnLineage() throws Exception {
    Path config = config("""
        warehouse { url = "jdbc:postgresql://dw.example.com:5432/analytics", schema = mart, user = loader, password = "env:TRACED_DW_PASSWORD_UNSET" }
        """);

    assertThat(cli.run("lineage", "--config", config.toString(), "--format", "json")).as(cli.err()).isZero();

    JsonNode graph = JSON.readTree(cli.out());
    assertThat(graph.get("jobs")).extracting(job -> job.get("stage").asText()).containsExactly("ingest", "process", "model", "quality", "export");
    JsonNode processed = dataset(graph, "processed/customers");
    assertThat(processed.get("layer").asText()).isEqualTo("processed");
    JsonNode email = field(processed, "email");
    assertThat(email.get("from").get(0).get("field").asText()).isEqualTo("email");
    assertThat(email.get("from").get(0).get("masked").asBoolean()).isTrue();
    assertThat(email.get("from").get(0).get("how").asText()).isEqualTo("pii: mask");
    assertThat(field(processed, "city").get("from").get(0).get("masked").asBoolean()).isFalse();
    JsonNode fact = dataset(graph, "curated/fact_sales");
    JsonNode customerKey = field(fact, "customer_key");
    assertThat(customerKey.get("from")).extracting(source -> source.get("dataset").asText().replaceAll(".*/lake/", "") + "." + source.get("field").asText())
        .containsExactly("curated/dim_customer.dim_customer_key", "processed/sales.customer_id");
    JsonNode warehouse = dataset(graph, "analytics.mart.fact_sales");
    assertThat(warehouse.get("namespace").asText()).isEqualTo("postgres://dw.example.com:5432");
    assertThat(field(warehouse, "amount").get("from").get(0).get("dataset").asText()).endsWith("curated/fact_sales");
    assertThat(cli.out()).doesNotContain("loader").doesNotContain("TRACED_DW_PASSWORD");

    assertThat(cli.run("lineage", "--config", config.toString(), "--table", "dim_customer")).isZero();
    assertThat(cli.out()).startsWith("digraph strata_lineage {").contains("label=\"curated\\ndim_customer\"", "label=\"processed\\ncustomers\"",
        "label=\"warehouse\\nanalytics.mart.dim_customer\"", "label=\"curated\\nfact_sales\"").doesNotContain("sales_files");
    assertThat(cli.run("lineage", "--config", config.toString(), "--table", "nothing_like_it")).isNotZero();
    assertThat(cli.err()).contains("--table nothing_like_it names no source, entity or table of pipeline 'traced'");
  }

  @Test
  void aRunSendsStartAndCompleteOrFailPerStage() throws Exception {
    try (HttpReceiver marquez = new HttpReceiver()) {
      Path config = config("lineage { url = \"" + marquez.url("") + "\", namespace = nightly }");

      int code = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-01", "--to", "model");

      assertThat(code).as(cli.out() + cli.err()).isZero();
      List<OpenLineage.RunEvent> events = new ArrayList<>();
      for (HttpReceiver.Received request : marquez.received("/api/v1/lineage")) {
        events.add(OpenLineageClientUtils.runEventFromJson(request.body()));
      }
      assertThat(events).extracting(event -> event.getJob().getName() + " " + event.getEventType()).containsExactly(
          "traced.ingest START", "traced.ingest COMPLETE", "traced.process START", "traced.process COMPLETE",
          "traced.model START", "traced.model COMPLETE");
      assertThat(events).allSatisfy(event -> {
        assertThat(event.getJob().getNamespace()).isEqualTo("nightly");
        assertThat(event.getProducer().toString()).isEqualTo("urn:io.strata:strata-jobs");
        assertThat(event.getSchemaURL().toString()).startsWith("https://openlineage.io/spec/");
      });
      assertThat(events.get(1).getRun().getRunId()).as("one run id for a stage's START and COMPLETE").isEqualTo(events.get(0).getRun().getRunId());
      assertThat(events.get(2).getRun().getRunId()).isNotEqualTo(events.get(0).getRun().getRunId()).isInstanceOf(UUID.class);
      OpenLineage.OutputDataset customers = events.get(3).getOutputs().stream().filter(output -> output.getName().endsWith("processed/customers"))
          .findFirst().orElseThrow();
      assertThat(customers.getNamespace()).isEqualTo("file");
      var email = customers.getFacets().getColumnLineage().getFields().getAdditionalProperties().get("email");
      assertThat(email.getInputFields()).singleElement().satisfies(input -> {
        assertThat(input.getName()).endsWith("raw/customer_files/customers");
        assertThat(input.getTransformations()).singleElement().satisfies(transformation -> {
          assertThat(transformation.getMasking()).isTrue();
          assertThat(transformation.getDescription()).isEqualTo("pii: mask");
        });
      });
      assertThat(customers.getFacets().getSchema().getFields()).extracting(OpenLineage.SchemaDatasetFacetFields::getName)
          .containsExactlyInAnyOrder("customer_id", "email", "city", "updated_at");
      assertThat(events.get(5).getInputs()).extracting(OpenLineage.InputDataset::getName)
          .anySatisfy(name -> assertThat(name).endsWith("processed/sales"));
      assertThat(marquez.received()).allSatisfy(request -> assertThat(request.body()).doesNotContain("ada@example.com"));

      // A stage that fails sends FAIL with the first line of why.
      Files.writeString(dir.resolve("in/sales/bad.csv"), "order_id,customer_id,amount,order_ts\n");
      Files.delete(dir.resolve("lake/processed/sales/_delta_log/00000000000000000000.json"));
      int failed = cli.run("run", "--config", config.toString(), "--run-date", "2026-03-02", "--from", "model", "--to", "model");
      assertThat(failed).isNotZero();
      List<HttpReceiver.Received> all = marquez.received("/api/v1/lineage");
      OpenLineage.RunEvent last = OpenLineageClientUtils.runEventFromJson(all.get(all.size() - 1).body());
      assertThat(last.getEventType()).as(cli.out() + cli.err()).isEqualTo(OpenLineage.RunEvent.EventType.FAIL);
      // The model reads the table's latest version from its log, which names what is missing.
      assertThat(last.getRun().getFacets().getErrorMessage().getMessage()).contains("DELTA_NO_COMMITS_FOUND", "processed/sales/_delta_log");
      // Spark's checked AnalysisException is a failure like any other: the run log says FAILED, not a RUNNING line left behind.
      assertThat(new io.strata.jobs.runlog.RunLog(TestingSpark.session(), new io.strata.layout.LakeLayout(dir.resolve("lake").toUri())).recent(1))
          .filteredOn(record -> record.stage().equals("model") && record.target().equals("*")).singleElement()
          .satisfies(record -> assertThat(record.status()).isEqualTo(io.strata.jobs.runlog.RunRecord.Status.FAILED));
    }
  }

  private static JsonNode dataset(JsonNode graph, String nameEnd) {
    for (JsonNode dataset : graph.get("datasets")) {
      if (dataset.get("name").asText().endsWith(nameEnd)) {
        return dataset;
      }
    }
    throw new AssertionError("no dataset named ..." + nameEnd + " in " + graph);
  }

  private static JsonNode field(JsonNode dataset, String name) {
    for (JsonNode field : dataset.get("fields")) {
      if (field.get("name").asText().equals(name)) {
        return field;
      }
    }
    throw new AssertionError("no field " + name + " in " + dataset);
  }
}
