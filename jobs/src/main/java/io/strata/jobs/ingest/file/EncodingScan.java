package io.strata.jobs.ingest.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/**
 * Decodes a file strictly in its declared character set, in a stream, to tell the two ways a
 * decoded text can hold U+FFFD apart: bytes that do not decode (which Spark's readers silently
 * replace by U+FFFD) and a U+FFFD the file really contains.
 *
 * @param malformed some bytes do not decode in the character set
 * @param holdsReplacementCharacter the file's valid text itself contains U+FFFD
 */
record EncodingScan(boolean malformed, boolean holdsReplacementCharacter) {
  static final char REPLACEMENT = '\uFFFD';
  private static final int CHUNK = 64 * 1024;

  static EncodingScan of(InputStream in, Charset charset) throws IOException {
    CharsetDecoder decoder = charset.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer bytes = ByteBuffer.allocate(CHUNK);
    CharBuffer chars = CharBuffer.allocate(CHUNK);
    boolean malformed = false;
    boolean replacement = false;
    boolean eof = false;
    while (true) {
      if (!eof) {
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + read);
        }
      }
      bytes.flip();
      CoderResult result;
      do {
        result = decoder.decode(bytes, chars, eof);
        if (result.isError()) {
          malformed = true;
          bytes.position(bytes.position() + result.length()); // skip what does not decode and go on
        }
        replacement |= drain(chars);
      } while (result.isError() || result.isOverflow());
      bytes.compact();
      if (eof && bytes.position() == 0) {
        break;
      }
      if (eof) {
        // bytes left that the decoder could not finish at the end of input: a truncated sequence
        malformed = true;
        break;
      }
    }
    decoder.flush(chars);
    replacement |= drain(chars);
    return new EncodingScan(malformed, replacement);
  }

  private static boolean drain(CharBuffer chars) {
    chars.flip();
    boolean found = false;
    while (chars.hasRemaining()) {
      found |= chars.get() == REPLACEMENT;
    }
    chars.clear();
    return found;
  }
}
