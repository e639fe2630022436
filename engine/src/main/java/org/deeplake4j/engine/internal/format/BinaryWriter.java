package org.deeplake4j.engine.internal.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Little/big-endian output for the binary files of the format. Not thread-safe. */
public final class BinaryWriter {
  private final ByteArrayOutputStream out;
  private final boolean bigEndian;

  public BinaryWriter(int capacity, boolean bigEndian) {
    this.out = new ByteArrayOutputStream(capacity);
    this.bigEndian = bigEndian;
  }

  public BinaryWriter(int capacity) {
    this(capacity, false);
  }

  public BinaryWriter u8(int v) {
    out.write(v);
    return this;
  }

  public BinaryWriter i32(int v) {
    if (bigEndian) {
      out.write(v >>> 24);
      out.write(v >>> 16);
      out.write(v >>> 8);
      out.write(v);
    } else {
      out.write(v);
      out.write(v >>> 8);
      out.write(v >>> 16);
      out.write(v >>> 24);
    }
    return this;
  }

  public BinaryWriter i64(long v) {
    if (bigEndian) {
      i32((int) (v >>> 32));
      i32((int) v);
    } else {
      i32((int) v);
      i32((int) (v >>> 32));
    }
    return this;
  }

  public BinaryWriter bytes(byte[] b) {
    out.write(b, 0, b.length);
    return this;
  }

  public BinaryWriter bytes(byte[] b, int off, int len) {
    out.write(b, off, len);
    return this;
  }

  /** The 1-byte length + ASCII version prefix. */
  public BinaryWriter version(String v) {
    byte[] b = v.getBytes(StandardCharsets.US_ASCII);
    u8(b.length);
    return bytes(b);
  }

  public int size() {
    return out.size();
  }

  public byte[] toByteArray() {
    return out.toByteArray();
  }
}
