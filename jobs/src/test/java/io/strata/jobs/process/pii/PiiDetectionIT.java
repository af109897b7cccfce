package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.EntityConfig;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.PiiSettings;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

/** Detection on real Spark rows: by sampled values and by name, honoring each column's rule. */
class PiiDetectionIT {
  private final SparkSession spark = TestingSpark.session();
  private final PiiDetector detector = new PiiDetector(PiiSettings.defaults());

  /** Ten customers; neutral names on contact, reach and payment, so only their values give them away. */
  private Dataset<Row> customers() {
    return spark.sql("SELECT * FROM VALUES"
        + " (1L, 'ada@example.com', '+44 20 7946 0001', '4111 1111 1111 1111', 'consumer', 'ada@example.com', '+44 20 7946 0001', DATE'1815-12-10'),"
        + " (2L, 'grace@example.org', '+1 212 555 0102', '5500 0000 0000 0004', 'corporate', 'grace@example.org', '+1 212 555 0102', DATE'1906-12-09'),"
        + " (3L, 'edsger@example.nl', '+31 20 555 0103', '3400 0000 0000 009', 'consumer', 'edsger@example.nl', '+31 20 555 0103', NULL),"
        + " (4L, 'barbara@example.com', '+1 617 555 0104', '378282246310005', 'corporate', 'barbara@example.com', '+1 617 555 0104', NULL),"
        + " (5L, 'zoe@example.de', '+49 30 555 0105', '6011111111111117', 'consumer', 'zoe@example.de', '+49 30 555 0105', NULL),"
        + " (6L, 'alan@example.co.uk', '+44 161 555 0106', '4111 1111 1111 1111', 'consumer', 'alan@example.co.uk', '+44 161 555 0106', NULL),"
        + " (7L, 'kurt@example.at', '(212) 555-0107', '5500-0000-0000-0004', 'consumer', 'kurt@example.at', '(212) 555-0107', NULL),"
        + " (8L, 'emmy@example.de', '030 5550108', '4111111111111111', 'corporate', 'emmy@example.de', '030 5550108', NULL),"
        + " (9L, 'unknown', '+1 415 555 0109', '378282246310005', 'consumer', NULL, '+1 415 555 0109', NULL),"
        + " (10L, NULL, '+1 415 555 0110', '4111 1111 1111 1111', 'consumer', NULL, '+1 415 555 0110', NULL)"
        + " AS t(customer_id, contact, reach, payment, segment, email, phone, dob)");
  }

  private static ColumnSpec column(String name, String type, String method) {
    return new ColumnSpec(name, type, true, Optional.empty(), PiiRule.of(method));
  }

  private static EntityConfig entity(List<ColumnSpec> columns) {
    return new EntityConfig("customers", "shop_db", List.of("customer_id"), Optional.empty(), true, Map.of(), List.of(),
        List.of(), "UTC", columns, "fail", "fail");
  }

  private static EntityConfig customersEntity() {
    return entity(List.of(
        column("customer_id", "bigint", PiiRule.UNSET),
        column("contact", "string", PiiRule.UNSET),
        column("reach", "string", PiiRule.UNSET),
        column("payment", "string", PiiRule.UNSET),
        column("segment", "string", PiiRule.UNSET),
        column("email", "string", "none"),
        column("phone", "string", "mask"),
        column("dob", "date", PiiRule.UNSET)));
  }

  @Test
  void findsUnflaggedPiiColumnsWithEvidence() {
    assertThat(detector.unmaskedPii(customers(), customersEntity())).containsExactly(
        new PiiFinding("contact", "email", "88% of 9 sampled values are e-mail addresses"),
        new PiiFinding("reach", "phone", "100% of 10 sampled values are phone numbers"),
        new PiiFinding("payment", "credit-card", "100% of 10 sampled values are credit card numbers (Luhn-valid)"),
        new PiiFinding("dob", "birth-date", "column name 'dob' suggests dates of birth"));
  }

  @Test
  void scanReportsDeclaredSafeAndMaskedColumnsToo() {
    List<PiiFinding> findings = detector.scan(customers(), customersEntity());

    assertThat(findings).extracting(PiiFinding::column).containsExactly("contact", "reach", "payment", "email", "phone", "dob");
    assertThat(findings).contains(
        new PiiFinding("email", "email", "100% of 8 sampled values are e-mail addresses"),
        new PiiFinding("phone", "phone", "100% of 10 sampled values are phone numbers"));
  }

  @Test
  void aColumnTheEntityDoesNotDeclareCountsAsUnset() {
    EntityConfig withoutReach = entity(customersEntity().columns().stream().filter(c -> !c.name().equals("reach")).toList());

    assertThat(detector.unmaskedPii(customers(), withoutReach)).extracting(PiiFinding::column).contains("reach");
  }

  @Test
  void aColumnNameAloneIsEnough() {
    Dataset<Row> rows = spark.sql("SELECT 1L AS customer_id, 'n/a' AS ip_address, 'x' AS last_name");

    assertThat(detector.unmaskedPii(rows, entity(List.of(column("customer_id", "bigint", PiiRule.UNSET))))).containsExactly(
        new PiiFinding("ip_address", "ip-address", "column name 'ip_address' suggests IP addresses"),
        new PiiFinding("last_name", "person-name", "column name 'last_name' suggests personal names"));
  }

  @Test
  void samplesAtMostTheConfiguredNumberOfValues() {
    Dataset<Row> rows = spark.range(0, 500).selectExpr("id AS customer_id", "concat('user', id, '@example.com') AS contact");
    PiiDetector smallSample = new PiiDetector(new PiiSettings(Optional.empty(), "k1", 25, 0.8));

    assertThat(smallSample.unmaskedPii(rows, entity(List.of(column("customer_id", "bigint", PiiRule.UNSET)))))
        .containsExactly(new PiiFinding("contact", "email", "100% of 25 sampled values are e-mail addresses"));
  }

  @Test
  void ordinaryColumnsAreNotFlagged() {
    Dataset<Row> rows = spark.sql("SELECT * FROM VALUES (1001L, '2026-03-01', 'SKU-001', '4.50', '10002345', '192 orders'),"
        + " (1002L, '2026-03-02', 'SKU-004', '89.00', '10002346', '12 orders') AS t(order_id, order_date, sku, unit_price, reference, note)");

    assertThat(detector.scan(rows, entity(List.of(column("order_id", "bigint", PiiRule.UNSET))))).isEmpty();
  }
}
