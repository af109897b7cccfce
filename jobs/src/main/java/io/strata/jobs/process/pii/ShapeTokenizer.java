package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import org.apache.spark.sql.api.java.UDF1;

/**
 * {@code pii = tokenize}: a deterministic keyed token of the value's shape. Each digit becomes a
 * digit, each letter a letter of the same case, everything else stays, so the length is kept;
 * an e-mail address keeps its top-level domain and stays a valid address. Equal values give equal
 * tokens under one key, so joins on a tokenized key still match; a different key gives different
 * tokens. Short values have few possible tokens, so two values may share one.
 */
final class ShapeTokenizer implements UDF1<String, String> {
  private static final long serialVersionUID = 1L;

  private final KeyedHash hash;

  ShapeTokenizer(KeyedHash hash) {
    this.hash = requireNonNull(hash, "hash is null");
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    int[] codePoints = value.codePoints().toArray();
    int tokenEnd = PiiPatterns.isEmail(value) ? topLevelDomainStart(codePoints) : codePoints.length;
    Keystream keystream = new Keystream(hash, value.getBytes(StandardCharsets.UTF_8));
    StringBuilder token = new StringBuilder(value.length());
    for (int i = 0; i < codePoints.length; i++) {
      int codePoint = codePoints[i];
      if (i < tokenEnd && Character.isDigit(codePoint)) {
        token.append((char) ('0' + keystream.next(10)));
      } else if (i < tokenEnd && Character.isLetter(codePoint)) {
        token.append((char) ((Character.isUpperCase(codePoint) ? 'A' : 'a') + keystream.next(26)));
      } else {
        token.appendCodePoint(codePoint);
      }
    }
    return token.toString();
  }

  /** The index of the last '.' of the domain: what follows it (the top-level domain) is kept. */
  private static int topLevelDomainStart(int[] codePoints) {
    for (int i = codePoints.length - 1; i >= 0; i--) {
      if (codePoints[i] == '.') {
        return i;
      }
    }
    return codePoints.length;
  }
}
