package org.deeplake4j.engine.format;

import java.util.Arrays;

/**
 * Accumulates samples of one chunk and serializes it in the Deep Lake 3.x layout: version, shape
 * table, byte-position table, data. Samples are densely packed in index order (Python's fixed-shape
 * fast path depends on it). Not thread-safe.
 */
public final class ChunkBuilder {
  private final int ndim;
  private final RunTableBuilder shapes;
  private final RunTableBuilder bytes;
  private byte[] data = new byte[1024];
  private int size;
  private long samples;

  /** An empty chunk for samples of {@code ndim} dimensions. */
  public ChunkBuilder(int ndim) {
    this.ndim = ndim;
    this.shapes = new RunTableBuilder(ndim);
    this.bytes = new RunTableBuilder(2);
  }

  /**
   * A builder holding the samples of an existing chunk, to append to it. {@code data} is the
   * chunk's (decompressed) data region.
   */
  public static ChunkBuilder of(Chunk c, int ndim, byte[] data, int off, int len) {
    return of(c, ndim, data, off, len, c.numSamples());
  }

  /** {@link #of(Chunk, int, byte[], int, int)} keeping only the first {@code keep} samples. */
  public static ChunkBuilder of(Chunk c, int ndim, byte[] data, int off, int len, long keep) {
    ChunkBuilder b = new ChunkBuilder(ndim);
    long n = Math.min(keep, c.numSamples());
    for (long i = 0; i < n; i++) {
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

  /**
   * A copy of an existing chunk's samples with local sample {@code local} replaced by {@code
   * (newShape, newBytes)}, or removed when {@code newShape} is null.
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
    ChunkBuilder b = new ChunkBuilder(ndim);
    long n = c.numSamples();
    for (long i = 0; i < n; i++) {
      if (i == local) {
        if (newShape != null) {
          b.add(newShape, newBytes, 0, newBytes.length);
        }
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
