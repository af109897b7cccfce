package io.strata.bench;

import java.io.IOException;
import java.io.OutputStream;

/** Prints what a benchmark says while keeping a copy for the smoke test to check. */
public final class Tee extends OutputStream {
  private final OutputStream first;
  private final OutputStream second;

  public Tee(OutputStream first, OutputStream second) {
    this.first = first;
    this.second = second;
  }

  @Override
  public void write(int b) throws IOException {
    first.write(b);
    second.write(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    first.write(bytes, offset, length);
    second.write(bytes, offset, length);
  }

  @Override
  public void flush() throws IOException {
    first.flush();
    second.flush();
  }
}
