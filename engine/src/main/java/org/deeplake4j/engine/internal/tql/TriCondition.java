package org.deeplake4j.engine.internal.tql;

import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * A condition with SQL's three truth values (true, false, unknown), bound to a dataset's tensors
 * and evaluated over row ranges by the query evaluator: {@link VNode}s over {@link Batch}es, scalar
 * tensors read in bulk from their chunks ({@link TensorCol}, {@link VNode.ColNum}). It is how the
 * typed row filters ({@code org.deeplake4j.engine.filter}) are evaluated.
 *
 * <p>How three values fit the two-valued evaluator: a {@link Term} compiles into two boolean
 * conditions, "definitely true" and "definitely false" (unknown is neither); NOT swaps them, AND
 * and OR combine them as {@link VNode.Logic} nodes (true: {@code Ta AND Tb}, false: {@code Fa OR
 * Fb}, and dually). A leaf computes both masks once per batch ({@link Leaf}). Row ranges are split
 * at every tensor's length, so a batch lies wholly before or wholly past the end of each tensor; a
 * leaf on a tensor past its end is unknown ({@code IS NULL} is true there).
 *
 * <p>Leaves: comparisons and IN on scalar numeric tensors (SQL order for floats: NaN equals NaN and
 * is above every other value, -0.0 equals 0.0), in bulk when the tensor's chunks allow it, else row
 * at a time, where an empty sample is unknown; IN on text (row at a time); class names of a scalar
 * class_label tensor (a label outside {@code class_names} is unknown); IS NULL (in bulk for tensors
 * whose metadata rules out empty samples, else row at a time: links, sequences, dynamic shapes);
 * the row index. The caller checks that each leaf fits its tensor (the filter package does).
 *
 * <p>Tensors are bound as of binding. Not thread-safe: the filter package serializes calls.
 */
public final class TriCondition {
  private final VNode isTrue;
  private final VNode isFalse;
  private final long[] bounds;
  private final Batch batch = new Batch(Executor.BATCH);

  private TriCondition(VNode isTrue, VNode isFalse, long[] bounds) {
    this.isTrue = isTrue;
    this.isFalse = isFalse;
    this.bounds = bounds;
  }

  /** Binds {@code term} to the tensors of {@code ds}. */
  public static TriCondition bind(DatasetReader ds, Term term) {
    Ctx c = new Ctx(ds);
    Pair p = term.compile(c);
    return new TriCondition(
        p.t, p.f, c.lengths.stream().mapToLong(Long::longValue).sorted().toArray());
  }

  /**
   * Tests rows {@code [start, start + n)}: row {@code start + i} is true when {@code isTrue[i]},
   * false when {@code isFalse[i]}, else unknown.
   */
  public void test(long start, int n, boolean[] isTrue, boolean[] isFalse) {
    Batch b = batch;
    for (int done = 0; done < n; ) {
      long first = start + done;
      int m = Math.min(Executor.BATCH, n - done);
      for (long len : bounds) {
        if (len > first && len - first < m) {
          m = (int) (len - first); // a batch never straddles a tensor's end
        }
      }
      for (int i = 0; i < m; i++) {
        b.rows[i] = first + i;
      }
      b.n = m;
      b.contiguous = true;
      b.firstPos = 0;
      b.seq++;
      this.isTrue.eval(b, null);
      this.isFalse.eval(b, null);
      System.arraycopy(this.isTrue.z, 0, isTrue, done, m);
      System.arraycopy(this.isFalse.z, 0, isFalse, done, m);
      done += m;
    }
  }

  // ------------------------------------------------------------------ terms

  /** A three-valued condition before binding. Immutable. */
  public abstract static class Term {
    private Term() {}

    abstract Pair compile(Ctx c);
  }

  /** Always true or always false. */
  public static Term constant(boolean value) {
    return new Term() {
      @Override
      Pair compile(Ctx c) {
        Leaf k =
            new Leaf(Long.MAX_VALUE) {
              @Override
              void compute(Batch b, int n) {}
            };
        Arrays.fill(value ? k.t : k.f, true);
        return k.pair();
      }
    };
  }

  /** Both hold. */
  public static Term and(Term l, Term r) {
    return logic(l, r, true);
  }

  /** Either holds. */
  public static Term or(Term l, Term r) {
    return logic(l, r, false);
  }

  private static Term logic(Term l, Term r, boolean and) {
    return new Term() {
      @Override
      Pair compile(Ctx c) {
        Pair a = l.compile(c);
        Pair d = r.compile(c);
        int cap = Executor.BATCH;
        return new Pair(new VNode.Logic(and, a.t, d.t, cap), new VNode.Logic(!and, a.f, d.f, cap));
      }
    };
  }

  /** Negation: true and false swap, unknown stays unknown. */
  public static Term not(Term x) {
    return new Term() {
      @Override
      Pair compile(Ctx c) {
        Pair p = x.compile(c);
        return new Pair(p.f, p.t);
      }
    };
  }

  /** {@code row_index op value}. */
  public static Term rowIndex(BinaryOp op, long value) {
    return leaf(
        c ->
            new Leaf(Long.MAX_VALUE) {
              @Override
              void compute(Batch b, int n) {
                compareConst(op, b.rows, value, t, n);
                negate(t, f, n);
              }
            });
  }

  /** {@code row_index IN (rows)}. */
  public static Term rowIndexIn(long[] rows) {
    long[] sorted = rows.clone();
    Arrays.sort(sorted);
    return leaf(
        c ->
            new Leaf(Long.MAX_VALUE) {
              @Override
              void compute(Batch b, int n) {
                for (int i = 0; i < n; i++) {
                  t[i] = Arrays.binarySearch(sorted, b.rows[i]) >= 0;
                }
                negate(t, f, n);
              }
            });
  }

  /**
   * {@code tensor op value} on a scalar numeric tensor: a {@link Long} for integer and bool tensors
   * (bools as 0 and 1), a {@link Double} for floating point ones (SQL order).
   */
  public static Term compare(String tensor, BinaryOp op, Number value) {
    if (!op.isComparison()) {
      throw new IllegalArgumentException("not a comparison: " + op);
    }
    return leaf(c -> new NumLeaf(c, tensor, op, new Number[] {value}));
  }

  /** {@code tensor IN (values)} on a scalar numeric tensor, values as for {@link #compare}. */
  public static Term in(String tensor, List<? extends Number> values) {
    Number[] v = values.toArray(new Number[0]);
    return leaf(c -> new NumLeaf(c, tensor, null, v));
  }

  /** {@code tensor IN (values)} on a text tensor: exact string equality. */
  public static Term textIn(String tensor, Set<String> values) {
    return leaf(
        c -> {
          TensorReader tr = c.ds.tensor(tensor);
          c.lengths.add(tr.length());
          return new Leaf(tr.length()) {
            @Override
            void compute(Batch b, int n) {
              for (int i = 0; i < n; i++) {
                t[i] = values.contains(tr.text(b.rows[i]));
              }
              negate(t, f, n);
            }
          };
        });
  }

  /**
   * The class name of a scalar class_label sample is one of {@code names}; null samples and labels
   * outside the tensor's {@code class_names} are unknown.
   */
  public static Term classNameIn(String tensor, Set<String> names) {
    return leaf(c -> new ClassLeaf(c, tensor, names));
  }

  /**
   * The row is null in {@code tensor}: past its end, an empty numeric or media sample (a dimension
   * of 0), or an empty link; text, JSON and list samples and sequences are never null.
   */
  public static Term isNull(String tensor) {
    return leaf(c -> new NullLeaf(c, tensor));
  }

  private static Term leaf(java.util.function.Function<Ctx, Leaf> make) {
    return new Term() {
      @Override
      Pair compile(Ctx c) {
        return make.apply(c).pair();
      }
    };
  }

  // ------------------------------------------------------------------ binding

  record Pair(VNode t, VNode f) {}

  /** The tensors and their bulk readers shared by the leaves of one condition. */
  static final class Ctx {
    final DatasetReader ds;
    final Set<Long> lengths = new TreeSet<>();
    private final Map<String, TensorCol> cols = new HashMap<>();
    private final Map<TensorCol, VNode.ColNum> nums = new IdentityHashMap<>();

    Ctx(DatasetReader ds) {
      this.ds = ds;
    }

    /**
     * The column of {@code tensor} (its length recorded as a batch bound). Its static type only
     * names it in messages: the leaves are typed by the caller's checks.
     */
    TensorCol col(String tensor) {
      TensorCol col =
          cols.computeIfAbsent(
              tensor, n -> TensorCol.of(n, ds.tensor(n), SType.num(1, 1, true).withSource(n)));
      lengths.add(col.tensor.length());
      return col;
    }

    /** The bulk scalar reader of {@code col}, one per tensor, or null. */
    VNode.ColNum num(TensorCol col) {
      return col.isBulkScalar()
          ? nums.computeIfAbsent(col, x -> new VNode.ColNum(x, Executor.BATCH))
          : null;
    }
  }

  /**
   * A leaf: both masks of one batch computed together, once per batch however many nodes read them.
   * Rows of a batch lie wholly before or wholly past {@code len} (see {@link #test}); past it, both
   * masks are false unless {@link #pastEnd} says otherwise.
   */
  abstract static class Leaf {
    final boolean[] t = new boolean[Executor.BATCH];
    final boolean[] f = new boolean[Executor.BATCH];
    private final long len;
    private long seen = -1;

    Leaf(long len) {
      this.len = len;
    }

    final void eval(Batch b) {
      if (b.seq == seen) {
        return;
      }
      seen = b.seq;
      if (b.rows[0] >= len) {
        pastEnd(b.n);
      } else {
        compute(b, b.n);
      }
    }

    void pastEnd(int n) {
      Arrays.fill(t, 0, n, false);
      Arrays.fill(f, 0, n, false);
    }

    abstract void compute(Batch b, int n);

    Pair pair() {
      return new Pair(new View(this, t), new View(this, f));
    }
  }

  /**
   * One mask of a {@link Leaf} as a node (it ignores {@code active}: the leaf computes all rows).
   */
  static final class View extends VNode {
    private final Leaf leaf;

    View(Leaf leaf, boolean[] mask) {
      super(K.BOOL, 0);
      this.leaf = leaf;
      this.z = mask;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      leaf.eval(b);
    }
  }

  /** A comparison ({@code op != null}) or IN on a scalar numeric tensor. */
  static final class NumLeaf extends Leaf {
    private final TensorReader tr;
    private final VNode.ColNum num;
    private final BinaryOp op;
    private final boolean integral;
    private final long[] ls;
    private final double[] ds;
    private final boolean[] valid;
    private long[] xl;
    private double[] xd;

    NumLeaf(Ctx c, String tensor, BinaryOp op, Number[] values) {
      this(c, c.col(tensor), op, values);
    }

    private NumLeaf(Ctx c, TensorCol col, BinaryOp op, Number[] values) {
      super(col.tensor.length());
      this.tr = col.tensor;
      this.op = op;
      this.integral = col.isIntegral();
      this.num = c.num(col);
      ls = new long[values.length];
      ds = new double[values.length];
      for (int k = 0; k < values.length; k++) {
        if (integral != (values[k] instanceof Long || values[k] instanceof Integer)) {
          throw new IllegalArgumentException(
              values[k] + " does not fit tensor '" + col.name + "' (" + col.dtype + ")");
        }
        ls[k] = values[k].longValue();
        ds[k] = values[k].doubleValue();
      }
      valid = num == null ? new boolean[Executor.BATCH] : null;
      if (num == null) {
        xl = integral ? new long[Executor.BATCH] : null;
        xd = integral ? null : new double[Executor.BATCH];
      }
    }

    @Override
    void compute(Batch b, int n) {
      if (num != null) {
        if (integral && num.isInt32() && intConsts()) {
          int[] x = num.ints(b);
          if (op != null) {
            VNode.Cmp.compare(op, x, (int) ls[0], t, n);
          } else {
            Arrays.fill(t, 0, n, false);
            for (long k : ls) {
              int c = (int) k;
              for (int i = 0; i < n; i++) {
                t[i] |= x[i] == c;
              }
            }
          }
        } else {
          num.eval(b, null);
          test(integral ? num.l : null, integral ? null : num.d, n);
        }
        negate(t, f, n);
        return;
      }
      for (int i = 0; i < n; i++) {
        NdArray a = tr.numpy(b.rows[i]);
        valid[i] = a.size() > 0;
        if (valid[i] && integral) {
          xl[i] = a.getLong(0);
        } else if (valid[i]) {
          xd[i] = a.getDouble(0);
        }
      }
      test(xl, xd, n);
      for (int i = 0; i < n; i++) {
        f[i] = valid[i] & !t[i];
        t[i] &= valid[i];
      }
    }

    private void test(long[] x, double[] y, int n) {
      if (op != null) {
        if (integral) {
          compareConst(op, x, ls[0], t, n);
        } else {
          sqlCompareConst(op, y, ds[0], t, n);
        }
      } else if (integral) {
        Arrays.fill(t, 0, n, false);
        for (long k : ls) {
          for (int i = 0; i < n; i++) {
            t[i] |= x[i] == k;
          }
        }
      } else {
        Arrays.fill(t, 0, n, false);
        for (double k : ds) {
          if (k != k) {
            for (int i = 0; i < n; i++) {
              t[i] |= y[i] != y[i];
            }
          } else {
            for (int i = 0; i < n; i++) {
              t[i] |= y[i] == k;
            }
          }
        }
      }
    }

    /** Whether every constant fits an int (then int32 tensors are tested without widening). */
    private boolean intConsts() {
      for (long k : ls) {
        if (k != (int) k) {
          return false;
        }
      }
      return true;
    }
  }

  /** Class names of a scalar class_label tensor. */
  static final class ClassLeaf extends Leaf {
    private final TensorReader tr;
    private final VNode.ColNum num;
    private final boolean[] wanted;
    private final long[] idx = new long[Executor.BATCH];
    private final boolean[] known = new boolean[Executor.BATCH];

    ClassLeaf(Ctx c, String tensor, Set<String> names) {
      this(c, c.col(tensor), names);
    }

    private ClassLeaf(Ctx c, TensorCol col, Set<String> names) {
      super(col.tensor.length());
      this.tr = col.tensor;
      this.num = col.isIntegral() ? c.num(col) : null;
      List<String> all = col.classNames();
      wanted = new boolean[all.size()];
      for (int i = 0; i < wanted.length; i++) {
        wanted[i] = names.contains(all.get(i));
      }
    }

    @Override
    void compute(Batch b, int n) {
      long[] x;
      if (num != null) {
        num.eval(b, null);
        x = num.l;
        Arrays.fill(known, 0, n, true);
      } else {
        x = idx;
        for (int i = 0; i < n; i++) {
          long row = b.rows[i];
          known[i] = !isNullAt(tr, row);
          x[i] = known[i] ? tr.numpy(row).getLong(0) : -1;
        }
      }
      long size = wanted.length;
      for (int i = 0; i < n; i++) {
        long k = x[i];
        boolean in = known[i] && k >= 0 && k < size;
        boolean w = in && wanted[(int) k];
        t[i] = w;
        f[i] = in && !w;
      }
    }
  }

  /** IS NULL. */
  static final class NullLeaf extends Leaf {
    private final TensorReader tr;
    private final boolean neverNull;

    NullLeaf(Ctx c, String tensor) {
      this(c, c.ds.tensor(tensor));
    }

    private NullLeaf(Ctx c, TensorReader tr) {
      super(tr.length());
      c.lengths.add(tr.length());
      this.tr = tr;
      this.neverNull = neverNull(tr);
    }

    /** Whether no sample of {@code tr} can be null: text-like, sequences, no empty shapes. */
    private static boolean neverNull(TensorReader tr) {
      if (tr.isSequence() || Htype.ofStored(tr.baseHtype()).isTextLike()) {
        return true;
      }
      if (tr.isLink() || tr.dtype() == null) {
        return false;
      }
      TensorMeta m = tr.meta();
      long[] min = m.minShape();
      if (min.length == 0 || min.length != m.maxShape().length) {
        return false;
      }
      for (long d : min) {
        if (d <= 0) {
          return false;
        }
      }
      return true;
    }

    @Override
    void pastEnd(int n) {
      Arrays.fill(t, 0, n, true);
      Arrays.fill(f, 0, n, false);
    }

    @Override
    void compute(Batch b, int n) {
      if (neverNull) {
        Arrays.fill(t, 0, n, false);
      } else {
        for (int i = 0; i < n; i++) {
          t[i] = isNullAt(tr, b.rows[i]);
        }
      }
      negate(t, f, n);
    }
  }

  /**
   * Whether row {@code row} of {@code t} is null (the null rule of the filter package): beyond the
   * tensor's length, an empty numeric or media sample, or an empty link.
   */
  static boolean isNullAt(TensorReader t, long row) {
    if (row >= t.length()) {
      return true;
    }
    if (t.isSequence() || Htype.ofStored(t.baseHtype()).isTextLike()) {
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

  // ------------------------------------------------------------------ kernels

  private static void negate(boolean[] t, boolean[] f, int n) {
    for (int i = 0; i < n; i++) {
      f[i] = !t[i];
    }
  }

  /** {@code x[i] op k} for integers. */
  static void compareConst(BinaryOp op, long[] x, long k, boolean[] z, int n) {
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] == k;
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] != k;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] < k;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] <= k;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] > k;
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] >= k;
        }
      }
    }
  }

  /**
   * {@code x[i] op k} in SQL's order of floating point values: NaN equals NaN and is above every
   * other value; -0.0 equals 0.0 (as IEEE comparison has it).
   */
  static void sqlCompareConst(BinaryOp op, double[] x, double k, boolean[] z, int n) {
    if (k != k) {
      for (int i = 0; i < n; i++) {
        boolean nan = x[i] != x[i];
        z[i] =
            switch (op) {
              case EQ, GE -> nan;
              case NE, LT -> !nan;
              case LE -> true;
              default -> false;
            };
      }
      return;
    }
    switch (op) {
      case EQ -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] == k;
        }
      }
      case NE -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] != k;
        }
      }
      case LT -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] < k;
        }
      }
      case LE -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] <= k;
        }
      }
      case GT -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] > k | x[i] != x[i];
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] >= k | x[i] != x[i];
        }
      }
    }
  }
}
