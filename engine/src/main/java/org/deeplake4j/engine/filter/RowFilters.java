package org.deeplake4j.engine.filter;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.filter.RowFilter.And;
import org.deeplake4j.engine.filter.RowFilter.BoolLiteral;
import org.deeplake4j.engine.filter.RowFilter.ClassNameIn;
import org.deeplake4j.engine.filter.RowFilter.Compare;
import org.deeplake4j.engine.filter.RowFilter.Constant;
import org.deeplake4j.engine.filter.RowFilter.DoubleLiteral;
import org.deeplake4j.engine.filter.RowFilter.FloatLiteral;
import org.deeplake4j.engine.filter.RowFilter.In;
import org.deeplake4j.engine.filter.RowFilter.IntLiteral;
import org.deeplake4j.engine.filter.RowFilter.IsNull;
import org.deeplake4j.engine.filter.RowFilter.Literal;
import org.deeplake4j.engine.filter.RowFilter.Not;
import org.deeplake4j.engine.filter.RowFilter.Op;
import org.deeplake4j.engine.filter.RowFilter.Or;
import org.deeplake4j.engine.filter.RowFilter.RowIndex;
import org.deeplake4j.engine.filter.RowFilter.RowIndexIn;
import org.deeplake4j.engine.filter.RowFilter.TextIn;
import org.deeplake4j.engine.internal.format.Bits;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Binds and evaluates {@link RowFilter}s, derives the row ranges a filter can match, and states the
 * null rule (see the package documentation).
 */
public final class RowFilters {
  private RowFilters() {}

  /**
   * Whether every sample of the tensor has exactly one element (min_shape == max_shape == [1]), or
   * the tensor has no shape yet: the tensors that read as scalars.
   */
  public static boolean isScalar(TensorMeta m) {
    long[] min = m.minShape();
    long[] max = m.maxShape();
    if (max.length == 0) {
      return min.length == 0;
    }
    return min.length == 1 && max.length == 1 && min[0] == 1 && max[0] == 1;
  }

  /**
   * Whether row {@code row} of {@code t} is null: beyond the tensor's length, an empty numeric or
   * media sample (a dimension of 0), or an empty link. Text, JSON and list samples and sequences
   * are never null.
   */
  public static boolean isNull(Tensor t, long row) {
    if (row >= t.length()) {
      return true;
    }
    if (t.isSequence() || t.baseType().isTextLike()) {
      return false;
    }
    if (t.isLink()) {
      return t.linkPath(row).isEmpty();
    }
    if (t.dtype() == null) {
      return true;
    }
    for (long d : t.shape(row)) {
      if (d == 0) {
        return true;
      }
    }
    return false;
  }

  /**
   * Binds {@code f} to the tensors of {@code ds}.
   *
   * @throws UnsupportedFilterException if a tensor is missing or does not fit its comparison
   */
  public static BoundRowFilter bind(Dataset ds, RowFilter f) {
    if (f instanceof And a) {
      BoundRowFilter l = bind(ds, a.left());
      BoundRowFilter r = bind(ds, a.right());
      return combine(l, r, true);
    }
    if (f instanceof Or o) {
      BoundRowFilter l = bind(ds, o.left());
      BoundRowFilter r = bind(ds, o.right());
      return combine(l, r, false);
    }
    if (f instanceof Not n) {
      BoundRowFilter c = bind(ds, n.child());
      return new BoundRowFilter() {
        @Override
        public Truth test(long row) {
          return c.test(row).not();
        }

        @Override
        public void testRange(long start, int count, Truth[] out) {
          c.testRange(start, count, out);
          for (int i = 0; i < count; i++) {
            out[i] = out[i].not();
          }
        }
      };
    }
    if (f instanceof Constant c) {
      Truth v = Truth.of(c.value());
      return row -> v;
    }
    if (f instanceof RowIndex ri) {
      return row -> Truth.of(ri.op().test(Long.compare(row, ri.value())));
    }
    if (f instanceof RowIndexIn in) {
      Set<Long> set = new HashSet<>(in.values());
      return row -> Truth.of(set.contains(row));
    }
    if (f instanceof IsNull n) {
      Tensor t = tensor(ds, n.tensor());
      return row -> Truth.of(isNull(t, row));
    }
    if (f instanceof Compare c) {
      Tensor t = scalarNumeric(ds, c.tensor(), c);
      return numeric(t, compare(t, c.op(), c.value(), c));
    }
    if (f instanceof In in) {
      Tensor t = scalarNumeric(ds, in.tensor(), in);
      List<ValueTest> tests = new ArrayList<>();
      for (Literal l : in.values()) {
        tests.add(compare(t, Op.EQ, l, in));
      }
      return numeric(
          t,
          (a, i) -> {
            for (ValueTest vt : tests) {
              if (vt.test(a, i)) {
                return true;
              }
            }
            return false;
          });
    }
    if (f instanceof TextIn ti) {
      Tensor t = tensor(ds, ti.tensor());
      if (t.baseType() != Htype.TEXT || t.isSequence() || t.isLink()) {
        throw unsupported(f, "tensor '" + t.name() + "' is " + t.htype() + ", not text");
      }
      Set<String> values = ti.values();
      return row -> row >= t.length() ? Truth.UNKNOWN : Truth.of(values.contains(t.text(row)));
    }
    if (f instanceof ClassNameIn cn) {
      Tensor t = tensor(ds, cn.tensor());
      if (t.baseType() != Htype.CLASS_LABEL
          || t.isSequence()
          || t.isLink()
          || !t.metadata().isScalar()) {
        throw unsupported(f, "tensor '" + t.name() + "' is not a single-label class_label tensor");
      }
      List<String> names = t.classNames();
      Set<Long> wanted = new HashSet<>();
      for (int i = 0; i < names.size(); i++) {
        if (cn.names().contains(names.get(i))) {
          wanted.add((long) i);
        }
      }
      long size = names.size();
      return row -> {
        if (isNull(t, row)) {
          return Truth.UNKNOWN;
        }
        long idx = t.numpy(row).getLong(0);
        return idx < 0 || idx >= size ? Truth.UNKNOWN : Truth.of(wanted.contains(idx));
      };
    }
    throw unsupported(f, "unknown filter");
  }

  /**
   * Checks that {@code f} binds to {@code ds} without evaluating it.
   *
   * @throws UnsupportedFilterException as {@link #bind} does
   */
  public static void check(Dataset ds, RowFilter f) {
    bind(ds, f);
  }

  /** Tensor names {@code f} reads, in first-use order. */
  public static Set<String> tensors(RowFilter f) {
    Set<String> out = new LinkedHashSet<>();
    collect(f, out);
    return out;
  }

  private static void collect(RowFilter f, Set<String> out) {
    if (f instanceof And a) {
      collect(a.left(), out);
      collect(a.right(), out);
    } else if (f instanceof Or o) {
      collect(o.left(), out);
      collect(o.right(), out);
    } else if (f instanceof Not n) {
      collect(n.child(), out);
    } else if (f instanceof Compare c) {
      out.add(c.tensor());
    } else if (f instanceof In i) {
      out.add(i.tensor());
    } else if (f instanceof TextIn t) {
      out.add(t.tensor());
    } else if (f instanceof ClassNameIn c) {
      out.add(c.tensor());
    } else if (f instanceof IsNull n) {
      out.add(n.tensor());
    }
  }

  /**
   * Whether {@code f} only tests the row index (and constants): then {@link #rowRanges} is exact,
   * and reading exactly those rows applies the filter completely.
   */
  public static boolean isRowIndexOnly(RowFilter f) {
    if (f instanceof And a) {
      return isRowIndexOnly(a.left()) && isRowIndexOnly(a.right());
    }
    if (f instanceof Or o) {
      return isRowIndexOnly(o.left()) && isRowIndexOnly(o.right());
    }
    if (f instanceof Not n) {
      return isRowIndexOnly(n.child());
    }
    return f instanceof RowIndex || f instanceof RowIndexIn || f instanceof Constant;
  }

  /**
   * The rows of {@code [0, rowCount)} that {@code f} can match: exactly those for a row-index-only
   * filter ({@link #isRowIndexOnly}), a superset otherwise.
   */
  public static RowRanges rowRanges(RowFilter f, long rowCount) {
    RowRanges all = RowRanges.of(0, rowCount);
    if (f instanceof And a) {
      return rowRanges(a.left(), rowCount).intersect(rowRanges(a.right(), rowCount));
    }
    if (f instanceof Or o) {
      return rowRanges(o.left(), rowCount).union(rowRanges(o.right(), rowCount));
    }
    if (f instanceof Not n) {
      // Only an exact set has a sound complement (unknown rows match neither side).
      return isRowIndexOnly(n.child()) ? rowRanges(n.child(), rowCount).complement(rowCount) : all;
    }
    if (f instanceof Constant c) {
      return c.value() ? all : RowRanges.empty();
    }
    if (f instanceof RowIndex ri) {
      long v = ri.value();
      return switch (ri.op()) {
        case EQ -> all.intersect(RowRanges.of(v, v + 1));
        case NE -> all.intersect(RowRanges.of(v, v + 1).complement(rowCount));
        case LT -> RowRanges.of(0, Math.min(v, rowCount));
        case LE -> RowRanges.of(0, Math.min(v == Long.MAX_VALUE ? v : v + 1, rowCount));
        case GT ->
            v == Long.MAX_VALUE ? RowRanges.empty() : RowRanges.of(Math.max(0, v + 1), rowCount);
        case GE -> RowRanges.of(Math.max(0, v), rowCount);
      };
    }
    if (f instanceof RowIndexIn in) {
      return all.intersect(RowRanges.ofRows(in.values()));
    }
    return all;
  }

  // ------------------------------------------------------------------------------ binding

  /** A test of element {@code i} of an array of samples. */
  @FunctionalInterface
  private interface ValueTest {
    boolean test(NdArray a, int i);
  }

  private static BoundRowFilter combine(BoundRowFilter l, BoundRowFilter r, boolean and) {
    return new BoundRowFilter() {
      @Override
      public Truth test(long row) {
        Truth x = l.test(row);
        if (and) {
          return x == Truth.FALSE ? x : x.and(r.test(row));
        }
        return x == Truth.TRUE ? x : x.or(r.test(row));
      }

      @Override
      public void testRange(long start, int n, Truth[] out) {
        l.testRange(start, n, out);
        Truth[] right = new Truth[n];
        r.testRange(start, n, right);
        for (int i = 0; i < n; i++) {
          out[i] = and ? out[i].and(right[i]) : out[i].or(right[i]);
        }
      }
    };
  }

  /**
   * A test on a scalar numeric tensor (exactly one element per sample): row by row, or in bulk from
   * {@link Tensor#readRange}; rows past the tensor's end are unknown.
   */
  private static BoundRowFilter numeric(Tensor t, ValueTest test) {
    return new BoundRowFilter() {
      @Override
      public Truth test(long row) {
        if (row >= t.length()) {
          return Truth.UNKNOWN;
        }
        NdArray a = t.numpy(row);
        return a.size() == 0 ? Truth.UNKNOWN : Truth.of(test.test(a, 0));
      }

      @Override
      public void testRange(long start, int n, Truth[] out) {
        int k = (int) Math.max(0, Math.min(n, t.length() - start));
        if (k > 0) {
          Dtype d = t.dtype();
          ByteBuffer b = ByteBuffer.allocate(k * d.itemSize());
          if (t.readRange(start, start + k, b) != b.capacity()) {
            BoundRowFilter.super.testRange(start, n, out); // not one element per row after all
            return;
          }
          b.flip();
          NdArray a = new NdArray(d, new long[] {k}, b);
          for (int i = 0; i < k; i++) {
            out[i] = Truth.of(test.test(a, i));
          }
        }
        for (int i = Math.max(k, 0); i < n; i++) {
          out[i] = Truth.UNKNOWN;
        }
      }
    };
  }

  private static Tensor tensor(Dataset ds, String name) {
    if (!ds.hasTensor(name)) {
      throw new UnsupportedFilterException(
          "no tensor '" + name + "' in " + ds.path() + " at " + ds.nodeId());
    }
    return ds.tensor(name);
  }

  private static Tensor scalarNumeric(Dataset ds, String name, RowFilter f) {
    Tensor t = tensor(ds, name);
    if (t.isSequence() || t.isLink() || t.dtype() == null || !t.metadata().isScalar()) {
      throw unsupported(
          f, "tensor '" + name + "' (" + t.htype() + ", " + t.meta().dtype() + ") is not scalar");
    }
    if (t.baseType().isFile()) {
      throw unsupported(f, "tensor '" + name + "' holds " + t.htype() + " samples");
    }
    return t;
  }

  private static ValueTest compare(Tensor t, Op op, Literal lit, RowFilter f) {
    Dtype d = t.dtype();
    switch (d) {
      case BOOL:
        if (lit instanceof BoolLiteral b) {
          return (a, i) -> op.test(Boolean.compare(a.getBoolean(i), b.value()));
        }
        break;
      case INT8:
      case INT16:
      case INT32:
      case INT64:
      case UINT8:
      case UINT16:
      case UINT32:
        if (lit instanceof IntLiteral i) {
          return (a, k) -> op.test(Long.compare(a.getLong(k), i.value()));
        }
        break;
      case FLOAT16:
      case FLOAT32:
        if (lit instanceof FloatLiteral fl) {
          return (a, i) -> op.test(sqlCompare(floatOf(a, i), fl.value()));
        }
        if (lit instanceof DoubleLiteral dl) {
          return (a, i) -> op.test(sqlCompare((double) floatOf(a, i), dl.value()));
        }
        break;
      case FLOAT64:
        if (lit instanceof DoubleLiteral dl) {
          return (a, i) -> op.test(sqlCompare(a.getDouble(i), dl.value()));
        }
        if (lit instanceof FloatLiteral fl) {
          return (a, i) -> op.test(sqlCompare(a.getDouble(i), (double) fl.value()));
        }
        break;
      default:
        break;
    }
    throw unsupported(
        f,
        "a "
            + lit.getClass().getSimpleName()
            + " cannot be compared with "
            + d.numpyName()
            + " tensor '"
            + t.name()
            + "'");
  }

  private static float floatOf(NdArray a, int i) {
    return a.dtype() == Dtype.FLOAT16
        ? Bits.halfToFloat(a.buffer().getShort(2 * i))
        : a.buffer().getFloat(4 * i);
  }

  /** SQL ordering of floats: -0.0 equals 0.0, NaN equals NaN and is above everything else. */
  static int sqlCompare(float x, float y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    boolean xn = Float.isNaN(x);
    boolean yn = Float.isNaN(y);
    return xn && yn ? 0 : xn ? 1 : -1;
  }

  /** SQL ordering of doubles, as {@link #sqlCompare(float, float)}. */
  static int sqlCompare(double x, double y) {
    if (x < y) {
      return -1;
    }
    if (x > y) {
      return 1;
    }
    if (x == y) {
      return 0;
    }
    boolean xn = Double.isNaN(x);
    boolean yn = Double.isNaN(y);
    return xn && yn ? 0 : xn ? 1 : -1;
  }

  private static UnsupportedFilterException unsupported(RowFilter f, String why) {
    return new UnsupportedFilterException("cannot evaluate filter " + f + ": " + why);
  }
}
