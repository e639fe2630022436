package org.deeplake4j.engine.internal.read;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.RunTable;

/**
 * A chunk as the cache keeps it: the parsed chunk, its data region (decompressed for lz4 chunks)
 * and, for an image canvas, the decoded canvas. {@code view} is a read-only little-endian buffer
 * over {@code data[off, off+len)}. When every sample of the chunk has the same shape and size (one
 * shape row, one byte-position row starting at 0, all within the region), {@code uniformShape} and
 * {@code uniformSize} let reads skip both table lookups.
 */
record DecodedChunk(
    Chunk chunk,
    byte[] data,
    int off,
    int len,
    Canvas canvas,
    ByteBuffer view,
    long[] uniformShape,
    long uniformSize)
    implements ChunkCache.Sized {

  static DecodedChunk of(Chunk c, byte[] data, int off, int len, Canvas canvas) {
    ByteBuffer view =
        data == null
            ? null
            : ByteBuffer.wrap(data, off, len)
                .slice()
                .asReadOnlyBuffer()
                .order(ByteOrder.LITTLE_ENDIAN);
    RunTable shapes = c.shapes();
    RunTable bytes = c.bytePositions();
    long[] uniformShape = null;
    long uniformSize = -1;
    if (shapes.rows() == 1
        && bytes.rows() == 1
        && shapes.count() == bytes.count()
        && bytes.value(0, 1) == 0
        && bytes.value(0, 0) * bytes.count() <= len) {
      uniformShape = c.shapeOf(0, 0);
      uniformSize = bytes.value(0, 0);
    }
    return new DecodedChunk(c, data, off, len, canvas, view, uniformShape, uniformSize);
  }

  @Override
  public long sizeBytes() {
    return chunk.dataLength()
        + (data == null ? 0 : len)
        + (canvas == null || canvas.image() == null ? 0 : canvas.image().size())
        + 64;
  }

  /** Shape of local sample {@code local} (shared array for uniform chunks: do not modify). */
  long[] shapeOf(long local, int ndimIfUnknown) {
    return uniformShape != null ? uniformShape : chunk.shapeOf(local, ndimIfUnknown);
  }

  /** Byte range of local sample {@code local} relative to {@code off}. */
  long[] byteRangeOf(long local) {
    if (uniformSize >= 0) {
      long start = local * uniformSize;
      return new long[] {start, start + uniformSize};
    }
    return chunk.byteRangeOf(local, len);
  }

  /** The stored bytes of local sample {@code local}, without copying (a heap buffer). */
  ByteBuffer rawSlice(long local) {
    long[] r = byteRangeOf(local);
    return ByteBuffer.wrap(data, off + (int) r[0], (int) (r[1] - r[0]));
  }

  /** A read-only little-endian view of local sample {@code local}'s bytes, without copying. */
  ByteBuffer rawView(long local) {
    long[] r = byteRangeOf(local);
    return view.slice((int) r[0], (int) (r[1] - r[0])).order(ByteOrder.LITTLE_ENDIAN);
  }
}
