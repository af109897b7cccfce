package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.Test;

/** The checks PiiMasker makes before Spark runs anything. */
class PiiMaskerTest {
  private static final String KEY = "s3cr3t-pii-key";
  private final Column value = functions.col("value");

  private static ColumnSpec column(String name, String type, PiiRule rule) {
    return new ColumnSpec(name, type, true, Optional.empty(), rule);
  }

  @Test
  void keyedMethodsWithoutAKeyNamePiiKey() {
    PiiMasker masker = new PiiMasker(Optional.empty(), "k1");
    for (String method : new String[] {"hmac", "tokenize"}) {
      assertThatThrownBy(() -> masker.apply(value, column("email", "string", PiiRule.of(method))))
          .isInstanceOf(StrataException.class)
          .hasMessage("column 'email' uses pii = " + method + ", which needs the PII key, but pii.key is not set (or is empty):"
              + " set pii.key to a secret reference, e.g. pii.key = \"env:STRATA_PII_KEY\"");
    }
  }

  @Test
  void anEmptyKeyIsNoKey() {
    PiiMasker masker = new PiiMasker(Optional.of(Secret.of("env:EMPTY", "")), "k1");
    assertThatThrownBy(() -> masker.apply(value, column("email", "string", PiiRule.of("hmac"))))
        .isInstanceOf(StrataException.class)
        .hasMessageContaining("pii.key is not set (or is empty)");
  }

  @Test
  void unkeyedMethodsNeedNoKey() {
    PiiMasker masker = new PiiMasker(Optional.empty(), "k1");
    assertThat(masker.apply(value, column("phone", "string", PiiRule.of("mask")))).isNotNull();
    assertThat(masker.apply(value, column("phone", "string", PiiRule.of(PiiRule.UNSET)))).isSameAs(value);
    assertThat(masker.apply(value, column("phone", "string", PiiRule.of("none")))).isSameAs(value);
  }

  @Test
  void truncateDateNeedsADateOrTimestamp() {
    PiiMasker masker = new PiiMasker(Optional.empty(), "k1");
    assertThatThrownBy(() -> masker.apply(value, column("age", "int", PiiRule.of("truncate-date"))))
        .isInstanceOf(StrataException.class)
        .hasMessage("column 'age' uses pii = truncate-date but its type is int; use it on a date or timestamp column,"
            + " or choose another pii method");
  }

  @Test
  void generalizeNumberNeedsANumberAndAPositiveBucket() {
    PiiMasker masker = new PiiMasker(Optional.empty(), "k1");
    assertThatThrownBy(() -> masker.apply(value, column("city", "string", PiiRule.of("generalize-number"))))
        .isInstanceOf(StrataException.class)
        .hasMessage("column 'city' uses pii = generalize-number but its type is string; use it on a numeric column,"
            + " or choose another pii method");
    PiiRule zeroBucket = new PiiRule("generalize-number", "hex", 4, false, "*", "month", 0);
    assertThatThrownBy(() -> masker.apply(value, column("age", "int", zeroBucket)))
        .isInstanceOf(StrataException.class)
        .hasMessage("column 'age' has pii bucket = 0.0; use a positive number, e.g. bucket = 10");
  }

  @Test
  void refusesAnUnknownMethod() {
    PiiMasker masker = new PiiMasker(Optional.empty(), "k1");
    assertThatThrownBy(() -> masker.apply(value, column("email", "string", PiiRule.of("rot13"))))
        .isInstanceOf(StrataException.class)
        .hasMessage("column 'email' has pii method 'rot13', which is not one of none, hmac, mask, tokenize, redact,"
            + " email-domain, truncate-date, generalize-number");
  }

  @Test
  void neverShowsTheKey() throws IOException {
    PiiMasker masker = new PiiMasker(Optional.of(Secret.of("env:PII_KEY", KEY)), "k7");
    assertThat(masker.keyId()).isEqualTo("k7");
    assertThat(masker.toString()).isEqualTo("PiiMasker[keyId=k7, key set]");
    Column hashed = masker.apply(value, column("email", "string", PiiRule.of("hmac")));
    Column tokenized = masker.apply(value, column("email", "string", PiiRule.of("tokenize")));
    assertThat(hashed.toString()).doesNotContain(KEY);
    assertThat(tokenized.toString()).doesNotContain(KEY);
  }

  @Test
  void isSerializableWithoutTheSecretObject() throws IOException {
    PiiMasker masker = new PiiMasker(Optional.of(Secret.of("env:PII_KEY", KEY)), "k1");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(masker);
    }
    assertThat(bytes.toString(StandardCharsets.ISO_8859_1)).doesNotContain("env:PII_KEY").doesNotContain("Secret");
  }
}
