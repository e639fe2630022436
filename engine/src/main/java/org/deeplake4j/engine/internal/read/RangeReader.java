package org.deeplake4j.engine.internal.read;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Bulk reads of a tensor over row ranges: element runs copied chunk by chunk into primitive arrays
 * or buffers, and stored item bytes fed to a sink, with ranged reads for scans that read each row
 * once. The public {@code Tensor.readRange}, {@code readStoredRange} and {@code readStoredItems}
 * state the contracts and delegate here (through {@link TensorReader}). Stateless.
 */
public final class RangeReader {
  private RangeReader() {}

  /** Bytes read first when streaming a chunk: enough for any fixed-shape header. */
  private static final int HEADER_PROBE = 64 << 10;

  /** Receives the stored bytes of items, in order ({@link #readStoredItems}). */
  @FunctionalInterface
  public interface ItemBytesSink {
    /**
     * Item {@code row}'s stored bytes are {@code src[off, off + len)}; valid only during the call.
     */
    void item(long row, byte[] src, int off, int len);
  }

  /**
   * Copies the elements of rows {@code [start, end)} of {@code t} into {@code dst} from {@code
   * offset}, as floats; returns the number of elements written.
   */
  static int readRange(TensorReader t, long start, long end, float[] dst, int offset) {
    Objects.checkIndex(offset, dst.length + 1);
    Dtype dt = t.requireNumeric();
    long[] items = itemRangeOfRows(t, start, end);
    Sink sink =
        new Sink(t.chunks().storage(), dst.length - offset) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            int p = offset + (int) reserve(n);
            if (dt == Dtype.FLOAT32) {
              ByteBuffer.wrap(src, off, len)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .asFloatBuffer()
                  .get(dst, p, n);
            } else {
              new NdArray(dt, new long[] {n}, ByteBuffer.wrap(src, off, len)).copyTo(dst, p);
            }
          }

          @Override
          void item(NdArray a) {
            a.copyTo(dst, offset + (int) reserve(a.size()));
          }
        };
    copyItems(t, items[0], items[1], dt, sink);
    return (int) sink.written;
  }

  /** As {@link #readRange(TensorReader, long, long, float[], int)}, as ints. */
  static int readRange(TensorReader t, long start, long end, int[] dst, int offset) {
    Objects.checkIndex(offset, dst.length + 1);
    Dtype dt = t.requireNumeric();
    long[] items = itemRangeOfRows(t, start, end);
    Sink sink =
        new Sink(t.chunks().storage(), dst.length - offset) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            int p = offset + (int) reserve(n);
            if (dt == Dtype.INT32 || dt == Dtype.UINT32) {
              ByteBuffer.wrap(src, off, len)
                  .order(ByteOrder.LITTLE_ENDIAN)
                  .asIntBuffer()
                  .get(dst, p, n);
            } else {
              new NdArray(dt, new long[] {n}, ByteBuffer.wrap(src, off, len)).copyTo(dst, p);
            }
          }

          @Override
          void item(NdArray a) {
            a.copyTo(dst, offset + (int) reserve(a.size()));
          }
        };
    copyItems(t, items[0], items[1], dt, sink);
    return (int) sink.written;
  }

  /**
   * Puts the element bytes of rows {@code [start, end)} of {@code t} into {@code dst}; returns the
   * number of bytes written. {@code ranged}: a scan that reads each row once (parts of uncompressed
   * chunks that are not cached are fetched by byte range, nothing is cached).
   */
  static long readRange(TensorReader t, long start, long end, ByteBuffer dst, boolean ranged) {
    Dtype dt = t.requireNumeric();
    long[] items = itemRangeOfRows(t, start, end);
    int item = dt.itemSize();
    Storage storage = t.chunks().storage();
    Sink sink =
        new Sink(storage, dst.remaining() / item) {
          @Override
          void run(byte[] src, int off, int len, int n) {
            reserve(n);
            dst.put(src, off, len);
          }

          @Override
          boolean fromStorage(String ckey, long offset, int len, int n) {
            reserve(n);
            ByteBuffer view = dst.duplicate();
            view.limit(view.position() + len);
            if (storage.readInto(ckey, offset, view) != len) {
              written -= n;
              return false;
            }
            dst.position(dst.position() + len);
            return true;
          }

          @Override
          void lz4(
              byte[] src, int off, int len, int size, int runOff, int runLen, int n, String ckey) {
            if (runOff != 0 || runLen != size) {
              super.lz4(src, off, len, size, runOff, runLen, n, ckey);
              return;
            }
            reserve(n);
            Lz4.decompressBlock(src, off, len, size, dst, ckey);
          }

          @Override
          void item(NdArray a) {
            reserve(a.size());
            a.copyTo(dst);
          }
        };
    sink.ranged = ranged;
    copyItems(t, items[0], items[1], dt, sink);
    return sink.written * item;
  }

  /** Receives runs of raw element bytes or decoded items, counting elements against a capacity. */
  private abstract static class Sink {
    private final Storage storage;
    private final long capacity;
    long written;

    /** Whether parts of uncompressed chunks are fetched by byte range (see readStoredRange). */
    boolean ranged;

    Sink(Storage storage, long capacity) {
      this.storage = storage;
      this.capacity = capacity;
    }

    /** Reserves {@code n} elements; returns the element offset where they go. */
    long reserve(long n) {
      if (n > capacity - written) {
        throw new IndexOutOfBoundsException(
            "destination has room for "
                + capacity
                + " elements, the rows need more than "
                + (written + n));
      }
      long at = written;
      written += n;
      return at;
    }

    /** {@code n} elements of the tensor's dtype, little-endian, in {@code src[off, off+len)}. */
    abstract void run(byte[] src, int off, int len, int n);

    /**
     * {@code n} elements stored at {@code [offset, offset+len)} of the object {@code ckey}; false,
     * having written nothing, if the object ends early. Reads into the pooled {@link Scratch} array
     * (no per-chunk allocation), then copies out.
     */
    boolean fromStorage(String ckey, long offset, int len, int n) {
      byte[] tmp = Scratch.take(len);
      try {
        if (storage.readInto(ckey, offset, ByteBuffer.wrap(tmp, 0, len)) != len) {
          return false;
        }
        run(tmp, 0, len, n);
        return true;
      } finally {
        Scratch.give(tmp);
      }
    }

    /**
     * {@code n} elements at {@code [runOff, runOff+runLen)} of the {@code size} bytes that the
     * size-prefixed lz4 block {@code src[off, off+len)} decompresses to.
     */
    void lz4(byte[] src, int off, int len, int size, int runOff, int runLen, int n, String ckey) {
      byte[] tmp = Scratch.take(size);
      try {
        Lz4.decompressBlock(src, off, len, size, tmp, 0, ckey);
        run(tmp, runOff, runLen, n);
      } finally {
        Scratch.give(tmp);
      }
    }

    abstract void item(NdArray a);
  }

  private static void checkRows(TensorReader t, long start, long end) {
    if (start < 0 || end < start || end > t.length()) {
      throw new IndexOutOfBoundsException(
          "rows ["
              + start
              + ", "
              + end
              + ") of tensor '"
              + t.name()
              + "' (length "
              + t.length()
              + ")");
    }
  }

  private static long[] itemRangeOfRows(TensorReader t, long start, long end) {
    checkRows(t, start, end);
    if (start == end) {
      return new long[] {0, 0};
    }
    if (!t.isSequence()) {
      return new long[] {start, end};
    }
    return new long[] {t.sequenceRange(start)[0], t.sequenceRange(end - 1)[1]};
  }

  /**
   * Feeds a whole chunk that is not cached straight from storage to {@code sink}, without caching
   * it: a scan reads each chunk once, so caching it would only evict chunks that other reads need
   * (partial ranges, as a batched loader reads them, still go through the cache). An lz4 chunk is
   * decompressed directly into the destination when the sink can take it. Returns false, having fed
   * nothing, when the chunk needs the checked item-by-item path.
   */
  private static boolean streamChunk(ChunkSource chunks, int row, long count, Dtype dt, Sink sink) {
    if (chunks.isDecoded(row)) {
      return false;
    }
    String ckey = chunks.key(row);
    int fed = streamHeaderFirst(chunks, ckey, count, dt, sink);
    if (fed >= 0) {
      return fed == 1;
    }
    Chunk c = chunks.raw(ckey);
    long elems = c.numSamples() == count ? c.elementCount(0, count) : -1;
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return false;
    }
    byte[] buf = c.buffer();
    if (chunks.chunkClass() == ChunkSource.ChunkClass.UNCOMPRESSED) {
      long[] span = c.contiguousByteRange(0, count, c.dataLength());
      if (span == null || span[1] - span[0] != bytes) {
        return false;
      }
      if (bytes > 0) {
        sink.run(buf, c.dataStart() + (int) span[0], (int) bytes, (int) elems);
      }
      return true;
    }
    int size = Lz4.blockSize(buf, c.dataStart(), c.dataLength(), ckey);
    long[] span = size < 0 ? null : c.contiguousByteRange(0, count, size);
    if (span == null || span[1] - span[0] != bytes) {
      return false;
    }
    if (bytes > 0) {
      sink.lz4(
          buf, c.dataStart(), c.dataLength(), size, (int) span[0], (int) bytes, (int) elems, ckey);
    }
    return true;
  }

  /**
   * Feeds local samples {@code [a, b)} of an uncompressed chunk that is not cached to {@code sink}
   * by one ranged read of their bytes (after the chunk header, kept by the chunk source). Returns
   * false, having fed nothing, when the samples need the checked path through the cache.
   */
  private static boolean streamPart(
      ChunkSource chunks, int row, long a, long b, Dtype dt, Sink sink) {
    if (chunks.isDecoded(row)) {
      return false;
    }
    String ckey = chunks.key(row);
    Chunk c = chunks.header(row, ckey);
    if (c == null || b > c.numSamples()) {
      return false;
    }
    long elems = c.elementCount(a, b);
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return false;
    }
    long[] span = c.contiguousByteRange(a, b, Long.MAX_VALUE);
    if (span == null || span[1] - span[0] != bytes) {
      return false;
    }
    if (bytes == 0) {
      return true;
    }
    return sink.fromStorage(ckey, c.dataStart() + span[0], (int) bytes, (int) elems);
  }

  /**
   * Feeds the stored bytes of rows {@code [start, end)} of {@code t} to {@code sink} in row order,
   * as {@link TensorReader#itemBytes} returns them, without an array per item. For a scan that
   * reads each row once: the part of an uncompressed chunk that is not cached is fetched by one
   * ranged read after its header; other chunks go through the cache. Sequences, tiles and links go
   * item by item.
   *
   * @throws IndexOutOfBoundsException if the rows are out of range
   */
  static void readStoredItems(TensorReader t, long start, long end, ItemBytesSink sink) {
    checkRows(t, start, end);
    ChunkSource chunks = t.chunks();
    ChunkIdEncoder ids = chunks.ids();
    boolean runs =
        !t.isSequence()
            && !t.isLink()
            && !t.hasTiles()
            && chunks.chunkClass() != ChunkSource.ChunkClass.CHUNK_IMAGE;
    long item = start;
    while (item < end) {
      long stop;
      if (runs) {
        TensorReader.Located l = t.locate(item);
        long first = item - l.local();
        stop = Math.min(end, ids.last(l.row()) + 1);
        if (storedItems(chunks, l.row(), first, l.local(), stop - first, sink)) {
          item = stop;
          continue;
        }
      } else {
        stop = item + 1;
      }
      for (long r = item; r < stop; r++) {
        byte[] b = t.itemBytes(r);
        sink.item(r, b, 0, b.length);
      }
      item = stop;
    }
  }

  /** Local items {@code [a, b)} of chunk row {@code row}, or false (nothing fed). */
  private static boolean storedItems(
      ChunkSource chunks, int row, long first, long a, long b, ItemBytesSink sink) {
    if (chunks.chunkClass() != ChunkSource.ChunkClass.UNCOMPRESSED || chunks.isDecoded(row)) {
      DecodedChunk c = chunks.loaded(row);
      if (c.canvas() != null || b > c.chunk().numSamples()) {
        return false;
      }
      for (long i = a; i < b; i++) {
        long[] r = c.byteRangeOf(i);
        sink.item(first + i, c.data(), c.off() + (int) r[0], (int) (r[1] - r[0]));
      }
      return true;
    }
    String ckey = chunks.key(row);
    Chunk c = chunks.header(row, ckey);
    if (c == null || b > c.numSamples()) {
      return false;
    }
    long[] span = c.contiguousByteRange(a, b, Long.MAX_VALUE);
    if (span == null || span[1] - span[0] > Integer.MAX_VALUE - 16) {
      return false;
    }
    int n = (int) (span[1] - span[0]);
    long[][] ranges = new long[(int) (b - a)][];
    for (long i = a; i < b; i++) {
      long[] r = c.byteRangeOf(i, Long.MAX_VALUE);
      if (r[0] < span[0] || r[1] > span[1]) {
        return false;
      }
      ranges[(int) (i - a)] = r;
    }
    byte[] buf = Scratch.take(Math.max(n, 1));
    try {
      if (n > 0
          && chunks.storage().readInto(ckey, c.dataStart() + span[0], ByteBuffer.wrap(buf, 0, n))
              != n) {
        return false;
      }
      for (long i = a; i < b; i++) {
        long[] r = ranges[(int) (i - a)];
        sink.item(first + i, buf, (int) (r[0] - span[0]), (int) (r[1] - r[0]));
      }
      return true;
    } finally {
      Scratch.give(buf);
    }
  }

  /**
   * Streams a chunk header first: reads the first {@link ChunkSource#SMALL_HEADER_PROBE} (else
   * {@link #HEADER_PROBE}) bytes and parses the tables, then has the storage copy the rest ({@link
   * Storage#readInto}) where it is needed: the data region of an uncompressed chunk straight into
   * the destination (one copy, no intermediate array), the lz4 block of a compressed one into a
   * pooled {@link Scratch} array (no fresh array per chunk) from which it is decompressed. Returns
   * 1 when fed, 0 when the chunk needs the item path (nothing fed), -1 when the header is longer
   * than the probe (read the whole chunk instead).
   */
  private static int streamHeaderFirst(
      ChunkSource chunks, String ckey, long count, Dtype dt, Sink sink) {
    Storage storage = chunks.storage();
    // A small probe first: the data it holds is read again below, so it should hold little.
    byte[] head = null;
    Chunk c = null;
    int probe = 0;
    for (int p : new int[] {ChunkSource.SMALL_HEADER_PROBE, HEADER_PROBE}) {
      probe = p;
      head = storage.getRange(ckey, 0, p);
      try {
        c = Chunk.parse(head, ckey);
        break;
      } catch (CorruptDataException e) {
        if (head.length < p) {
          return 0;
        }
      }
    }
    if (c == null) {
      return -1;
    }
    long elems = c.numSamples() == count ? c.elementCount(0, count) : -1;
    long bytes = elems * dt.itemSize();
    if (elems < 0 || bytes > Integer.MAX_VALUE) {
      return 0;
    }
    if (chunks.chunkClass() == ChunkSource.ChunkClass.UNCOMPRESSED) {
      long[] span = c.contiguousByteRange(0, count, Long.MAX_VALUE);
      if (span == null || span[1] - span[0] != bytes) {
        return 0;
      }
      long at = c.dataStart() + span[0];
      if (bytes == 0) {
        return 1;
      }
      if (at + bytes <= head.length) {
        sink.run(head, (int) at, (int) bytes, (int) elems);
        return 1;
      }
      return sink.fromStorage(ckey, at, (int) bytes, (int) elems) ? 1 : 0;
    }
    // An lz4 chunk's block runs from the data start to the end of the file.
    long fileLength =
        head.length < probe
            ? head.length
            : storage.metadata(ckey).map(ObjectMetadata::size).orElse(-1L);
    long blockLength = fileLength - c.dataStart();
    if (fileLength < 0 || blockLength > Integer.MAX_VALUE - 16) {
      return 0;
    }
    byte[] block = head;
    int blockOff = c.dataStart();
    if (fileLength > head.length) {
      block = Scratch.take((int) blockLength);
      blockOff = 0;
    }
    try {
      if (block != head
          && storage.readInto(ckey, c.dataStart(), ByteBuffer.wrap(block, 0, (int) blockLength))
              != blockLength) {
        return 0;
      }
      int size = Lz4.blockSize(block, blockOff, (int) blockLength, ckey);
      long[] span = size < 0 ? null : c.contiguousByteRange(0, count, size);
      if (span == null || span[1] - span[0] != bytes) {
        return 0;
      }
      if (bytes > 0) {
        sink.lz4(
            block,
            blockOff,
            (int) blockLength,
            size,
            (int) span[0],
            (int) bytes,
            (int) elems,
            ckey);
      }
      return 1;
    } finally {
      if (block != head) {
        Scratch.give(block);
      }
    }
  }

  /**
   * Feeds items {@code [start, end)} to {@code sink}: for uncompressed and lz4-chunk-compressed
   * chunks, one run per chunk when the chunk stores the items contiguously with sizes matching
   * their shapes (always, for what Python writes); otherwise item by item through {@link
   * TensorReader#itemNumpy}, which also reports any damage precisely.
   */
  private static void copyItems(TensorReader t, long start, long end, Dtype dt, Sink sink) {
    ChunkSource chunks = t.chunks();
    ChunkIdEncoder ids = chunks.ids();
    ChunkSource.ChunkClass cls = chunks.chunkClass();
    boolean runs =
        !t.isLink()
            && !t.isPolygon()
            && (cls == ChunkSource.ChunkClass.UNCOMPRESSED
                || cls == ChunkSource.ChunkClass.CHUNK_BYTES);
    boolean tiled = t.hasTiles();
    long item = start;
    while (item < end) {
      if (!runs || (tiled && t.isTiled(item))) {
        sink.item(t.itemNumpy(item));
        item++;
        continue;
      }
      TensorReader.Located l = t.locate(item);
      long first = item - l.local();
      long stop = Math.min(end, ids.last(l.row()) + 1);
      if (l.local() == 0
          && stop == ids.last(l.row()) + 1
          && streamChunk(chunks, l.row(), stop - first, dt, sink)) {
        item = stop;
        continue;
      }
      if (sink.ranged
          && cls == ChunkSource.ChunkClass.UNCOMPRESSED
          && !tiled
          && streamPart(chunks, l.row(), l.local(), stop - first, dt, sink)) {
        item = stop;
        continue;
      }
      DecodedChunk c = chunks.loaded(l.row());
      long a = l.local();
      long b = stop - first;
      long elems = b <= c.chunk().numSamples() ? c.chunk().elementCount(a, b) : -1;
      long[] span = elems < 0 ? null : c.chunk().contiguousByteRange(a, b, c.len());
      if (span == null
          || span[1] - span[0] != elems * dt.itemSize()
          || span[1] - span[0] > Integer.MAX_VALUE) {
        for (long i = item; i < stop; i++) {
          sink.item(t.itemNumpy(i));
        }
      } else if (elems > 0) {
        sink.run(c.data(), c.off() + (int) span[0], (int) (span[1] - span[0]), (int) elems);
      }
      item = stop;
    }
  }
}
