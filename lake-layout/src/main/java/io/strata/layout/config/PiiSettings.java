package io.strata.layout.config;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The {@code pii} section: the key for keyed masking and how PII detection samples.
 *
 * @param key the HMAC and tokenization key (a secret reference); required when any column uses
 *     {@code hmac} or {@code tokenize}
 * @param keyId a name for the key, stored beside masked output so keys can rotate
 * @param sampleSize how many values per column detection samples
 * @param threshold the share of sampled values that makes a column look like PII
 */
public record PiiSettings(Optional<Secret> key, String keyId, int sampleSize, double threshold) {
  public PiiSettings {
    requireNonNull(key, "key is null");
    requireNonNull(keyId, "keyId is null");
  }

  public static PiiSettings defaults() {
    return new PiiSettings(Optional.empty(), "k1", 1000, 0.8);
  }

  static PiiSettings parse(SectionReader reader) {
    int percent = reader.integer("threshold-percent", 80, 1, 100);
    return new PiiSettings(reader.optionalSecret("key"), reader.string("key-id", "k1"),
        reader.integer("sample-size", 1000, 10, 1_000_000), percent / 100.0);
  }
}
