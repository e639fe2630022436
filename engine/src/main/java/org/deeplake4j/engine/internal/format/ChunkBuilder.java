package org.deeplake4j.engine.internal.format;

import java.util.Arrays;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Accumulates samples of one chunk and serializes it in the Deep Lake 3.x layout: version, shape
 * table, byte-position table, data. Samples are densely packed in index order (Python's fixed-shape
 * fast path depends on it). Not thread-safe.
 *
 * <p>The data region is kept in one array after a gap the size of the header a chunk of uniform
 * samples has (one shape row, one byte-position row). A chunk built with {@link #presized} to its
 * final size and closed with {@link #release} is serialized in place: the header is written into
 * the gap and the array itself is the chunk, so bulk appends copy each sample's bytes once.
 */
public final class ChunkBuilder {
  private int ndim;
  private RunTableBuilder shapes;
  private long leadingEmpty;
  private final RunTableBuilder bytes;
  private byte[] buf;
  private final int base; // the data region starts at buf[base]
  private int limit = Integer.MAX_VALUE; // growth stops here when it can (the chunk's final size)
  private int size;
  private long samples;
  private boolean released;

  /** An empty chunk for samples of {@code ndim} dimensions (-1: not known yet). */
  public ChunkBuilder(int ndim) {
    this(ndim, 1024);
  }

  private ChunkBuilder(int ndim, int capacity) {
    this.ndim = ndim;
    this.shapes = new RunTableBuilder(Math.max(ndim, 0));
    this.bytes = new RunTableBuilder(2);
    this.base = ndim < 0 ? 0 : uniformHeaderSize(ndim);
    this.buf = new byte[base + capacity];
  }

  /**
   * An empty chunk for samples of {@code ndim >= 0} dimensions that will hold up to {@code
   * dataBytes} bytes of data: growth stops at that size, and if the chunk is released holding
   * exactly that many bytes of uniform samples, its array is the chunk. With {@code allocate} the
   * whole array is allocated now, else it grows as needed (up to that size).
   */
  public static ChunkBuilder presized(int ndim, int dataBytes, boolean allocate) {
    ChunkBuilder b = new ChunkBuilder(ndim, allocate ? dataBytes : Math.min(dataBytes, 1024));
    b.limit = dataBytes;
    return b;
  }

  /** The header size of a chunk whose samples all have one shape and one byte size. */
  static int uniformHeaderSize(int ndim) {
    return 1 + VersionStrings.WRITTEN.length() + 8 + 4 * (ndim + 1) + 4 + 12;
  }

  private int headerSize() {
    return 1
        + VersionStrings.WRITTEN.length()
        + 8
        + 4 * shapes.rows() * shapes.cols()
        + 4
        + 4 * bytes.rows() * bytes.cols();
  }

  private int writeHeader(byte[] out, int off) {
    out[off++] = (byte) VersionStrings.WRITTEN.length();
    for (int i = 0; i < VersionStrings.WRITTEN.length(); i++) {
      out[off++] = (byte) VersionStrings.WRITTEN.charAt(i);
    }
    Bits.putIntLE(out, off, shapes.rows());
    Bits.putIntLE(out, off + 4, shapes.cols());
    off = shapes.writeCellsLE(out, off + 8);
    Bits.putIntLE(out, off, bytes.rows());
    return bytes.writeCellsLE(out, off + 4);
  }

  /**
   * Appends an empty sample while the tensor's dimensionality is not known yet: it gets a
   * byte-position row but no shape row (readers treat such leading samples as empty), as Python
   * does for {@code None} appended before any shape was seen.
   */
  public void addEmptyOfUnknownShape() {
    if (ndim >= 0 || shapes.rows() > 0) {
      throw new IllegalStateException("the chunk's sample shape is already known");
    }
    bytes.appendSized(0, size);
    leadingEmpty++;
    samples++;
  }

  /**
   * A builder holding the samples of an existing chunk, to append to it. {@code data} is the
   * chunk's (decompressed) data region.
   */
  public static ChunkBuilder of(Chunk c, int ndim, byte[] data, int off, int len) {
    return rebuild(c, ndim, data, off, len, -1, null, null);
  }

  /** {@link #of(Chunk, int, byte[], int, int)} keeping only the first {@code keep} samples. */
  public static ChunkBuilder of(Chunk c, int ndim, byte[] data, int off, int len, long keep) {
    ChunkBuilder all = rebuild(c, ndim, data, off, len, -1, null, null);
    if (keep >= all.samples) {
      return all;
    }
    ChunkBuilder b = new ChunkBuilder(ndim);
    RunTable st = all.shapes.build();
    RunTable bt = all.bytes.build();
    for (long i = 0; i < keep; i++) {
      long[] r = bt.rangeOf(i, bt.rowOf(i));
      b.add(all.shapeAt(st, i), all.buf, all.base + (int) r[0], (int) (r[1] - r[0]));
    }
    return b;
  }

  /**
   * A copy of an existing chunk's samples with local sample {@code local} replaced by {@code
   * (newShape, newBytes)}, or removed when {@code newShape} is null; {@code local = -1} copies
   * every sample. Leading samples stored before any shape was known stay shapeless.
   */
  public static ChunkBuilder rebuild(
      Chunk c,
      int ndim,
      byte[] data,
      int off,
      int len,
      long local,
      long[] newShape,
      byte[] newBytes) {
    long missing =
        c.shapes().rows() == 0 ? c.numSamples() : c.bytePositions().count() - c.shapes().count();
    ChunkBuilder b = new ChunkBuilder(missing > 0 && c.shapes().rows() == 0 ? -1 : ndim);
    long n = c.numSamples();
    for (long i = 0; i < n; i++) {
      if (i == local) {
        if (newShape != null) {
          b.add(newShape, newBytes, 0, newBytes.length);
        }
        continue;
      }
      if (i < missing && b.shapes.rows() == 0 && b.ndim < 0) {
        b.addEmptyOfUnknownShape();
        continue;
      }
      long[] s = c.shapeOf(i, ndim);
      if (c.bytePositions().rows() > 0) {
        long[] r = c.byteRangeOf(i, len);
        b.add(s, data, off + (int) r[0], (int) (r[1] - r[0]));
      } else {
        b.add(s, new byte[0], 0, 0);
      }
    }
    return b;
  }

  /** Appends one sample: its shape and its stored bytes. */
  public void add(long[] shape, byte[] src, int off, int len) {
    checkShape(shape);
    reserve(len);
    System.arraycopy(src, off, buf, base + size, len);
    shapes.append(shape);
    bytes.appendSized(len, size);
    size += len;
    samples++;
  }

  /**
   * Appends {@code n >= 1} samples of one shape, {@code len} bytes each, read from {@code src}
   * (from its position, which is advanced): as {@code n} calls of {@link #add}, with one copy.
   */
  public void addRun(long[] shape, java.nio.ByteBuffer src, int len, int n) {
    checkShape(shape);
    int total = Math.multiplyExact(len, n);
    reserve(total);
    src.get(buf, base + size, total);
    shapes.appendRun(shape, n);
    bytes.appendSizedRun(len, size, n);
    size += total;
    samples += n;
  }

  /**
   * Appends {@code items[from, from + n)} ({@code n >= 1}, {@code total} bytes together) as samples
   * of one shape: as {@code n} calls of {@link #add}.
   */
  public void addAll(long[] shape, byte[][] items, int from, int n, int total) {
    checkShape(shape);
    reserve(total);
    int at = base + size;
    for (int i = from; i < from + n; i++) {
      byte[] b = items[i];
      System.arraycopy(b, 0, buf, at, b.length);
      bytes.appendSized(b.length, at - base);
      at += b.length;
    }
    shapes.appendRun(shape, n);
    size = at - base;
    samples += n;
  }

  /** Appends {@code n >= 1} samples of one shape whose stored bytes are all {@code one}. */
  public void addRepeated(long[] shape, byte[] one, int n) {
    checkShape(shape);
    int total = Math.multiplyExact(one.length, n);
    reserve(total);
    int at = base + size;
    if (one.length == 8) {
      long v = Bits.getLongLE(one, 0);
      for (int i = 0; i < n; i++, at += 8) {
        Bits.putLongLE(buf, at, v);
      }
    } else {
      for (int i = 0; i < n; i++, at += one.length) {
        System.arraycopy(one, 0, buf, at, one.length);
      }
    }
    shapes.appendRun(shape, n);
    bytes.appendSizedRun(one.length, size, n);
    size += total;
    samples += n;
  }

  /** Writes {@code count} items' bytes into {@code dst} from {@code off}. */
  public interface ItemWriter {
    void write(byte[] dst, int off, int count);
  }

  /**
   * Appends {@code n >= 1} samples of one shape, {@code len} bytes each, written in place by {@code
   * writer}: as {@code n} calls of {@link #add}.
   */
  public void addRun(long[] shape, int len, int n, ItemWriter writer) {
    checkShape(shape);
    int total = Math.multiplyExact(len, n);
    reserve(total);
    writer.write(buf, base + size, n);
    shapes.appendRun(shape, n);
    bytes.appendSizedRun(len, size, n);
    size += total;
    samples += n;
  }

  private void checkShape(long[] shape) {
    if (released) {
      throw new IllegalStateException("the chunk was released");
    }
    if (ndim < 0) {
      // The first shaped sample: earlier empties get all-zero shape rows (Python's
      // _fill_empty_shapes), so the shape table covers every sample again.
      ndim = shape.length;
      shapes = new RunTableBuilder(ndim);
      for (long i = 0; i < leadingEmpty; i++) {
        shapes.append(new long[ndim]);
      }
      leadingEmpty = 0;
    }
    if (shape.length != ndim) {
      throw new IllegalArgumentException(
          "sample of shape " + Arrays.toString(shape) + " in a chunk of " + ndim + "-d samples");
    }
  }

  /** Makes room for {@code len} more data bytes. */
  private void reserve(int len) {
    if ((long) size + len > Integer.MAX_VALUE - 64 - base) {
      throw new IllegalStateException("chunk data would exceed 2 GiB");
    }
    int need = size + len;
    if (base + need > buf.length) {
      // A chunk with a known final size (bulk appends) grows 4x: fewer copies on the way there.
      long grown = (long) (buf.length - base) * (limit == Integer.MAX_VALUE ? 2 : 4);
      int cap = (int) Math.min(Integer.MAX_VALUE - 64 - base, Math.max(grown, need));
      if (need <= limit) {
        cap = Math.min(cap, limit);
      }
      buf = Arrays.copyOf(buf, base + cap);
    }
  }

  /** Bytes in the data region so far (uncompressed). */
  public int dataSize() {
    return size;
  }

  /** Number of samples. */
  public long numSamples() {
    return samples;
  }

  public int ndim() {
    return ndim;
  }

  /**
   * Serializes the chunk. With {@code chunkCompression == "lz4"} the data region is one lz4 block
   * and the byte table indexes the decompressed data. The builder stays usable.
   */
  public byte[] toBytes(String chunkCompression) {
    if (released) {
      throw new IllegalStateException("the chunk was released");
    }
    if (Codecs.isImageCodec(chunkCompression)) {
      return canvasBytes(chunkCompression);
    }
    if (Codecs.isByteCodec(chunkCompression)) {
      byte[] region = Lz4.compress(buf, base, size);
      byte[] out = new byte[headerSize() + region.length];
      System.arraycopy(region, 0, out, writeHeader(out, 0), region.length);
      return out;
    }
    int h = headerSize();
    byte[] out = new byte[h + size];
    writeHeader(out, 0);
    System.arraycopy(buf, base, out, h, size);
    return out;
  }

  /**
   * Serializes the chunk as {@link #toBytes} does, for the last time: the builder cannot be used
   * after. An uncompressed chunk whose header fills the gap before its data and whose data fills
   * the array (a {@link #presized} chunk of uniform samples, filled) is returned without a copy.
   */
  public byte[] release(String chunkCompression) {
    if (chunkCompression == null && !released) {
      int h = headerSize();
      if (h <= base) {
        writeHeader(buf, base - h);
        byte[] out =
            h == base && base + size == buf.length
                ? buf
                : Arrays.copyOfRange(buf, base - h, base + size);
        released = true;
        buf = null;
        return out;
      }
    }
    byte[] out = toBytes(chunkCompression);
    released = true;
    buf = null;
    return out;
  }

  /**
   * A chunk-compressed image chunk: every sample (uint8 pixels) laid left to right on one
   * zero-filled canvas of shape (max H, sum W, C), encoded as one image; no byte-position rows.
   */
  private byte[] canvasBytes(String codec) {
    RunTable st = shapes.build();
    RunTable bt = bytes.build();
    long maxH = 0;
    long sumW = 0;
    long channels = -1;
    for (long i = 0; i < samples; i++) {
      long[] s = shapeAt(st, i);
      if (NdArray.numElements(s) == 0) {
        continue;
      }
      maxH = Math.max(maxH, s[0]);
      sumW += s[1];
      long c = s.length > 2 ? s[2] : 1;
      if (channels >= 0 && c != channels) {
        throw new org.deeplake4j.engine.errors.DeepLakeException(
            "image canvas chunk: samples with " + channels + " and " + c + " channels");
      }
      channels = c;
    }
    byte[] region = new byte[0];
    if (sumW > 0) {
      int ch = (int) channels;
      byte[] canvas = new byte[(int) (maxH * sumW * ch)];
      long x = 0;
      for (long i = 0; i < samples; i++) {
        long[] s = shapeAt(st, i);
        if (NdArray.numElements(s) == 0) {
          continue;
        }
        int row = bt.rowOf(i);
        long start = bt.rangeOf(i, row)[0];
        int w = (int) s[1];
        for (int y = 0; y < s[0]; y++) {
          System.arraycopy(
              buf,
              base + (int) (start + (long) y * w * ch),
              canvas,
              (int) ((y * sumW + x) * ch),
              w * ch);
        }
        x += w;
      }
      long[] cs = ch == 1 ? new long[] {maxH, sumW} : new long[] {maxH, sumW, ch};
      region = Images.encode(NdArray.of(Dtype.UINT8, cs, canvas), codec, "image canvas");
    }
    BinaryWriter w = new BinaryWriter(64 + 4 * shapes.rows() * shapes.cols() + region.length);
    w.version(VersionStrings.WRITTEN);
    w.i32(shapes.rows()).i32(shapes.cols());
    for (int v : shapes.cells()) {
      w.i32(v);
    }
    w.i32(0);
    w.bytes(region);
    return w.toByteArray();
  }

  private long[] shapeAt(RunTable st, long i) {
    int r = st.rowOf(i);
    long[] s = new long[ndim];
    for (int d = 0; d < ndim; d++) {
      s[d] = st.value(r, d);
    }
    return s;
  }

  /**
   * A tile chunk: exactly one shape row {@code [tile dims..., 0]}, no byte rows, the tile's
   * (possibly compressed) bytes as data.
   */
  public static byte[] tileChunk(long[] tileShape, byte[] tileBytes) {
    BinaryWriter w = new BinaryWriter(64 + tileBytes.length);
    w.version(VersionStrings.WRITTEN);
    w.i32(1).i32(tileShape.length + 1);
    for (long d : tileShape) {
      w.i32((int) d);
    }
    w.i32(0);
    w.i32(0);
    w.bytes(tileBytes);
    return w.toByteArray();
  }
}
