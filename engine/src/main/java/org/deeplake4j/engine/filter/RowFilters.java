package org.deeplake4j.engine.filter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.ReadView;
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
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.tql.TriCondition;
import org.deeplake4j.engine.internal.tql.TriCondition.Term;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

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
   * are never null. The evaluator's IS NULL applies the same rule to the tensor's reader.
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
   * Binds {@code f} to the tensors of {@code ds} (as of this call). The filter is compiled into a
   * condition of TQL's evaluator ({@link TriCondition}: vectorized, scalar tensors read in bulk
   * from their chunks); every node kind of {@link RowFilter} is evaluated there. The result is
   * thread-safe (calls are serialized) and keeps the chunk it last read in bulk between calls.
   *
   * @throws UnsupportedFilterException if a tensor is missing or does not fit its comparison
   */
  public static BoundRowFilter bind(Dataset ds, RowFilter f) {
    return new Bound(TriCondition.bind(new ReadView(ds), term(ds, f)));
  }

  /** {@code f} as a term of the evaluator, checked against the tensors of {@code ds}. */
  private static Term term(Dataset ds, RowFilter f) {
    if (f instanceof And a) {
      Term l = term(ds, a.left());
      return TriCondition.and(l, term(ds, a.right()));
    }
    if (f instanceof Or o) {
      Term l = term(ds, o.left());
      return TriCondition.or(l, term(ds, o.right()));
    }
    if (f instanceof Not n) {
      return TriCondition.not(term(ds, n.child()));
    }
    if (f instanceof Constant c) {
      return TriCondition.constant(c.value());
    }
    if (f instanceof RowIndex ri) {
      return TriCondition.rowIndex(op(ri.op()), ri.value());
    }
    if (f instanceof RowIndexIn in) {
      return TriCondition.rowIndexIn(in.values().stream().mapToLong(Long::longValue).toArray());
    }
    if (f instanceof IsNull n) {
      tensor(ds, n.tensor());
      return TriCondition.isNull(n.tensor());
    }
    if (f instanceof Compare c) {
      Tensor t = scalarNumeric(ds, c.tensor(), c);
      return TriCondition.compare(c.tensor(), op(c.op()), number(t, c.value(), c));
    }
    if (f instanceof In in) {
      Tensor t = scalarNumeric(ds, in.tensor(), in);
      List<Number> values = new ArrayList<>();
      for (Literal l : in.values()) {
        values.add(number(t, l, in));
      }
      return TriCondition.in(in.tensor(), values);
    }
    if (f instanceof TextIn ti) {
      Tensor t = tensor(ds, ti.tensor());
      if (t.baseType() != Htype.TEXT || t.isSequence() || t.isLink()) {
        throw unsupported(f, "tensor '" + t.name() + "' is " + t.htype() + ", not text");
      }
      return TriCondition.textIn(ti.tensor(), ti.values());
    }
    if (f instanceof ClassNameIn cn) {
      Tensor t = tensor(ds, cn.tensor());
      if (t.baseType() != Htype.CLASS_LABEL
          || t.isSequence()
          || t.isLink()
          || !t.metadata().isScalar()) {
        throw unsupported(f, "tensor '" + t.name() + "' is not a single-label class_label tensor");
      }
      return TriCondition.classNameIn(cn.tensor(), cn.names());
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

  private static BinaryOp op(Op op) {
    return switch (op) {
      case EQ -> BinaryOp.EQ;
      case NE -> BinaryOp.NE;
      case LT -> BinaryOp.LT;
      case LE -> BinaryOp.LE;
      case GT -> BinaryOp.GT;
      case GE -> BinaryOp.GE;
    };
  }

  /** A {@link TriCondition} as a {@link BoundRowFilter}: calls serialized, truths mapped. */
  private static final class Bound implements BoundRowFilter {
    private final TriCondition c;
    private boolean[] isTrue = new boolean[1];
    private boolean[] isFalse = new boolean[1];

    Bound(TriCondition c) {
      this.c = c;
    }

    @Override
    public synchronized Truth test(long row) {
      c.test(row, 1, isTrue, isFalse);
      return truth(0);
    }

    @Override
    public synchronized void testRange(long start, int n, Truth[] out) {
      if (isTrue.length < n) {
        isTrue = new boolean[n];
        isFalse = new boolean[n];
      }
      c.test(start, n, isTrue, isFalse);
      for (int i = 0; i < n; i++) {
        out[i] = truth(i);
      }
    }

    private Truth truth(int i) {
      return isTrue[i] ? Truth.TRUE : isFalse[i] ? Truth.FALSE : Truth.UNKNOWN;
    }
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

  /**
   * {@code lit} as the evaluator compares it with the samples of {@code t}: a {@link Long} for
   * integer and bool tensors, a {@link Double} for floating point ones (float32 literals widened,
   * which keeps their order).
   */
  private static Number number(Tensor t, Literal lit, RowFilter f) {
    Dtype d = t.dtype();
    switch (d) {
      case BOOL:
        if (lit instanceof BoolLiteral b) {
          return b.value() ? 1L : 0L;
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
          return i.value();
        }
        break;
      case FLOAT16:
      case FLOAT32:
      case FLOAT64:
        if (lit instanceof FloatLiteral fl) {
          return (double) fl.value();
        }
        if (lit instanceof DoubleLiteral dl) {
          return dl.value();
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

  /**
   * SQL ordering of floats: -0.0 equals 0.0, NaN equals NaN and is above everything else. The order
   * the evaluator's comparisons follow ({@link TriCondition}); kept as the reference its tests
   * check against.
   */
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
