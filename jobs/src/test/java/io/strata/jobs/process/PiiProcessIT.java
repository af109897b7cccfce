package io.strata.jobs.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.jobs.ingest.IngestJob;
import io.strata.jobs.process.pii.PiiFinding;
import io.strata.jobs.stage.StageContext;
import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.Layer;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.FileSourceConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.PiiSettings;
import io.strata.layout.config.PipelineConfig;
import io.strata.layout.config.Secret;
import io.strata.layout.config.SourceConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PII through the process stage with the real masker and detector: nothing unmasked leaves the raw layer. */
class PiiProcessIT {
  private static final LocalDate DAY1 = LocalDate.of(2026, 3, 1);
  private static final List<String> ORIGINALS = List.of("ada@example.com", "grace@example.org", "+44 20 7946 0001", "4111 1111 1111 1111",
      "5500 0000 0000 0004", "123-45-6789", "Lovelace", "1815-12-10");

  @TempDir Path dir;
  private final List<String> progress = new ArrayList<>();

  private static ColumnSpec column(String name, String type, PiiRule pii) {
    return new ColumnSpec(name, type, true, Optional.empty(), pii);
  }

  private static EntityConfig customers(ColumnSpec contact) {
    List<ColumnSpec> columns = new ArrayList<>(List.of(
        column("customer_id", "bigint", PiiRule.of(PiiRule.UNSET)),
        column("name", "string", new PiiRule("mask", "hex", 1, true, "*", "month", 10)),
        column("email", "string", PiiRule.of("tokenize")),
        column("phone", "string", PiiRule.of("mask")),
        column("card_number", "string", PiiRule.of("tokenize")),
        column("ssn", "string", PiiRule.of("hmac")),
        column("birth_date", "date", new PiiRule("truncate-date", "hex", 4, false, "*", "year", 10)),
        column("income", "int", new PiiRule("generalize-number", "hex", 4, false, "*", "month", 1000))));
    columns.add(contact);
    return new EntityConfig("customers", "crm", List.of("customer_id"), Optional.empty(), true, Map.of(), List.of(), List.of(""), "UTC",
        columns, "fail", "fail");
  }

  private static EntityConfig orders() {
    return new EntityConfig("orders", "shop", List.of("order_id"), Optional.empty(), true, Map.of(), List.of(), List.of(""), "UTC",
        List.of(column("order_id", "bigint", PiiRule.of(PiiRule.UNSET)), column("customer_email", "string", PiiRule.of("tokenize"))),
        "fail", "fail");
  }

  private PipelineConfig pipeline(Path landing, String key, EntityConfig... entities) {
    Map<String, SourceConfig> sources = new LinkedHashMap<>();
    sources.put("crm", new FileSourceConfig("crm", "customers", "file://" + landing.resolve("customers*.csv"), "csv", Map.of(), Optional.empty(), 0));
    sources.put("shop", new FileSourceConfig("shop", "orders", "file://" + landing.resolve("orders*.csv"), "csv", Map.of(), Optional.empty(), 0));
    PipelineConfig base = TestingSpark.pipeline(dir.resolve("lake").toUri().toString(), sources);
    Map<String, EntityConfig> byName = new LinkedHashMap<>();
    for (EntityConfig entity : entities) {
      byName.put(entity.name(), entity);
    }
    return new PipelineConfig(base.name(), base.file(), base.lake(), base.spark(), base.warehouse(), base.sources(), byName,
        new PiiSettings(Optional.of(Secret.of("env:STRATA_PII_KEY", key)), "2026-03", 1000, 0.8));
  }

  private Path landing() throws IOException {
    Path landing = Files.createDirectories(dir.resolve("landing"));
    Files.writeString(landing.resolve("customers.csv"), """
        customer_id,name,email,phone,card_number,ssn,birth_date,income,contact
        1,Ada Lovelace,ada@example.com,+44 20 7946 0001,4111 1111 1111 1111,123-45-6789,1815-12-10,52345,ada@example.com
        2,Grace Hopper,grace@example.org,+1 212 555 0102,5500 0000 0000 0004,987-65-4321,1906-12-09,71999,grace@example.org
        3,Bad Row,x@example.com,+1 212 555 0103,4000 0000 0000 0002,111-22-3333,not-a-date,1,x@example.com
        """);
    Files.writeString(landing.resolve("orders.csv"), "order_id,customer_email\n10,ada@example.com\n11,grace@example.org\n");
    return landing;
  }

  private void ingestAndProcess(PipelineConfig config, String runId) {
    StageContext context = new StageContext(config, TestingSpark.session(), DAY1, runId, progress::add);
    new IngestJob(Optional.empty(), IngestJob.standardReaders()).run(context);
    new ProcessJob(Optional.empty(), StandardPiiPolicy::of).run(context);
  }

  private List<Row> table(PipelineConfig config, String entity) {
    return TestingSpark.session().read().format("delta").load(config.lake().layout().processed(entity).uri()).orderBy(entity.equals("orders")
        ? "order_id" : "customer_id").collectAsList();
  }

  @Test
  void masksEveryRuledColumnAndLeaksNoOriginalValue() throws IOException {
    PipelineConfig config = pipeline(landing(), "secret-key-1", customers(column("contact", "string", PiiRule.of("redact"))), orders());

    String log;
    try (LogCapture capture = LogCapture.start()) {
      ingestAndProcess(config, "r1");
      log = capture.text();
    }

    List<Row> customers = table(config, "customers");
    assertThat(customers).hasSize(2);
    Row ada = customers.get(0);
    assertThat(ada.<String>getAs("name")).isEqualTo("A** ********");
    assertThat(ada.<String>getAs("phone")).isEqualTo("+** ** **** 0001");
    assertThat(ada.<String>getAs("email")).matches("[a-z]{3}@[a-z]{7}\\.com").isNotEqualTo("ada@example.com");
    assertThat(ada.<String>getAs("card_number")).matches("\\d{4} \\d{4} \\d{4} \\d{4}").isNotEqualTo("4111 1111 1111 1111");
    assertThat(ada.<String>getAs("ssn")).matches("[0-9a-f]{64}");
    assertThat(String.valueOf((Object) ada.getAs("birth_date"))).isEqualTo("1815-01-01");
    assertThat(ada.<Integer>getAs("income")).isEqualTo(52000);
    assertThat(ada.<String>getAs("contact")).isNull();
    assertThat(ada.<String>getAs("_pii_key_id")).isEqualTo("2026-03");

    List<Row> orders = table(config, "orders");
    assertThat(orders.get(0).<String>getAs("customer_email")).isEqualTo(ada.getAs("email"));
    assertThat(orders.get(1).<String>getAs("customer_email")).isEqualTo(customers.get(1).getAs("email"));

    List<Row> quarantine = TestingSpark.session().read().format("delta")
        .load(config.lake().layout().quarantine(Layer.PROCESSED, "customers").uri()).collectAsList();
    assertThat(quarantine).singleElement().satisfies(row -> {
      assertThat(row.<String>getAs("_reason")).isEqualTo("a masked value is not a valid date");
      assertThat(row.<String>getAs("_record")).contains("\"customer_id\":\"3\"").contains("\"email\":\"***\"").doesNotContain("x@example.com");
    });

    // The ingest stage logs at INFO; the raw layer may hold originals, nothing after it may.
    String everything = customers + " " + orders + " " + quarantine + " " + progress + " " + log;
    assertThat(log).contains("ProcessJob").doesNotContain("secret-key-1");
    for (String original : ORIGINALS) {
      assertThat(everything).doesNotContain(original);
      assertThat(bytesUnder(dir.resolve("lake/processed"))).doesNotContain(original);
      assertThat(bytesUnder(dir.resolve("lake/quarantine/processed"))).doesNotContain(original);
    }
  }

  @Test
  void aDifferentKeyGivesDifferentTokensAndTheSameKeyTheSame() throws IOException {
    Path landing = landing();
    PipelineConfig first = pipeline(landing, "key-one", customers(column("contact", "string", PiiRule.of("redact"))));
    ingestAndProcess(first, "r1");
    List<Row> one = table(first, "customers");
    Files.walk(dir.resolve("lake")).sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());

    PipelineConfig second = pipeline(landing, "key-two", customers(column("contact", "string", PiiRule.of("redact"))));
    ingestAndProcess(second, "r2");
    List<Row> two = table(second, "customers");

    assertThat(two.get(0).<String>getAs("email")).isNotEqualTo(one.get(0).getAs("email"));
    assertThat(two.get(0).<String>getAs("ssn")).isNotEqualTo(one.get(0).getAs("ssn"));
    assertThat(two.get(0).<String>getAs("phone")).isEqualTo(one.get(0).getAs("phone"));
  }

  @Test
  void anUndeclaredPiiColumnFailsWithTheEvidenceAndPiiNoneSilencesIt() throws IOException {
    Path landing = landing();

    assertThatThrownBy(() -> ingestAndProcess(pipeline(landing, "k", customers(column("contact", "string", PiiRule.of(PiiRule.UNSET)))), "r1"))
        .hasMessageContaining("entities.customers.columns.contact.pii: is not set, but the column looks like personal data (100% of 2 sampled"
            + " values are e-mail addresses)")
        .satisfies(e -> ORIGINALS.forEach(original -> assertThat(e.getMessage()).doesNotContain(original)));
    assertThat(dir.resolve("lake/processed/customers")).doesNotExist();

    ingestAndProcess(pipeline(landing, "k", customers(column("contact", "string", PiiRule.of("none")))), "r2");
    assertThat(table(pipeline(landing, "k", customers(column("contact", "string", PiiRule.of("none")))), "customers")).hasSize(2);
  }

  @Test
  void piiScanReportsEveryLookalikeWhateverItsRule() throws IOException {
    PipelineConfig config = pipeline(landing(), "k", customers(column("contact", "string", PiiRule.of("none"))));
    new IngestJob(Optional.empty(), IngestJob.standardReaders()).run(new StageContext(config, TestingSpark.session(), DAY1, "r1", progress::add));

    List<PiiFinding> findings = PiiScan.scan(TestingSpark.session(), config, "customers");

    assertThat(findings).extracting(PiiFinding::column).contains("email", "phone", "card_number", "ssn", "contact");
    assertThat(findings).filteredOn(finding -> finding.column().equals("card_number")).singleElement()
        .satisfies(finding -> assertThat(finding.evidence()).contains("credit card numbers (Luhn-valid)"));
  }

  private static String bytesUnder(Path root) {
    try (Stream<Path> files = Files.walk(root)) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        text.append(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
      }
      return text.toString();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
