package org.deeplake4j.engine.internal.format;

import java.util.Arrays;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Accumulates samples of one chunk and serializes it in the Deep Lake 3.x layout: version, shape
 * table, byte-position table, data. Samples are densely packed in index order (Python's fixed-shape
 * fast path depends on it). Not thread-safe.
 */
public final class ChunkBuilder {
  private int ndim;
  private RunTableBuilder shapes;
  private long leadingEmpty;
  private final RunTableBuilder bytes;
  private byte[] data = new byte[1024];
  private int size;
  private long samples;

  /** An empty chunk for samples of {@code ndim} dimensions (-1: not known yet). */
  public ChunkBuilder(int ndim) {
    this.ndim = ndim;
    this.shapes = new RunTableBuilder(Math.max(ndim, 0));
    this.bytes = new RunTableBuilder(2);
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
      b.add(all.shapeAt(st, i), all.data, (int) r[0], (int) (r[1] - r[0]));
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
    if ((long) size + len > Integer.MAX_VALUE - 64) {
      throw new IllegalStateException("chunk data would exceed 2 GiB");
    }
    if (size + len > data.length) {
      data = Arrays.copyOf(data, Math.max(data.length * 2, size + len));
    }
    System.arraycopy(src, off, data, size, len);
    shapes.append(shape);
    bytes.appendSized(len, size);
    size += len;
    samples++;
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
   * and the byte table indexes the decompressed data.
   */
  public byte[] toBytes(String chunkCompression) {
    if (Codecs.isImageCodec(chunkCompression)) {
      return canvasBytes(chunkCompression);
    }
    byte[] region = Codecs.isByteCodec(chunkCompression) ? Lz4.compress(data, 0, size) : null;
    BinaryWriter w =
        new BinaryWriter(64 + 4 * shapes.rows() * shapes.cols() + 12 * bytes.rows() + size);
    w.version(VersionStrings.WRITTEN);
    w.i32(shapes.rows()).i32(shapes.cols());
    for (int v : shapes.cells()) {
      w.i32(v);
    }
    w.i32(bytes.rows());
    for (int v : bytes.cells()) {
      w.i32(v);
    }
    if (region != null) {
      w.bytes(region);
    } else {
      w.bytes(data, 0, size);
    }
    return w.toByteArray();
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
              data, (int) (start + (long) y * w * ch), canvas, (int) ((y * sumW + x) * ch), w * ch);
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
