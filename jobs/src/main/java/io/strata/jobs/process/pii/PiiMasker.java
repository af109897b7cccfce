package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import io.strata.layout.StrataException;
import io.strata.layout.config.ColumnSpec;
import io.strata.layout.config.PiiRule;
import io.strata.layout.config.Secret;
import java.io.Serializable;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;

/**
 * Masks columns per their {@link PiiRule}; the keyed methods ({@code hmac}, {@code tokenize}) use
 * the pipeline's PII key. {@code hmac}, {@code mask}, {@code tokenize} and {@code email-domain}
 * give text; {@code redact}, {@code truncate-date} and {@code generalize-number} keep the
 * column's type. The key is read once and never printed.
 */
public final class PiiMasker implements Serializable {
  private static final long serialVersionUID = 1L;

  private final KeyedHash hash;
  private final String keyId;

  public PiiMasker(Optional<Secret> key, String keyId) {
    requireNonNull(key, "key is null");
    this.keyId = requireNonNull(keyId, "keyId is null");
    // An empty key (an unset variable read as "") is no key: keyed methods then fail by name.
    this.hash = key.map(Secret::reveal).filter(value -> !value.isEmpty()).map(KeyedHash::of).orElse(null);
  }

  /**
   * The masked value of {@code value} (a column of the processed type of {@code column}), or
   * {@code value} itself when the rule does not mask. The result is not aliased.
   */
  public Column apply(Column value, ColumnSpec column) {
    requireNonNull(value, "value is null");
    requireNonNull(column, "column is null");
    PiiRule rule = column.pii();
    return switch (rule.method()) {
      case "none", PiiRule.UNSET -> value;
      case "hmac" -> text(new HmacEncoder(keyFor(column), rule.encoding()), "pii_hmac", value);
      case "mask" -> text(new CharacterMask(rule.keep(), rule.keepFirst(), rule.maskChar()), "pii_mask", value);
      case "tokenize" -> text(new ShapeTokenizer(keyFor(column)), "pii_tokenize", value);
      case "redact" -> functions.lit(null).cast(column.type());
      case "email-domain" -> emailDomain(value.cast(DataTypes.StringType));
      case "truncate-date" -> TemporalTruncation.apply(value, column);
      case "generalize-number" -> NumberGeneralization.apply(value, column);
      default -> throw new StrataException("column '" + column.name() + "' has pii method '" + rule.method()
          + "', which is not one of " + String.join(", ", PiiRule.METHODS));
    };
  }

  /** The name of the key, stored beside masked output so keys can rotate. */
  public String keyId() {
    return keyId;
  }

  private KeyedHash keyFor(ColumnSpec column) {
    if (hash == null) {
      throw new StrataException("column '" + column.name() + "' uses pii = " + column.pii().method()
          + ", which needs the PII key, but pii.key is not set (or is empty): set pii.key to a secret reference,"
          + " e.g. pii.key = \"env:STRATA_PII_KEY\"");
    }
    return hash;
  }

  // The function sees the value's text: a number or date is masked as it prints.
  private static Column text(UDF1<String, String> function, String name, Column value) {
    return functions.udf(function, DataTypes.StringType).withName(name).apply(value.cast(DataTypes.StringType));
  }

  /** The part after the (last) '@'; null without one. */
  private static Column emailDomain(Column value) {
    return functions.when(value.contains("@"), functions.substring_index(value, "@", -1));
  }

  @Override
  public String toString() {
    return "PiiMasker[keyId=" + keyId + ", key " + (hash == null ? "missing" : "set") + "]";
  }
}
