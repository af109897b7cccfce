package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;

import io.strata.jobs.testing.TestingSpark;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.Secret;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.Test;

/** Each masking method on real Spark rows: values, types, nulls, determinism and keys. */
class PiiMaskingIT {
  private static final String FOX = "The quick brown fox jumps over the lazy dog";
  private final SparkSession spark = TestingSpark.session();
  private final PiiMasker masker = new PiiMasker(Optional.of(Secret.of("env:PII_KEY", "key")), "k1");
  private final PiiMasker otherKey = new PiiMasker(Optional.of(Secret.of("env:PII_KEY", "rotated-key")), "k2");

  private Dataset<Row> customers() {
    return spark.sql("SELECT * FROM VALUES"
        + " (1L, 'ada@example.com', '+44 20 7946 0001', '4111 1111 1111 1111', DATE'1815-12-10', TIMESTAMP'2026-03-17 10:30:00', 37, 1234.56BD, 37.5D),"
        + " (2L, 'grace@example.org', '+1 212 555 0102', '5500-0000-0000-0004', DATE'1906-12-09', TIMESTAMP'2026-11-02 23:59:59', -15, 99.99BD, -0.5D),"
        + " (3L, 'alan.turing@example.co.uk', '(161) 555-0106', '378282246310005', DATE'1912-06-23', TIMESTAMP'2026-01-01 00:00:00', 0, 0.00BD, 10.0D),"
        + " (4L, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)"
        + " AS t(customer_id, email, phone, card, birth_date, signed_up, age, income, score)")
        .withColumn("income", functions.col("income").cast("decimal(10,2)"));
  }

  private static ColumnSpec column(String name, String type, PiiRule rule) {
    return new ColumnSpec(name, type, true, Optional.empty(), rule);
  }

  private static PiiRule rule(String method, String encoding, int keep, boolean keepFirst, String truncateTo, double bucket) {
    return new PiiRule(method, encoding, keep, keepFirst, "*", truncateTo, bucket);
  }

  /** The masked column, ordered by customer_id (the last row is the all-null one). */
  private Dataset<Row> masked(PiiMasker with, Dataset<Row> rows, ColumnSpec column) {
    return rows.orderBy("customer_id").select(with.apply(functions.col(column.name()), column).as(column.name()));
  }

  private List<Object> values(PiiMasker with, ColumnSpec column) {
    return masked(with, customers(), column).collectAsList().stream().map(row -> row.get(0)).toList();
  }

  private List<String> strings(PiiMasker with, ColumnSpec column) {
    return masked(with, customers(), column).collectAsList().stream().map(row -> row.getString(0)).toList();
  }

  @Test
  void hmacIsTheKeyedDigestInHexOrBase64() {
    Dataset<Row> fox = spark.sql("SELECT '" + FOX + "' AS customer_id, '" + FOX + "' AS text");
    assertThat(masked(masker, fox, column("text", "string", PiiRule.of("hmac"))).first().getString(0))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    assertThat(masked(masker, fox, column("text", "string", rule("hmac", "base64", 4, false, "month", 10))).first().getString(0))
        .isEqualTo("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
  }

  @Test
  void hmacIsDeterministicKeyedAndKeepsNulls() {
    ColumnSpec email = column("email", "string", PiiRule.of("hmac"));
    List<String> first = strings(masker, email);
    assertThat(first.subList(0, 3)).allMatch(hash -> hash.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();
    assertThat(first.get(3)).isNull();
    assertThat(strings(masker, email)).isEqualTo(first);
    List<String> rotated = strings(otherKey, email);
    for (int i = 0; i < 3; i++) {
      assertThat(rotated.get(i)).isNotEqualTo(first.get(i));
    }
  }

  @Test
  void hmacOfANonTextColumnHashesItsText() {
    List<String> hashed = strings(masker, column("customer_id", "bigint", PiiRule.of("hmac")));
    assertThat(hashed.get(0)).isEqualTo(new HmacEncoder(KeyedHash.of("key"), "hex").call("1"));
  }

  @Test
  void maskKeepsTheLastDigitsAndTheSeparators() {
    assertThat(strings(masker, column("phone", "string", PiiRule.of("mask"))))
        .containsExactly("+** ** **** 0001", "+* *** *** 0102", "(***) ***-0106", null);
    assertThat(strings(masker, column("card", "string", PiiRule.of("mask"))))
        .containsExactly("**** **** **** 1111", "****-****-****-0004", "***********0005", null);
  }

  @Test
  void tokenizeKeepsTheShapeIsDeterministicAndKeyed() {
    ColumnSpec phone = column("phone", "string", PiiRule.of("tokenize"));
    List<String> tokens = strings(masker, phone);
    assertThat(tokens.get(0)).matches("\\+\\d{2} \\d{2} \\d{4} \\d{4}").isNotEqualTo("+44 20 7946 0001");
    assertThat(tokens.get(1)).matches("\\+\\d \\d{3} \\d{3} \\d{4}").isNotEqualTo("+1 212 555 0102");
    assertThat(tokens.get(2)).matches("\\(\\d{3}\\) \\d{3}-\\d{4}").isNotEqualTo("(161) 555-0106");
    assertThat(tokens.get(3)).isNull();
    assertThat(strings(masker, phone)).isEqualTo(tokens);
    List<String> rotated = strings(otherKey, phone);
    for (int i = 0; i < 3; i++) {
      assertThat(rotated.get(i)).isNotEqualTo(tokens.get(i));
    }
  }

  @Test
  void tokenizedEmailsStayValidEmailsWithTheirTopLevelDomain() {
    List<String> tokens = strings(masker, column("email", "string", PiiRule.of("tokenize")));
    assertThat(tokens.get(0)).matches("[a-z]{3}@[a-z]{7}\\.com").isNotEqualTo("ada@example.com");
    assertThat(tokens.get(1)).matches("[a-z]{5}@[a-z]{7}\\.org");
    assertThat(tokens.get(2)).matches("[a-z]{4}\\.[a-z]{6}@[a-z]{7}\\.[a-z]{2}\\.uk");
    assertThat(tokens.subList(0, 3)).allMatch(PiiPatterns::isEmail);
  }

  @Test
  void aJoinOnATokenizedKeyStillMatches() {
    ColumnSpec email = column("email", "string", PiiRule.of("tokenize"));
    Dataset<Row> orders = spark.sql("SELECT * FROM VALUES (101, 'ada@example.com'), (102, 'grace@example.org'),"
        + " (103, 'ada@example.com'), (104, 'nobody@example.net') AS o(order_id, email)");
    Dataset<Row> maskedOrders = orders.select(functions.col("order_id"), masker.apply(functions.col("email"), email).as("email"));
    Dataset<Row> maskedCustomers = customers()
        .select(functions.col("customer_id"), masker.apply(functions.col("email"), email).as("email"));

    List<Row> joined = maskedOrders.join(maskedCustomers, "email").orderBy("order_id")
        .select("order_id", "customer_id").collectAsList();

    assertThat(joined).extracting(row -> row.getInt(0) + "->" + row.getLong(1)).containsExactly("101->1", "102->2", "103->1");
  }

  @Test
  void redactGivesNullOfTheColumnsType() {
    ColumnSpec income = column("income", "decimal(10,2)", PiiRule.of("redact"));
    Dataset<Row> redacted = masked(masker, customers(), income);
    assertThat(redacted.schema().fields()[0].dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
    assertThat(redacted.collectAsList()).allMatch(row -> row.isNullAt(0));
    assertThat(masked(masker, customers(), column("birth_date", "date", PiiRule.of("redact"))).schema().fields()[0].dataType())
        .isEqualTo(DataTypes.DateType);
  }

  @Test
  void emailDomainKeepsOnlyTheDomain() {
    assertThat(strings(masker, column("email", "string", PiiRule.of("email-domain"))))
        .containsExactly("example.com", "example.org", "example.co.uk", null);
    Dataset<Row> odd = spark.sql("SELECT 1L AS customer_id, 'not an address' AS email");
    assertThat(masked(masker, odd, column("email", "string", PiiRule.of("email-domain"))).first().isNullAt(0)).isTrue();
  }

  @Test
  void truncateDateKeepsTheTypeAndCutsToMonthOrYear() {
    ColumnSpec byMonth = column("birth_date", "date", PiiRule.of("truncate-date"));
    Dataset<Row> months = masked(masker, customers(), byMonth);
    assertThat(months.schema().fields()[0].dataType()).isEqualTo(DataTypes.DateType);
    assertThat(months.collectAsList()).extracting(row -> String.valueOf(row.get(0)))
        .containsExactly("1815-12-01", "1906-12-01", "1912-06-01", "null");

    ColumnSpec byYear = column("signed_up", "timestamp", rule("truncate-date", "hex", 4, false, "year", 10));
    Dataset<Row> years = masked(masker, customers(), byYear);
    assertThat(years.schema().fields()[0].dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(years.select(functions.col("signed_up").cast("string")).collectAsList()).extracting(row -> row.getString(0))
        .containsExactly("2026-01-01 00:00:00", "2026-01-01 00:00:00", "2026-01-01 00:00:00", null);

    ColumnSpec timestampByMonth = column("signed_up", "timestamp", PiiRule.of("truncate-date"));
    assertThat(masked(masker, customers(), timestampByMonth).select(functions.col("signed_up").cast("string")).collectAsList())
        .extracting(row -> row.getString(0))
        .containsExactly("2026-03-01 00:00:00", "2026-11-01 00:00:00", "2026-01-01 00:00:00", null);
  }

  @Test
  void generalizeNumberFloorsToTheBucketInTheSameType() {
    Dataset<Row> ages = masked(masker, customers(), column("age", "int", PiiRule.of("generalize-number")));
    assertThat(ages.schema().fields()[0].dataType()).isEqualTo(DataTypes.IntegerType);
    assertThat(ages.collectAsList()).extracting(row -> row.get(0)).containsExactly(30, -20, 0, null);

    Dataset<Row> incomes = masked(masker, customers(), column("income", "decimal(10,2)", rule("generalize-number", "hex", 4, false, "month", 100)));
    assertThat(incomes.schema().fields()[0].dataType()).isEqualTo(DataTypes.createDecimalType(10, 2));
    assertThat(incomes.collectAsList()).extracting(row -> row.isNullAt(0) ? null : row.getDecimal(0).toPlainString())
        .containsExactly("1200.00", "0.00", "0.00", null);

    Dataset<Row> scores = masked(masker, customers(), column("score", "double", rule("generalize-number", "hex", 4, false, "month", 2.5)));
    assertThat(scores.schema().fields()[0].dataType()).isEqualTo(DataTypes.DoubleType);
    assertThat(scores.collectAsList()).extracting(row -> row.get(0)).containsExactly(37.5, -2.5, 10.0, null);
  }

  @Test
  void noneAndUnsetLeaveTheValue() {
    List<Object> original = values(masker, column("phone", "string", PiiRule.of("none")));
    assertThat(original).containsExactly("+44 20 7946 0001", "+1 212 555 0102", "(161) 555-0106", null);
    assertThat(values(masker, column("phone", "string", PiiRule.of(PiiRule.UNSET)))).isEqualTo(original);
  }

  @Test
  void theQueryPlanNeverShowsTheKey() {
    String key = "Zq8-distinctive-pii-key";
    PiiMasker keyed = new PiiMasker(Optional.of(Secret.of("env:PII_KEY", key)), "k1");
    Dataset<Row> masked = customers().select(
        keyed.apply(functions.col("email"), column("email", "string", PiiRule.of("hmac"))).as("email"),
        keyed.apply(functions.col("phone"), column("phone", "string", PiiRule.of("tokenize"))).as("phone"));

    masked.collectAsList();
    assertThat(masked.queryExecution().toString()).contains("pii_hmac").contains("pii_tokenize").doesNotContain(key);
  }

  @Test
  void maskedOutputHoldsNoneOfTheOriginalValues() {
    List<String> originals = List.of("ada@example.com", "grace@example.org", "alan.turing@example.co.uk", "+44 20 7946 0001",
        "+1 212 555 0102", "(161) 555-0106", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005",
        "7946 0001", "212 555", "4111", "5500", "ada", "grace", "turing");
    for (String method : List.of("hmac", "mask", "tokenize", "redact")) {
      ColumnSpec email = column("email", "string", PiiRule.of(method));
      ColumnSpec phone = column("phone", "string", rule(method, "base64", 0, false, "month", 10));
      ColumnSpec card = column("card", "string", PiiRule.of(method));
      Column[] maskedColumns = {
        masker.apply(functions.col("email"), email).as("email"),
        masker.apply(functions.col("phone"), phone).as("phone"),
        masker.apply(functions.col("card"), card).as("card")};
      String output = customers().select(maskedColumns).collectAsList().stream()
          .map(row -> Arrays.toString(new Object[] {row.get(0), row.get(1), row.get(2)}))
          .collect(Collectors.joining("\n"));

      assertThat(originals).as(method).allSatisfy(original -> assertThat(output).as(method).doesNotContain(original));
    }
  }
}
