package org.deeplake4j.engine.internal.format;

/**
 * A parsed chunk file: version, shape table, byte-position table and the data region. Indices in
 * the tables are local to the chunk. Immutable (the byte array is owned by the chunk and never
 * modified). A 0-byte file is a valid empty chunk.
 */
public final class Chunk {
  private final String key;
  private final String version;
  private final RunTable shapes;
  private final RunTable bytePositions;
  private final byte[] buf;
  private final int dataStart;
  private final int dataEnd;

  private Chunk(
      String key,
      String version,
      RunTable shapes,
      RunTable bytePositions,
      byte[] buf,
      int dataStart,
      int dataEnd) {
    this.key = key;
    this.version = version;
    this.shapes = shapes;
    this.bytePositions = bytePositions;
    this.buf = buf;
    this.dataStart = dataStart;
    this.dataEnd = dataEnd;
  }

  /** Parses a whole chunk file read from {@code key}. */
  public static Chunk parse(byte[] buf, String key) {
    if (buf.length == 0) {
      return new Chunk(key, "", RunTable.empty(0), RunTable.empty(3), buf, 0, 0);
    }
    BinaryReader r = new BinaryReader(buf, key);
    String version = r.version();
    int sRows = r.i32("shape table row count");
    int sCols = r.i32("shape table column count");
    if (sRows < 0 || sCols < 0 || sCols > 64) {
      throw r.corrupt("shape table declares " + sRows + " rows x " + sCols + " columns");
    }
    if (sRows > 0 && sCols == 0) {
      throw r.corrupt("shape table has " + sRows + " rows but no columns");
    }
    int[] shapeCells = r.u32Array((long) sRows * sCols, "shape table");
    int bRows = r.i32("byte-position row count");
    if (bRows < 0) {
      throw r.corrupt("byte-position table declares " + bRows + " rows");
    }
    int[] byteCells = r.u32Array(3L * bRows, "byte-position table");
    RunTable shapes = RunTable.of(shapeCells, Math.max(sCols, 1), key, "shape table");
    RunTable bytes = RunTable.of(byteCells, 3, key, "byte-position table");
    return new Chunk(key, version, shapes, bytes, buf, r.position(), buf.length);
  }

  /**
   * The length of the header (version, shape and byte-position tables) of the chunk file starting
   * with {@code prefix}, or -1 if the prefix is too short to tell. A reader that fetched too short
   * a prefix to {@link #parse} reads this many bytes instead.
   */
  public static long headerLength(byte[] prefix) {
    if (prefix.length < 1) {
      return -1;
    }
    long at = 1 + (prefix[0] & 0xFF);
    if (prefix.length < at + 8) {
      return -1;
    }
    java.nio.ByteBuffer b =
        java.nio.ByteBuffer.wrap(prefix).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long sRows = b.getInt((int) at) & 0xFFFF_FFFFL;
    long sCols = b.getInt((int) at + 4) & 0xFFFF_FFFFL;
    at += 8 + 4 * sRows * sCols;
    if (prefix.length < at + 4) {
      return -1;
    }
    long bRows = b.getInt((int) at) & 0xFFFF_FFFFL;
    return at + 4 + 12 * bRows;
  }

  /** The storage key this chunk was read from. */
  public String key() {
    return key;
  }

  public String version() {
    return version;
  }

  public RunTable shapes() {
    return shapes;
  }

  public RunTable bytePositions() {
    return bytePositions;
  }

  /** Number of samples stored (the larger of the two tables' counts). */
  public long numSamples() {
    return Math.max(shapes.count(), bytePositions.count());
  }

  /** The raw file bytes, not copied: owned by the chunk, callers must not modify them. */
  public byte[] buffer() {
    return buf;
  }

  /** Offset of the data region in {@link #buffer()}. */
  public int dataStart() {
    return dataStart;
  }

  /** Length of the data region. */
  public int dataLength() {
    return dataEnd - dataStart;
  }

  /** A copy of the data region. */
  public byte[] dataCopy() {
    return java.util.Arrays.copyOfRange(buf, dataStart, dataEnd);
  }

  /**
   * Shape of local sample {@code local}. Leading samples that the shape table does not cover (None
   * appended before any shape was known) are empty: all zeros of {@code ndimIfUnknown} dims.
   */
  public long[] shapeOf(long local, int ndimIfUnknown) {
    long missing = bytePositions.count() - shapes.count();
    if (shapes.rows() == 0 || (missing > 0 && local < missing)) {
      return new long[ndimIfUnknown];
    }
    long idx = missing > 0 ? local - missing : local;
    int row = shapes.rowOf(idx);
    if (row < 0) {
      throw new org.deeplake4j.engine.errors.CorruptDataException(
          key, "sample " + local + " is beyond the shape table (" + shapes.count() + " samples)");
    }
    long[] s = new long[shapes.cols() - 1];
    for (int i = 0; i < s.length; i++) {
      s[i] = shapes.value(row, i);
    }
    return s;
  }

  /**
   * Total number of elements (product of each shape) of local samples {@code [from, to)}, counting
   * samples before the shape table's first row as empty; -1 if the shape table ends before {@code
   * to}. Overflow throws {@link ArithmeticException}.
   */
  public long elementCount(long from, long to) {
    if (shapes.rows() == 0 || from >= to) {
      return 0;
    }
    long missing = Math.max(0, bytePositions.count() - shapes.count());
    long a = Math.max(from, missing) - missing;
    long b = to - missing;
    if (b <= a) {
      return 0;
    }
    if (b > shapes.count()) {
      return -1;
    }
    long total = 0;
    int dims = shapes.cols() - 1;
    for (int r = shapes.rowOf(a); r < shapes.rows() && shapes.firstOf(r) < b; r++) {
      long lo = Math.max(a, shapes.firstOf(r));
      long hi = Math.min(b, shapes.lastOf(r) + 1);
      long e = 1;
      for (int d = 0; d < dims; d++) {
        e = Math.multiplyExact(e, shapes.value(r, d));
      }
      total = Math.addExact(total, Math.multiplyExact(e, hi - lo));
    }
    return total;
  }

  /**
   * The byte range {@code [start, end)} (relative to the data region) holding local samples {@code
   * [from, to)} back to back, as the byte-position table records them; null when they are not
   * stored contiguously in index order, or the table or the region ({@code regionLength} bytes)
   * ends too early. Python always packs samples densely, so null means a damaged or foreign chunk.
   */
  public long[] contiguousByteRange(long from, long to, long regionLength) {
    if (from >= to) {
      return new long[] {0, 0};
    }
    if (to > bytePositions.count()) {
      return null;
    }
    long start = -1;
    long end = -1;
    for (int r = bytePositions.rowOf(from);
        r >= 0 && r < bytePositions.rows() && bytePositions.firstOf(r) < to;
        r++) {
      long first = bytePositions.firstOf(r);
      long lo = Math.max(from, first);
      long hi = Math.min(to, bytePositions.lastOf(r) + 1);
      long size = bytePositions.value(r, 0);
      long s = bytePositions.value(r, 1) + (lo - first) * size;
      if (start < 0) {
        start = s;
      } else if (s != end) {
        return null;
      }
      end = s + (hi - lo) * size;
    }
    if (start < 0 || end > regionLength) {
      return null;
    }
    return new long[] {start, end};
  }

  /**
   * Byte range {@code [start, end)} of local sample {@code local} relative to the data region, as
   * recorded by the byte-position table; checked against {@code regionLength}.
   */
  public long[] byteRangeOf(long local, long regionLength) {
    int row = bytePositions.rowOf(local);
    if (row < 0) {
      throw new org.deeplake4j.engine.errors.CorruptDataException(
          key,
          "sample "
              + local
              + " is beyond the byte-position table ("
              + bytePositions.count()
              + " samples)");
    }
    long[] r = bytePositions.rangeOf(local, row);
    if (r[0] < 0 || r[1] < r[0] || r[1] > regionLength) {
      throw new org.deeplake4j.engine.errors.CorruptDataException(
          key,
          "sample "
              + local
              + " spans bytes ["
              + r[0]
              + ", "
              + r[1]
              + ") but the data region has "
              + regionLength);
    }
    return r;
  }
}
