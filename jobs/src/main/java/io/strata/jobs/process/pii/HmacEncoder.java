package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import org.apache.spark.sql.api.java.UDF1;

/** {@code pii = hmac}: the keyed HMAC-SHA-256 of a value's text, as lower-case hex or base64. Null stays null. */
final class HmacEncoder implements UDF1<String, String> {
  private static final long serialVersionUID = 1L;

  private final KeyedHash hash;
  private final boolean base64;

  HmacEncoder(KeyedHash hash, String encoding) {
    this.hash = requireNonNull(hash, "hash is null");
    this.base64 = switch (requireNonNull(encoding, "encoding is null")) {
      case "hex" -> false;
      case "base64" -> true;
      default -> throw new IllegalArgumentException("encoding is '" + encoding + "', not hex or base64");
    };
  }

  @Override
  public String call(String value) {
    if (value == null) {
      return null;
    }
    byte[] digest = hash.digest(value.getBytes(StandardCharsets.UTF_8));
    return base64 ? Base64.getEncoder().encodeToString(digest) : HexFormat.of().formatHex(digest);
  }

  @Override
  public String toString() {
    return "HmacEncoder[" + (base64 ? "base64" : "hex") + "]";
  }
}
