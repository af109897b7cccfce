package io.strata.jobs.process.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PiiHmacEncoderTest {
  private static final String FOX = "The quick brown fox jumps over the lazy dog";

  @Test
  void hexMatchesTheKnownHmacSha256TestVector() {
    assertThat(new HmacEncoder(KeyedHash.of("key"), "hex").call(FOX))
        .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void base64EncodesTheSameDigest() {
    assertThat(new HmacEncoder(KeyedHash.of("key"), "base64").call(FOX)).isEqualTo("97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=");
  }

  @Test
  void nullStaysNull() {
    assertThat(new HmacEncoder(KeyedHash.of("key"), "hex").call(null)).isNull();
  }

  @Test
  void anotherKeyGivesAnotherDigest() {
    assertThat(new HmacEncoder(KeyedHash.of("other-key"), "hex").call(FOX))
        .hasSize(64)
        .isNotEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
  }

  @Test
  void refusesAnUnknownEncoding() {
    assertThatThrownBy(() -> new HmacEncoder(KeyedHash.of("key"), "base32"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encoding is 'base32', not hex or base64");
  }

  @Test
  void refusesAnEmptyKey() {
    assertThatThrownBy(() -> KeyedHash.of(""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the key is empty");
  }

  @Test
  void neverPrintsTheKey() {
    KeyedHash hash = KeyedHash.of("s3cr3t-pii-key");
    assertThat(hash.toString()).doesNotContain("s3cr3t");
    assertThat(new HmacEncoder(hash, "hex").toString()).doesNotContain("s3cr3t");
  }
}
