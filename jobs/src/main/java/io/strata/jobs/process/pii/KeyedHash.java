package io.strata.jobs.process.pii;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA-256 with the pipeline's PII key. Holds only the key bytes, so Spark can ship it to
 * executors inside a UDF; {@code toString} never shows them.
 */
final class KeyedHash implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String ALGORITHM = "HmacSHA256";

  private final byte[] key;
  // A Mac is neither serializable nor thread-safe: each thread keeps its own, made once (making
  // one per value looks up the provider and schedules the key again, ten times the digest's cost).
  private transient ThreadLocal<Mac> macs;

  KeyedHash(byte[] key) {
    requireNonNull(key, "key is null");
    if (key.length == 0) {
      throw new IllegalArgumentException("the key is empty");
    }
    this.key = key.clone();
  }

  /** The key as the config gives it: the UTF-8 bytes of the secret's value. */
  static KeyedHash of(String key) {
    return new KeyedHash(requireNonNull(key, "key is null").getBytes(StandardCharsets.UTF_8));
  }

  /** HMAC-SHA-256 of the concatenated parts. */
  byte[] digest(byte[]... parts) {
    if (macs == null) {
      macs = ThreadLocal.withInitial(this::newMac);
    }
    Mac mac = macs.get();
    mac.reset(); // a digest an exception interrupted leaves nothing behind
    for (byte[] part : parts) {
      mac.update(part);
    }
    return mac.doFinal();
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
    }
  }

  @Override
  public String toString() {
    return "KeyedHash[HMAC-SHA-256]";
  }
}
