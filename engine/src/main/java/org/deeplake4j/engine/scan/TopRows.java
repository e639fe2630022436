package org.deeplake4j.engine.scan;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Bits;
import org.deeplake4j.engine.internal.tql.TopK;
import org.deeplake4j.engine.types.Dtype;

/**
 * Top-n selection over one row range: the {@code n} rows that come first in an order over scalar
 * numeric tensors, chosen with the engine's bounded top-k ({@code internal.tql.TopK}, which TQL's
 * {@code ORDER BY ... LIMIT} uses too; the order of keys here is Spark's, see below) after reading
 * the key tensors in bulk (only the key tensors are read). Ties are broken by row index, so the
 * choice is deterministic. Stateless.
 *
 * <p>Orders: integers (and bool, false before true) by value, floats by value with every NaN after
 * every number and {@code -0.0} equal to {@code 0.0}; rows at or past a key tensor's length have a
 * null key, placed first or last as the key says. uint64 keys are not supported.
 */
public final class TopRows {
  /** Rows of keys read per bulk read. */
  private static final int BLOCK = 8192;

  private TopRows() {}

  /**
   * One sort key.
   *
   * @param tensor a scalar (one element per row) numeric tensor
   * @param descending largest first
   * @param nullsFirst rows without a value first
   */
  public record Key(String tensor, boolean descending, boolean nullsFirst)
      implements java.io.Serializable {}

  /** Whether {@code t} can be a key: one numeric element per row, not uint64. */
  public static boolean isKeyTensor(Tensor t) {
    Dtype d = t.dtype();
    return d != null
        && d != Dtype.UINT64
        && d != Dtype.COMPLEX64
        && d != Dtype.COMPLEX128
        && !t.isSequence()
        && !t.isLink()
        && t.metadata().isFixedShape()
        && t.metadata().sampleCompression() == null
        && elements(t.metadata().maxShape()) == 1;
  }

  private static long elements(long[] shape) {
    long e = 1;
    for (long d : shape) {
      e *= d;
    }
    return e;
  }

  /**
   * The first {@code n} rows of {@code [start, end)} in the order of {@code keys}, in that order.
   *
   * @throws DeepLakeException if a key tensor is not a scalar numeric tensor
   */
  public static long[] select(Dataset ds, List<Key> keys, long start, long end, int n) {
    int rows = Math.toIntExact(end - start);
    if (n <= 0 || rows <= 0) {
      return new long[0];
    }
    KeyColumn[] cols = new KeyColumn[keys.size()];
    for (int k = 0; k < cols.length; k++) {
      cols[k] = KeyColumn.read(ds, keys.get(k), start, rows);
    }
    java.util.Comparator<Integer> order =
        (x, y) -> {
          for (KeyColumn c : cols) {
            int r = c.compare(x, y);
            if (r != 0) {
              return r;
            }
          }
          return Integer.compare(x, y);
        };
    TopK<Integer> top = new TopK<>(Math.min(n, rows), order);
    for (int i = 0; i < rows; i++) {
      top.offer(i);
    }
    List<Integer> chosen = top.sorted();
    long[] out = new long[chosen.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = start + chosen.get(i);
    }
    return out;
  }

  /** The values of one key over the rows, as longs (integers) or doubles (floats). */
  private static final class KeyColumn {
    private final Key key;
    private final long[] longs;
    private final double[] doubles;
    private final int valid;

    private KeyColumn(Key key, long[] longs, double[] doubles, int valid) {
      this.key = key;
      this.longs = longs;
      this.doubles = doubles;
      this.valid = valid;
    }

    static KeyColumn read(Dataset ds, Key key, long start, int rows) {
      Tensor t = ds.tensor(key.tensor());
      if (!isKeyTensor(t)) {
        throw new DeepLakeException(
            "tensor '"
                + key.tensor()
                + "' is not a scalar numeric tensor: it cannot be a sort key");
      }
      Dtype dt = t.dtype();
      int valid = (int) Math.max(0, Math.min(rows, t.length() - start));
      boolean floating = dt.isFloating();
      long[] longs = floating ? null : new long[valid];
      double[] doubles = floating ? new double[valid] : null;
      ByteBuffer buf = ByteBuffer.allocate(BLOCK * dt.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
      for (int at = 0; at < valid; at += BLOCK) {
        int m = Math.min(BLOCK, valid - at);
        buf.clear();
        t.readStoredRange(start + at, start + at + m, buf);
        for (int i = 0; i < m; i++) {
          if (floating) {
            double v =
                switch (dt) {
                  case FLOAT16 -> Bits.halfToFloat(buf.getShort(2 * i));
                  case FLOAT32 -> buf.getFloat(4 * i);
                  default -> buf.getDouble(8 * i);
                };
            doubles[at + i] = v == 0 ? 0.0 : v; // -0.0 sorts as 0.0
          } else {
            longs[at + i] =
                switch (dt) {
                  case BOOL, UINT8 -> buf.get(i) & 0xFF;
                  case INT8 -> buf.get(i);
                  case INT16 -> buf.getShort(2 * i);
                  case UINT16 -> buf.getShort(2 * i) & 0xFFFF;
                  case INT32 -> buf.getInt(4 * i);
                  case UINT32 -> buf.getInt(4 * i) & 0xFFFF_FFFFL;
                  default -> buf.getLong(8 * i);
                };
          }
        }
      }
      return new KeyColumn(key, longs, doubles, valid);
    }

    int compare(int x, int y) {
      boolean nx = x >= valid;
      boolean ny = y >= valid;
      if (nx || ny) {
        if (nx && ny) {
          return 0;
        }
        return nx == key.nullsFirst() ? -1 : 1;
      }
      int r =
          longs != null ? Long.compare(longs[x], longs[y]) : Double.compare(doubles[x], doubles[y]);
      return key.descending() ? -r : r;
    }
  }
}
