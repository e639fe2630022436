package org.deeplake4j.engine.internal.tql;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.internal.format.Bits;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.RunTable;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.ChunkSource;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

/**
 * One tensor as a query reads it. Row at a time, through the {@link TensorReader} (with the value
 * of the last row kept). In bulk, for numeric tensors whose samples all have one fixed shape and
 * whose chunks are uncompressed or lz4-compressed: whole chunks are read once, in row order,
 * through the tensor's {@link ChunkSource#scan} (memory-mapped where the storage can, not cached),
 * and elements are decoded straight from the chunk bytes into primitive arrays. Not thread-safe:
 * one per query execution.
 */
final class TensorCol {
  final String name;
  final TensorReader tensor;
  final SType type;

  /** Element type of numeric tensors, else null. */
  final Dtype dtype;

  /** Whether bulk reads are available (see the class comment). */
  final boolean bulk;

  /** Elements per sample for bulk reads. */
  final int itemElems;

  private final ChunkSource chunks;
  private final ChunkIdEncoder enc;
  private final long length;
  private final int itemBytes;
  private final boolean text;
  private final boolean json;

  // The chunk being read in bulk: items [first, last].
  private long first = 1;
  private long last = 0;
  private Chunk chunk;
  private ByteBuffer data;
  private int dataOff;
  private int dataLen;
  private boolean uniform;
  private int base;

  private int[] ints;

  private long cachedRow = -1;
  private Val cachedVal;

  private TensorCol(String name, TensorReader t, SType type) {
    this.name = name;
    this.tensor = t;
    this.type = type;
    TensorMeta m = t.meta();
    Htype h = m.baseType();
    this.text = h == Htype.TEXT;
    this.json = h.isJsonLike();
    this.dtype = text || json ? null : m.numericDtype();
    this.chunks = t.chunks();
    this.enc = chunks.ids();
    boolean lz4 = Codecs.isByteCodec(m.chunkCompression());
    this.length = t.numItems();
    long elems = m.isFixedShape() ? product(m.maxShape()) : -1;
    boolean ok =
        dtype != null
            && dtype != Dtype.COMPLEX64
            && dtype != Dtype.COMPLEX128
            && !m.isSequence()
            && !m.isLink()
            && m.sampleCompression() == null
            && (m.chunkCompression() == null || lz4)
            && h != Htype.POLYGON
            && m.maxShape().length > 0
            && elems >= 1
            && elems * dtype.itemSize() <= Integer.MAX_VALUE / 2
            && !hasTiles(enc);
    this.bulk = ok;
    this.itemElems = ok ? (int) elems : 0;
    this.itemBytes = ok ? (int) elems * dtype.itemSize() : 0;
  }

  /** The column of tensor {@code name} (read by {@code t}) with its static type. */
  static TensorCol of(String name, TensorReader t, SType type) {
    return new TensorCol(name, t, type);
  }

  private static long product(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }

  private static boolean hasTiles(ChunkIdEncoder e) {
    for (int r = 1; r < e.rows(); r++) {
      if (e.last(r) == e.last(r - 1)) {
        return true;
      }
    }
    return false;
  }

  /** Whether bulk reads deliver one number per row. */
  boolean isBulkScalar() {
    return bulk && itemElems == 1;
  }

  /** Whether bulk numeric reads produce integers (exact) rather than doubles. */
  boolean isIntegral() {
    return dtype != null && !dtype.isFloating() && dtype != Dtype.UINT64;
  }

  // ------------------------------------------------------------------ row at a time

  /** The value of row {@code row}. */
  Val value(long row) {
    if (row == cachedRow) {
      return cachedVal;
    }
    Val v;
    if (text) {
      v = new Val.Str(tensor.text(row));
    } else if (json) {
      v = Val.ofJson(tensor.json(row));
    } else {
      v = Val.Arr.from(tensor.numpy(row));
    }
    cachedRow = row;
    cachedVal = v;
    return v;
  }

  /** The shape of row {@code row}, without decoding it. */
  long[] shape(long row) {
    return tensor.shape(row);
  }

  /** Class names, or an empty list. */
  List<String> classNames() {
    return tensor.classNames();
  }

  // ------------------------------------------------------------------ bulk

  private void ensure(long row) {
    if (row >= first && row <= last) {
      return;
    }
    if (row < 0 || row >= length) {
      throw new IndexOutOfBoundsException(
          "row " + row + " of tensor '" + name + "' (" + length + " items)");
    }
    int r = enc.rowOf(row);
    if (r < 0) {
      throw new CorruptDataException(
          Layout.chunksIndex(tensor.key()), "item " + row + " is in no chunk");
    }
    ChunkSource.ScanChunk scanned = chunks.scan(r);
    Chunk c = scanned.chunk();
    String key = c.key();
    data = scanned.data();
    dataOff = scanned.dataOff();
    dataLen = scanned.dataLen();
    long f = enc.first(r);
    long l = Math.min(enc.last(r), length - 1);
    if (c.numSamples() < l - f + 1) {
      throw new CorruptDataException(
          key,
          "tensor '"
              + name
              + "' expects "
              + (l - f + 1)
              + " samples in this chunk, which holds "
              + c.numSamples());
    }
    RunTable bp = c.bytePositions();
    long n = l - f + 1;
    uniform =
        bp.rows() == 1 && bp.value(0, 0) == itemBytes && bp.value(0, 1) + n * itemBytes <= dataLen;
    base = uniform ? dataOff + (int) bp.value(0, 1) : 0;
    chunk = c;
    first = f;
    last = l;
  }

  /** Byte offset in {@link #data} of sample {@code row} of the current chunk. */
  private int offsetOf(long row) {
    if (uniform) {
      return base + (int) (row - first) * itemBytes;
    }
    long[] r = chunk.byteRangeOf(row - first, dataLen);
    if (r[1] - r[0] != itemBytes) {
      throw new CorruptDataException(
          chunk.key(),
          "sample "
              + row
              + " of tensor '"
              + name
              + "' has "
              + (r[1] - r[0])
              + " bytes, its fixed shape needs "
              + itemBytes);
    }
    return dataOff + (int) r[0];
  }

  /** End (exclusive) of the run of rows from {@code i} that lie in the current chunk. */
  private int span(long[] rows, int i, int n) {
    long hi = last;
    if (rows[n - 1] <= hi && rows[n - 1] - rows[i] == n - 1 - i) {
      return n; // the rest of an ascending contiguous batch
    }
    int j = i + 1;
    while (j < n && rows[j] >= first && rows[j] <= hi) {
      j++;
    }
    return j;
  }

  /** Reads one number per row of {@code rows[0..n)} as integers (integral dtypes). */
  void readLongs(long[] rows, int n, long[] out) {
    int i = 0;
    while (i < n) {
      ensure(rows[i]);
      int j = span(rows, i, n);
      boolean contiguous = uniform && rows[j - 1] - rows[i] == j - 1 - i;
      if (contiguous) {
        longsContiguous(offsetOf(rows[i]), out, i, j);
      } else {
        for (int k = i; k < j; k++) {
          out[k] = longAt(offsetOf(rows[k]));
        }
      }
      i = j;
    }
  }

  /** Reads one int32 per row of {@code rows[0..n)} (int32 tensors), bulk-copying runs. */
  void readInts(long[] rows, int n, int[] out) {
    int i = 0;
    while (i < n) {
      ensure(rows[i]);
      int j = span(rows, i, n);
      if (uniform && rows[j - 1] - rows[i] == j - 1 - i) {
        data.slice(offsetOf(rows[i]), 4 * (j - i))
            .order(ByteOrder.LITTLE_ENDIAN)
            .asIntBuffer()
            .get(out, i, j - i);
      } else {
        for (int k = i; k < j; k++) {
          out[k] = data.getInt(offsetOf(rows[k]));
        }
      }
      i = j;
    }
  }

  private void longsContiguous(int off, long[] out, int from, int to) {
    ByteBuffer b = data;
    switch (dtype) {
      case INT32 -> {
        int n = to - from;
        if (ints == null || ints.length < n) {
          ints = new int[Math.max(n, 2048)];
        }
        b.slice(off, 4 * n).order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(ints, 0, n);
        int[] x = ints;
        for (int k = 0; k < n; k++) {
          out[from + k] = x[k];
        }
      }
      case INT64 ->
          b.slice(off, 8 * (to - from))
              .order(ByteOrder.LITTLE_ENDIAN)
              .asLongBuffer()
              .get(out, from, to - from);
      case UINT32 -> {
        for (int k = from; k < to; k++, off += 4) {
          out[k] = b.getInt(off) & 0xFFFF_FFFFL;
        }
      }
      case INT16 -> {
        for (int k = from; k < to; k++, off += 2) {
          out[k] = b.getShort(off);
        }
      }
      case UINT16 -> {
        for (int k = from; k < to; k++, off += 2) {
          out[k] = b.getShort(off) & 0xFFFFL;
        }
      }
      case INT8 -> {
        for (int k = from; k < to; k++, off++) {
          out[k] = b.get(off);
        }
      }
      case UINT8 -> {
        for (int k = from; k < to; k++, off++) {
          out[k] = b.get(off) & 0xFFL;
        }
      }
      case BOOL -> {
        for (int k = from; k < to; k++, off++) {
          out[k] = b.get(off) != 0 ? 1 : 0;
        }
      }
      default -> throw new IllegalStateException("integral read of " + dtype);
    }
  }

  private long longAt(int off) {
    ByteBuffer b = data;
    return switch (dtype) {
      case INT32 -> b.getInt(off);
      case INT64 -> b.getLong(off);
      case UINT32 -> b.getInt(off) & 0xFFFF_FFFFL;
      case INT16 -> b.getShort(off);
      case UINT16 -> b.getShort(off) & 0xFFFFL;
      case INT8 -> b.get(off);
      case UINT8 -> b.get(off) & 0xFFL;
      case BOOL -> b.get(off) != 0 ? 1 : 0;
      default -> throw new IllegalStateException("integral read of " + dtype);
    };
  }

  private double doubleAt(int off) {
    ByteBuffer b = data;
    return switch (dtype) {
      case FLOAT32 -> b.getFloat(off);
      case FLOAT64 -> b.getDouble(off);
      case FLOAT16 -> Bits.halfToFloat(b.getShort(off));
      case UINT64 -> {
        long v = b.getLong(off);
        yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      }
      default -> longAt(off);
    };
  }

  /** Reads one number per row of {@code rows[0..n)} as doubles (floating dtypes and uint64). */
  void readDoubles(long[] rows, int n, double[] out) {
    int i = 0;
    while (i < n) {
      ensure(rows[i]);
      int j = span(rows, i, n);
      boolean contiguous = uniform && rows[j - 1] - rows[i] == j - 1 - i;
      if (contiguous && dtype == Dtype.FLOAT32) {
        int off = offsetOf(rows[i]);
        ByteBuffer b = data;
        for (int k = i; k < j; k++, off += 4) {
          out[k] = b.getFloat(off);
        }
      } else if (contiguous && dtype == Dtype.FLOAT64) {
        int off = offsetOf(rows[i]);
        ByteBuffer b = data;
        for (int k = i; k < j; k++, off += 8) {
          out[k] = b.getDouble(off);
        }
      } else {
        for (int k = i; k < j; k++) {
          out[k] = doubleAt(offsetOf(rows[k]));
        }
      }
      i = j;
    }
  }

  /**
   * Reads the {@link #itemElems} elements of every row of {@code rows[0..n)} into {@code out}
   * (row-major, {@code itemElems} per row) as floats; float32 tensors are bulk-copied.
   */
  void readFloats(long[] rows, int n, float[] out) {
    int d = itemElems;
    int i = 0;
    while (i < n) {
      ensure(rows[i]);
      int j = span(rows, i, n);
      boolean contiguous = uniform && rows[j - 1] - rows[i] == j - 1 - i;
      if (dtype == Dtype.FLOAT32 && contiguous) {
        int off = offsetOf(rows[i]);
        ByteBuffer src = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        src.position(off);
        src.asFloatBuffer().get(out, i * d, (j - i) * d);
      } else {
        int size = dtype.itemSize();
        for (int k = i; k < j; k++) {
          int off = offsetOf(rows[k]);
          for (int e = 0; e < d; e++) {
            out[k * d + e] = (float) doubleAt(off + size * e);
          }
        }
      }
      i = j;
    }
  }

  /** Drops the current chunk (after a scan). */
  void release() {
    data = null;
    chunk = null;
    first = 1;
    last = 0;
    cachedRow = -1;
    cachedVal = null;
  }

  @Override
  public String toString() {
    return "TensorCol(" + name + ", " + type + ", bulk=" + bulk + ", elems=" + itemElems + ")";
  }
}
