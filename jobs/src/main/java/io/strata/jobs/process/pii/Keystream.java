package io.strata.jobs.process.pii;

import java.nio.ByteBuffer;

/**
 * Pseudo-random digits and letters derived from one value: the bytes of
 * HMAC-SHA-256(key, value || counter) for counter 0, 1, 2 ... Same key and value, same stream.
 */
final class Keystream {
  private final KeyedHash hash;
  private final byte[] message;
  private int counter;
  private byte[] block = new byte[0];
  private int position;

  Keystream(KeyedHash hash, byte[] message) {
    this.hash = hash;
    this.message = message.clone();
  }

  /** A number in [0, bound), uniform: bytes that would bias the modulo are skipped. */
  int next(int bound) {
    if (bound < 1 || bound > 256) {
      throw new IllegalArgumentException("bound is " + bound + ", not 1 to 256");
    }
    int limit = 256 - 256 % bound;
    while (true) {
      int candidate = nextByte();
      if (candidate < limit) {
        return candidate % bound;
      }
    }
  }

  private int nextByte() {
    if (position == block.length) {
      block = hash.digest(message, ByteBuffer.allocate(Integer.BYTES).putInt(counter++).array());
      position = 0;
    }
    return block[position++] & 0xff;
  }
}
