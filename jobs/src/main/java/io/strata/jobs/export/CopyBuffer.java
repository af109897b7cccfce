package io.strata.jobs.export;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The bytes of a COPY stream, built in one reused array and handed to the stream when it fills:
 * numbers are written as ASCII digits and strings as the UTF-8 bytes Spark already holds, so a row
 * costs no {@code String}, no UTF-16 round trip and no charset encoder.
 */
final class CopyBuffer {
  static final int DEFAULT_BYTES = 1 << 16;
  private static final byte QUOTE = '"';
  private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final OutputStream out;
  private final byte[] bytes;
  private final ByteBuffer view;
  private int position;

  CopyBuffer(OutputStream out, int capacity) {
    this.out = requireNonNull(out, "out is null");
    this.bytes = new byte[Math.max(capacity, 64)];
    this.view = ByteBuffer.wrap(bytes);
  }

  void put(byte value) throws IOException {
    room(1);
    bytes[position++] = value;
  }

  /** A string of ASCII characters, e.g. a formatted number. */
  void putAscii(String text) throws IOException {
    int length = text.length();
    room(length);
    for (int i = 0; i < length; i++) {
      bytes[position++] = (byte) text.charAt(i);
    }
  }

  void putLong(long value) throws IOException {
    if (value == Long.MIN_VALUE) {
      putAscii(Long.toString(value));
      return;
    }
    room(20);
    if (value < 0) {
      bytes[position++] = '-';
      value = -value;
    }
    putDigits(value, digits(value));
  }

  /** {@code value} (not negative) with at least {@code width} digits, zeros in front. */
  void putPadded(long value, int width) throws IOException {
    int count = Math.max(width, digits(value));
    room(count);
    putDigits(value, count);
  }

  /** Text quoted for CSV: its bytes between quotes, each quote inside doubled. */
  void putQuoted(UTF8String text) throws IOException {
    int length = text.numBytes();
    room(length + 2);
    int start = position;
    if (length + 2 <= bytes.length) {
      bytes[position++] = QUOTE;
      view.position(position);
      text.writeTo(view);
      int end = position + length;
      boolean plain = true;
      for (int i = position; i < end; i++) {
        if (bytes[i] == QUOTE) {
          plain = false;
          break;
        }
      }
      if (plain) {
        position = end;
        bytes[position++] = QUOTE;
        return;
      }
      position = start;
    }
    // Rare: a quote inside, or a value longer than the buffer. UTF-8 never uses 0x22 inside a multi-byte character.
    put(QUOTE);
    for (int i = 0; i < length; i++) {
      byte b = text.getByte(i);
      put(b);
      if (b == QUOTE) {
        put(QUOTE);
      }
    }
    put(QUOTE);
  }

  /**
   * Text for MySQL's {@code LOAD DATA}: its bytes, with backslash, tab, newline, carriage return and
   * NUL written as backslash escapes. UTF-8 never uses these bytes inside a multi-byte character.
   */
  void putEscaped(UTF8String text) throws IOException {
    int length = text.numBytes();
    for (int i = 0; i < length; i++) {
      byte b = text.getByte(i);
      byte escaped = switch (b) {
        case '\\' -> (byte) '\\';
        case '\t' -> (byte) 't';
        case '\n' -> (byte) 'n';
        case '\r' -> (byte) 'r';
        case 0 -> (byte) '0';
        default -> -1;
      };
      if (escaped == -1) {
        put(b);
      } else {
        room(2);
        bytes[position++] = '\\';
        bytes[position++] = escaped;
      }
    }
  }

  /** Bytes as two hex digits each, nothing in front (MySQL's {@code UNHEX} reads them). */
  void putHexDigits(byte[] value) throws IOException {
    for (byte b : value) {
      room(2);
      bytes[position++] = HEX[(b >> 4) & 0xf];
      bytes[position++] = HEX[b & 0xf];
    }
  }

  /** Bytes as PostgreSQL's bytea hex input: {@code \x} and two hex digits per byte. */
  void putHex(byte[] value) throws IOException {
    put((byte) '\\');
    put((byte) 'x');
    putHexDigits(value);
  }

  /** Hands what is buffered to the stream (which may keep buffering). */
  void flush() throws IOException {
    if (position > 0) {
      out.write(bytes, 0, position);
      position = 0;
    }
    out.flush();
  }

  private void room(int needed) throws IOException {
    if (position + needed > bytes.length) {
      out.write(bytes, 0, position);
      position = 0;
    }
  }

  private void putDigits(long value, int count) {
    int at = position + count;
    position = at;
    do {
      bytes[--at] = (byte) ('0' + value % 10);
      value /= 10;
    } while (at > position - count);
  }

  private static int digits(long value) {
    int count = 1;
    for (long bound = 10; count < 19 && value >= bound; bound *= 10) {
      count++;
    }
    return count;
  }
}
