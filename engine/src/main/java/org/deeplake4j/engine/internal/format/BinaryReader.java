package org.deeplake4j.engine.internal.format;

import java.nio.charset.StandardCharsets;
import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * Bounds-checked little-endian (or big-endian) cursor over a byte array. Every read that would pass
 * the end throws {@link CorruptDataException} naming the storage key, the offset and what was being
 * read: lengths that lie can never cause a huge allocation or an index error.
 */
final class BinaryReader {
  private final byte[] buf;
  private final String key;
  private final int end;
  private int pos;
  private final boolean bigEndian;

  BinaryReader(byte[] buf, String key) {
    this(buf, 0, buf.length, key, false);
  }

  BinaryReader(byte[] buf, int from, int end, String key, boolean bigEndian) {
    this.buf = buf;
    this.pos = from;
    this.end = end;
    this.key = key;
    this.bigEndian = bigEndian;
  }

  int position() {
    return pos;
  }

  int remaining() {
    return end - pos;
  }

  String key() {
    return key;
  }

  CorruptDataException corrupt(String problem) {
    return new CorruptDataException(key, problem);
  }

  private void need(long n, String what) {
    if (n < 0 || n > end - pos) {
      throw corrupt(
          "truncated: need "
              + n
              + " bytes for "
              + what
              + " at offset "
              + pos
              + ", only "
              + (end - pos)
              + " left");
    }
  }

  int u8(String what) {
    need(1, what);
    return buf[pos++] & 0xFF;
  }

  int i32(String what) {
    need(4, what);
    int v = bigEndian ? Bits.getIntBE(buf, pos) : Bits.getIntLE(buf, pos);
    pos += 4;
    return v;
  }

  long u32(String what) {
    return Integer.toUnsignedLong(i32(what));
  }

  long i64(String what) {
    need(8, what);
    long v = bigEndian ? Bits.getLongBE(buf, pos) : Bits.getLongLE(buf, pos);
    pos += 8;
    return v;
  }

  double f64(String what) {
    return Double.longBitsToDouble(i64(what));
  }

  String utf8(long n, String what) {
    need(n, what);
    String s = new String(buf, pos, (int) n, StandardCharsets.UTF_8);
    pos += (int) n;
    return s;
  }

  /** Reads {@code count} uint32 values into an int array (callers treat them as unsigned). */
  int[] u32Array(long count, String what) {
    if (count < 0 || count > (end - pos) / 4) {
      throw corrupt(
          "truncated: "
              + what
              + " declares "
              + count
              + " uint32 values at offset "
              + pos
              + ", only "
              + (end - pos)
              + " bytes left");
    }
    int n = (int) count;
    int[] out = new int[n];
    for (int i = 0; i < n; i++) {
      out[i] = Bits.getIntLE(buf, pos + 4 * i);
    }
    pos += 4 * n;
    return out;
  }

  /** Reads the 1-byte length + ASCII version prefix; checks it is dotted integers. */
  String version() {
    int len = u8("version length");
    need(len, "version string");
    String v = VersionStrings.require(buf, pos, len, key);
    pos += len;
    return v;
  }
}
