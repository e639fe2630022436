package org.deeplake4j.engine.internal.tql;

import java.util.Arrays;
import java.util.List;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.tql.TqlSemanticException;
import org.deeplake4j.engine.types.Dtype;

/**
 * Column-at-a-time evaluation of a bound expression over a {@link Batch}. Scalar numeric tensors,
 * numeric constants, arithmetic, comparisons, BETWEEN, IN, the logical connectives, RANDOM and the
 * vector functions over fixed-size float tensors run as loops over primitive arrays; any other
 * sub-expression is evaluated row at a time ({@link RowEval}) for the rows still active. Each node
 * owns its output buffer, reused across batches. Results follow {@link Ops} exactly.
 */
abstract class VNode {
  /** Output kinds. */
  enum K {
    LONG,
    DOUBLE,
    BOOL,
    VAL
  }

  final K kind;
  long[] l;
  double[] d;
  boolean[] z;
  Val[] v;

  VNode(K kind, int capacity) {
    this.kind = kind;
    switch (kind) {
      case LONG -> l = new long[capacity];
      case DOUBLE -> d = new double[capacity];
      case BOOL -> z = new boolean[capacity];
      case VAL -> v = new Val[capacity];
    }
  }

  /**
   * Evaluates rows {@code 0..b.n} of the batch; rows with {@code active[i] == false} may be skipped
   * (their outputs are then unspecified). {@code active == null} means all rows.
   */
  abstract void eval(Batch b, boolean[] active);

  boolean isNumeric() {
    return kind == K.LONG || kind == K.DOUBLE || kind == K.BOOL;
  }

  // ------------------------------------------------------------------ compile

  /** Compiles {@code n} for batches of {@code cap} rows. */
  static VNode compile(Node n, RowEval re, int cap) {
    return compile(n, re, cap, new java.util.IdentityHashMap<>());
  }

  /** Compiles sharing one {@link ColNum} per tensor across {@code cols}. */
  static VNode compile(Node n, RowEval re, int cap, java.util.Map<TensorCol, ColNum> cols) {
    if (n instanceof Node.Const c && c.value() instanceof Arr a && a.size() == 1) {
      return a.isInt() ? new ConstL(a.l[0], cap) : new ConstD(a.d[0], cap);
    }
    if (n instanceof Node.Col c && c.col().isBulkScalar()) {
      return cols.computeIfAbsent(c.col(), tc -> new ColNum(tc, cap));
    }
    if (n instanceof Node.Not x) {
      return new Not(truth(compile(x.e(), re, cap, cols), "NOT", cap), cap);
    }
    if (n instanceof Node.Bin b && (b.op() == BinaryOp.AND || b.op() == BinaryOp.OR)) {
      String w = b.op().name();
      return new Logic(
          b.op() == BinaryOp.AND,
          truth(compile(b.l(), re, cap, cols), w, cap),
          truth(compile(b.r(), re, cap, cols), w, cap),
          cap);
    }
    if (n instanceof Node.Neg x) {
      VNode c = compile(x.e(), re, cap, cols);
      if (c.isNumeric()) {
        return new Neg(c, cap);
      }
    }
    if (n instanceof Node.Bin b) {
      VNode l = compile(b.l(), re, cap, cols);
      VNode r = compile(b.r(), re, cap, cols);
      if (l.isNumeric() && r.isNumeric()) {
        return b.op().isComparison() ? new Cmp(b.op(), l, r, cap) : new Arith(b.op(), l, r, cap);
      }
    }
    if (n instanceof Node.Between b) {
      VNode v = compile(b.v(), re, cap, cols);
      VNode lo = compile(b.lo(), re, cap, cols);
      VNode hi = compile(b.hi(), re, cap, cols);
      if (v.isNumeric() && lo.isNumeric() && hi.isNumeric()) {
        return new Between(v, lo, hi, b.negated(), cap);
      }
    }
    if (n instanceof Node.In in && in.items().stream().allMatch(VNode::isScalarConst)) {
      VNode v = compile(in.v(), re, cap, cols);
      if (v.isNumeric()) {
        return new In(v, in.items(), in.negated(), cap);
      }
    }
    if (n instanceof Node.Call c) {
      if (c.fn() == Fn.RANDOM) {
        return new Random(re, cap);
      }
      VNode s = ScoreNode.of(c, cap);
      if (s != null) {
        return s;
      }
    }
    return new Row(n, re, cap);
  }

  private static boolean isScalarConst(Node n) {
    return n instanceof Node.Const c && c.value() instanceof Arr a && a.size() == 1;
  }

  /** A node producing truth values (WHERE semantics) from {@code c}. */
  static VNode truth(VNode c, String clause, int cap) {
    return c.kind == K.BOOL ? c : new Truth(c, clause, cap);
  }

  // ------------------------------------------------------------------ leaves

  static final class ConstL extends VNode {
    ConstL(long value, int cap) {
      super(K.LONG, cap);
      Arrays.fill(l, value);
    }

    @Override
    void eval(Batch b, boolean[] active) {}
  }

  static final class ConstD extends VNode {
    ConstD(double value, int cap) {
      super(K.DOUBLE, cap);
      Arrays.fill(d, value);
    }

    @Override
    void eval(Batch b, boolean[] active) {}
  }

  /**
   * A scalar tensor read in bulk from its chunks; decoded once per batch however often the query
   * names it.
   */
  static final class ColNum extends VNode {
    private final TensorCol col;
    private long seen = -1;

    ColNum(TensorCol col, int cap) {
      super(col.isIntegral() ? K.LONG : K.DOUBLE, cap);
      this.col = col;
    }

    /** Whether {@link #ints} applies (an int32 tensor). */
    boolean isInt32() {
      return col.dtype == Dtype.INT32;
    }

    private int[] ints;
    private long seenInts = -1;

    /** The batch's values as ints (int32 tensors), decoded once per batch. */
    int[] ints(Batch b) {
      if (ints == null) {
        ints = new int[l.length];
      }
      if (b.seq != seenInts) {
        seenInts = b.seq;
        col.readInts(b.rows, b.n, ints);
      }
      return ints;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      if (b.seq == seen) {
        return;
      }
      seen = b.seq;
      if (kind == K.LONG) {
        col.readLongs(b.rows, b.n, l);
      } else {
        col.readDoubles(b.rows, b.n, d);
      }
    }
  }

  static final class Random extends VNode {
    private final RowEval re;

    Random(RowEval re, int cap) {
      super(K.DOUBLE, cap);
      this.re = re;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      for (int i = 0; i < b.n; i++) {
        if (active == null || active[i]) {
          d[i] = re.nextRandom();
        }
      }
    }
  }

  /** Any expression, row at a time. */
  static final class Row extends VNode {
    private final Node node;
    private final RowEval re;

    Row(Node node, RowEval re, int cap) {
      super(K.VAL, cap);
      this.node = node;
      this.re = re;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      for (int i = 0; i < b.n; i++) {
        if (active == null || active[i]) {
          try {
            v[i] = re.eval(node, b.rows[i]);
          } catch (TqlSemanticException e) {
            throw e.atRow(b.rows[i]);
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ logic

  static final class Truth extends VNode {
    private final VNode c;
    private final String clause;

    Truth(VNode c, String clause, int cap) {
      super(K.BOOL, cap);
      this.c = c;
      this.clause = clause;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      c.eval(b, active);
      int n = b.n;
      switch (c.kind) {
        case LONG -> {
          long[] x = c.l;
          for (int i = 0; i < n; i++) {
            z[i] = x[i] != 0;
          }
        }
        case DOUBLE -> {
          double[] x = c.d;
          for (int i = 0; i < n; i++) {
            z[i] = x[i] != 0;
          }
        }
        case BOOL -> System.arraycopy(c.z, 0, z, 0, n);
        case VAL -> {
          for (int i = 0; i < n; i++) {
            if (active == null || active[i]) {
              try {
                z[i] = Ops.truth(c.v[i], clause);
              } catch (TqlSemanticException e) {
                throw e.atRow(b.rows[i]);
              }
            } else {
              z[i] = false;
            }
          }
        }
      }
    }
  }

  static final class Not extends VNode {
    private final VNode c;

    Not(VNode c, int cap) {
      super(K.BOOL, cap);
      this.c = c;
    }

    @Override
    void eval(Batch b, boolean[] active) {
      c.eval(b, active);
      boolean[] x = c.z;
      for (int i = 0; i < b.n; i++) {
        z[i] = !x[i];
      }
    }
  }

  /** AND / OR with short-circuit: the right side only sees rows the left does not decide. */
  static final class Logic extends VNode {
    private final boolean and;
    private final VNode a;
    private final VNode c;
    private final boolean[] mask;

    Logic(boolean and, VNode a, VNode c, int cap) {
      super(K.BOOL, cap);
      this.and = and;
      this.a = a;
      this.c = c;
      this.mask = new boolean[cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      a.eval(b, active);
      int n = b.n;
      boolean[] x = a.z;
      for (int i = 0; i < n; i++) {
        boolean undecided = and ? x[i] : !x[i];
        mask[i] = undecided && (active == null || active[i]);
      }
      c.eval(b, mask);
      boolean[] y = c.z;
      if (and) {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] & mask[i] & y[i];
        }
      } else {
        for (int i = 0; i < n; i++) {
          z[i] = x[i] | (mask[i] & y[i]);
        }
      }
    }
  }

  // ------------------------------------------------------------------ arithmetic, comparison

  /** The numeric output of {@code c} as longs (bools as 0/1). */
  static long[] longs(VNode c, long[] scratch, int n) {
    if (c.kind == K.LONG) {
      return c.l;
    }
    boolean[] x = c.z;
    for (int i = 0; i < n; i++) {
      scratch[i] = x[i] ? 1 : 0;
    }
    return scratch;
  }

  /** The numeric output of {@code c} as doubles. */
  static double[] doubles(VNode c, double[] scratch, int n) {
    switch (c.kind) {
      case DOUBLE -> {
        return c.d;
      }
      case LONG -> {
        long[] x = c.l;
        for (int i = 0; i < n; i++) {
          scratch[i] = x[i];
        }
      }
      default -> {
        boolean[] x = c.z;
        for (int i = 0; i < n; i++) {
          scratch[i] = x[i] ? 1 : 0;
        }
      }
    }
    return scratch;
  }

  /** The value of an integer constant node that fits in an int, else null. */
  static Integer int32Const(VNode c) {
    if (c instanceof ConstL k && k.l[0] == (int) k.l[0]) {
      return (int) k.l[0];
    }
    return null;
  }

  private static boolean integral(VNode c) {
    return c.kind == K.LONG || c.kind == K.BOOL;
  }

  static final class Neg extends VNode {
    private final VNode c;
    private final long[] sl;

    Neg(VNode c, int cap) {
      super(c.kind == K.DOUBLE ? K.DOUBLE : K.LONG, cap);
      this.c = c;
      this.sl = new long[cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      c.eval(b, active);
      int n = b.n;
      if (kind == K.DOUBLE) {
        for (int i = 0; i < n; i++) {
          d[i] = -c.d[i];
        }
      } else {
        long[] x = longs(c, sl, n);
        for (int i = 0; i < n; i++) {
          l[i] = -x[i];
        }
      }
    }
  }

  static final class Arith extends VNode {
    private final BinaryOp op;
    private final VNode a;
    private final VNode c;
    private final long[] la;
    private final long[] lc;
    private final double[] da;
    private final double[] dc;

    Arith(BinaryOp op, VNode a, VNode c, int cap) {
      super(integral(a) && integral(c) && op != BinaryOp.DIV ? K.LONG : K.DOUBLE, cap);
      this.op = op;
      this.a = a;
      this.c = c;
      la = new long[cap];
      lc = new long[cap];
      da = new double[cap];
      dc = new double[cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      a.eval(b, active);
      c.eval(b, active);
      int n = b.n;
      if (kind == K.LONG) {
        long[] x = longs(a, la, n);
        long[] y = longs(c, lc, n);
        switch (op) {
          case ADD -> {
            for (int i = 0; i < n; i++) {
              l[i] = x[i] + y[i];
            }
          }
          case SUB -> {
            for (int i = 0; i < n; i++) {
              l[i] = x[i] - y[i];
            }
          }
          case MUL -> {
            for (int i = 0; i < n; i++) {
              l[i] = x[i] * y[i];
            }
          }
          default -> {
            for (int i = 0; i < n; i++) {
              l[i] = Ops.mod(x[i], y[i]);
            }
          }
        }
      } else {
        double[] x = doubles(a, da, n);
        double[] y = doubles(c, dc, n);
        switch (op) {
          case ADD -> {
            for (int i = 0; i < n; i++) {
              d[i] = x[i] + y[i];
            }
          }
          case SUB -> {
            for (int i = 0; i < n; i++) {
              d[i] = x[i] - y[i];
            }
          }
          case MUL -> {
            for (int i = 0; i < n; i++) {
              d[i] = x[i] * y[i];
            }
          }
          case DIV -> {
            for (int i = 0; i < n; i++) {
              d[i] = x[i] / y[i];
            }
          }
          default -> {
            for (int i = 0; i < n; i++) {
              d[i] = Ops.mod(x[i], y[i]);
            }
          }
        }
      }
    }
  }

  static final class Cmp extends VNode {
    private final BinaryOp op;
    private final VNode a;
    private final VNode c;
    private final long[] la;
    private final long[] lc;
    private final double[] da;
    private final double[] dc;

    Cmp(BinaryOp op, VNode a, VNode c, int cap) {
      super(K.BOOL, cap);
      this.op = op;
      this.a = a;
      this.c = c;
      la = new long[cap];
      lc = new long[cap];
      da = new double[cap];
      dc = new double[cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      Integer k = int32Const(c);
      if (a instanceof ColNum col && col.isInt32() && k != null) {
        compare(op, col.ints(b), k, z, b.n);
        return;
      }
      k = int32Const(a);
      if (c instanceof ColNum col && col.isInt32() && k != null) {
        compare(mirror(op), col.ints(b), k, z, b.n);
        return;
      }
      a.eval(b, active);
      c.eval(b, active);
      int n = b.n;
      if (integral(a) && integral(c)) {
        compare(op, longs(a, la, n), longs(c, lc, n), z, n);
      } else {
        compare(op, doubles(a, da, n), doubles(c, dc, n), z, n);
      }
    }

    static BinaryOp mirror(BinaryOp op) {
      return switch (op) {
        case LT -> BinaryOp.GT;
        case LE -> BinaryOp.GE;
        case GT -> BinaryOp.LT;
        case GE -> BinaryOp.LE;
        default -> op;
      };
    }

    /** {@code x[i] op k} for int32 values against an int constant, one pass, no widening. */
    static void compare(BinaryOp op, int[] x, int k, boolean[] z, int n) {
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

    static void compare(BinaryOp op, long[] x, long[] y, boolean[] z, int n) {
      switch (op) {
        case EQ -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] == y[i];
          }
        }
        case NE -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] != y[i];
          }
        }
        case LT -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] < y[i];
          }
        }
        case LE -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] <= y[i];
          }
        }
        case GT -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] > y[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] >= y[i];
          }
        }
      }
    }

    static void compare(BinaryOp op, double[] x, double[] y, boolean[] z, int n) {
      switch (op) {
        case EQ -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] == y[i];
          }
        }
        case NE -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] != y[i];
          }
        }
        case LT -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] < y[i];
          }
        }
        case LE -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] <= y[i];
          }
        }
        case GT -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] > y[i];
          }
        }
        default -> {
          for (int i = 0; i < n; i++) {
            z[i] = x[i] >= y[i];
          }
        }
      }
    }
  }

  /** {@code v [NOT] BETWEEN lo AND hi}, evaluating each operand once. */
  static final class Between extends VNode {
    private final VNode v;
    private final VNode lo;
    private final VNode hi;
    private final boolean negated;
    private final boolean[] ge;
    private final boolean[] le;
    private final long[][] ls;
    private final double[][] ds;

    Between(VNode v, VNode lo, VNode hi, boolean negated, int cap) {
      super(K.BOOL, cap);
      this.v = v;
      this.lo = lo;
      this.hi = hi;
      this.negated = negated;
      ge = new boolean[cap];
      le = new boolean[cap];
      ls = new long[3][cap];
      ds = new double[3][cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      Integer klo = int32Const(lo);
      Integer khi = int32Const(hi);
      if (v instanceof ColNum col && col.isInt32() && klo != null && khi != null) {
        int[] x = col.ints(b);
        int a = klo;
        int c = khi;
        for (int i = 0, n = b.n; i < n; i++) {
          z[i] = ((x[i] >= a) & (x[i] <= c)) != negated;
        }
        return;
      }
      v.eval(b, active);
      lo.eval(b, active);
      hi.eval(b, active);
      int n = b.n;
      if (integral(v) && integral(lo) && integral(hi)) {
        long[] x = longs(v, ls[0], n);
        Cmp.compare(BinaryOp.GE, x, longs(lo, ls[1], n), ge, n);
        Cmp.compare(BinaryOp.LE, x, longs(hi, ls[2], n), le, n);
      } else {
        double[] x = doubles(v, ds[0], n);
        Cmp.compare(BinaryOp.GE, x, doubles(lo, ds[1], n), ge, n);
        Cmp.compare(BinaryOp.LE, x, doubles(hi, ds[2], n), le, n);
      }
      for (int i = 0; i < n; i++) {
        z[i] = (ge[i] & le[i]) != negated;
      }
    }
  }

  static final class In extends VNode {
    private final VNode v;
    private final long[] ls;
    private final double[] ds;
    private final boolean allInt;
    private final boolean negated;
    private final long[] sl;
    private final double[] sd;

    In(VNode v, List<Node> items, boolean negated, int cap) {
      super(K.BOOL, cap);
      this.v = v;
      this.negated = negated;
      ls = new long[items.size()];
      ds = new double[items.size()];
      boolean ints = true;
      for (int k = 0; k < ls.length; k++) {
        Arr a = (Arr) ((Node.Const) items.get(k)).value();
        ints &= a.isInt();
        ls[k] = a.isInt() ? a.l[0] : 0;
        ds[k] = a.dbl(0);
      }
      allInt = ints;
      sl = new long[cap];
      sd = new double[cap];
    }

    @Override
    void eval(Batch b, boolean[] active) {
      v.eval(b, active);
      int n = b.n;
      if (integral(v) && allInt) {
        long[] x = longs(v, sl, n);
        for (int i = 0; i < n; i++) {
          boolean hit = false;
          for (long c : ls) {
            hit |= x[i] == c;
          }
          z[i] = hit != negated;
        }
      } else {
        double[] x = doubles(v, sd, n);
        for (int i = 0; i < n; i++) {
          boolean hit = false;
          for (double c : ds) {
            hit |= x[i] == c;
          }
          z[i] = hit != negated;
        }
      }
    }
  }
}
