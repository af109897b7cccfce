package io.strata.jobs.ingest.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The strict decode that tells bytes which do not decode from a U+FFFD the file really holds. */
class EncodingScanTest {
  private static EncodingScan scan(byte[] bytes, Charset charset) throws IOException {
    return EncodingScan.of(new ByteArrayInputStream(bytes), charset);
  }

  @Test
  void latin1BytesAreNotUtf8() throws IOException {
    assertThat(scan("id,name\n1,café\n".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8))
        .isEqualTo(new EncodingScan(true, false));
    assertThat(scan("id,name\n1,café\n".getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.ISO_8859_1))
        .isEqualTo(new EncodingScan(false, false));
  }

  @Test
  void aRealReplacementCharacterIsTextNotAnError() throws IOException {
    assertThat(scan("id,name\n1,caf\uFFFD\n2,Zoë\n".getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(new EncodingScan(false, true));
    ByteArrayOutputStream both = new ByteArrayOutputStream();
    both.writeBytes("1,\uFFFD\n".getBytes(StandardCharsets.UTF_8));
    both.writeBytes("2,café\n".getBytes(StandardCharsets.ISO_8859_1));
    assertThat(scan(both.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(new EncodingScan(true, true));
  }

  @Test
  void aTruncatedSequenceAtTheEndIsMalformed() throws IOException {
    byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
    assertThat(scan(new byte[] {'a', euro[0], euro[1]}, StandardCharsets.UTF_8)).isEqualTo(new EncodingScan(true, false));
    assertThat(scan(new byte[0], StandardCharsets.UTF_8)).isEqualTo(new EncodingScan(false, false));
  }

  @Test
  void aCharacterAcrossTheReadBufferIsDecodedWhole() throws IOException {
    // 64 KiB - 1 ASCII bytes put the three bytes of '€' across the first chunk boundary
    String text = "a".repeat(64 * 1024 - 1) + "€" + "b".repeat(10);
    assertThat(scan(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(new EncodingScan(false, false));
  }
}
