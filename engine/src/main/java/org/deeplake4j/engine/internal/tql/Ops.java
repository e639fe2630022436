package org.deeplake4j.engine.internal.tql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Json;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.tql.TqlSemanticException;

/**
 * The value semantics of TQL, row at a time (the bulk kernels in {@link VNode} follow the same
 * rules for the cases they cover):
 *
 * <ul>
 *   <li>Numbers are arrays; a scalar is a one-element array. Integers (and booleans, as 0/1) are
 *       64-bit and exact; {@code + - * %} of integers wrap around on overflow as numpy's int64
 *       does; {@code /} is always floating point; {@code %} takes the sign of the divisor, and
 *       integer {@code x % 0} is 0 (numpy), floating {@code x % 0} NaN.
 *   <li>Element-wise operators combine arrays of equal size, or broadcast a one-element array; an
 *       empty operand gives an empty result; other sizes are an error.
 *   <li>Comparisons of arrays give boolean arrays; strings compare by code point; JSON values of
 *       different kinds are unequal (and not ordered).
 *   <li>A condition (WHERE, AND, OR, NOT) is false for an empty array, the element for a
 *       one-element array (non-zero is true), and an error for longer arrays, strings and JSON
 *       objects.
 * </ul>
 */
final class Ops {
  private Ops() {}

  static TqlSemanticException error(String subject, String message) {
    return new TqlSemanticException(subject, message);
  }

  static String kindOf(Val v) {
    if (v instanceof Arr a) {
      return a.size() == 1 ? "a number" : "an array of " + a.size() + " elements";
    }
    if (v instanceof Str) {
      return "a string";
    }
    return ((Json) v).node().isArray() ? "a JSON array" : "a JSON object";
  }

  // ------------------------------------------------------------------ scalars

  /** numpy's integer remainder: sign of the divisor, 0 for a zero divisor. */
  static long mod(long a, long b) {
    return b == 0 ? 0 : Math.floorMod(a, b);
  }

  /** numpy's floating remainder: sign of the divisor, NaN for a zero divisor. */
  static double mod(double a, double b) {
    if (b == 0) {
      return Double.NaN;
    }
    double r = a % b;
    if (r != 0 && (r < 0) != (b < 0)) {
      r += b;
    }
    return r;
  }

  /** Compares strings by Unicode code point. */
  static int compareStrings(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Boolean.compare(i < a.length(), j < b.length());
  }

  static boolean cmp(BinaryOp op, long a, long b) {
    return switch (op) {
      case EQ -> a == b;
      case NE -> a != b;
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      default -> throw new IllegalStateException(op.name());
    };
  }

  static boolean cmp(BinaryOp op, double a, double b) {
    return switch (op) {
      case EQ -> a == b;
      case NE -> a != b;
      case LT -> a < b;
      case LE -> a <= b;
      case GT -> a > b;
      case GE -> a >= b;
      default -> throw new IllegalStateException(op.name());
    };
  }

  private static boolean cmpOrder(BinaryOp op, int c) {
    return switch (op) {
      case EQ -> c == 0;
      case NE -> c != 0;
      case LT -> c < 0;
      case LE -> c <= 0;
      case GT -> c > 0;
      case GE -> c >= 0;
      default -> throw new IllegalStateException(op.name());
    };
  }

  static long arith(BinaryOp op, long a, long b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case MOD -> mod(a, b);
      default -> throw new IllegalStateException(op.name());
    };
  }

  static double arith(BinaryOp op, double a, double b) {
    return switch (op) {
      case ADD -> a + b;
      case SUB -> a - b;
      case MUL -> a * b;
      case DIV -> a / b;
      case MOD -> mod(a, b);
      default -> throw new IllegalStateException(op.name());
    };
  }

  // ------------------------------------------------------------------ arrays

  private static int size(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return (int) n;
  }

  /** The result shape of an element-wise operation, or null when an operand is empty. */
  static long[] broadcast(Arr a, Arr b, String what) {
    int na = a.size();
    int nb = b.size();
    if (na == 0 || nb == 0) {
      return null;
    }
    if (na == nb) {
      return a.shape.length >= b.shape.length ? a.shape : b.shape;
    }
    if (na == 1) {
      return b.shape;
    }
    if (nb == 1) {
      return a.shape;
    }
    throw error(what, what + " of arrays of " + na + " and " + nb + " elements");
  }

  static Arr asArr(Val v, String what, String role) {
    if (v instanceof Arr a) {
      return a;
    }
    throw error(what, what + " needs numbers" + role + ", found " + kindOf(v));
  }

  static Val arith(BinaryOp op, Val x, Val y, String what) {
    Arr a = asArr(x, what, "");
    Arr b = asArr(y, what, "");
    long[] shape = broadcast(a, b, what);
    if (shape == null) {
      return Arr.EMPTY;
    }
    int n = size(shape);
    int sa = a.size() == 1 ? 0 : 1;
    int sb = b.size() == 1 ? 0 : 1;
    if (a.isInt() && b.isInt() && op != BinaryOp.DIV) {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = arith(op, a.l[i * sa], b.l[i * sb]);
      }
      return new Arr(shape, out, null, false);
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      out[i] = arith(op, a.dbl(i * sa), b.dbl(i * sb));
    }
    return new Arr(shape, null, out, false);
  }

  static Val neg(Val x, String what) {
    Arr a = asArr(x, what, "");
    if (a.isInt()) {
      long[] out = new long[a.l.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = -a.l[i];
      }
      return new Arr(a.shape, out, null, false);
    }
    double[] out = new double[a.d.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = -a.d[i];
    }
    return new Arr(a.shape, null, out, false);
  }

  static Arr bool(boolean b) {
    return b ? Arr.TRUE : Arr.FALSE;
  }

  /** An element-wise comparison (see the class comment). */
  static Val compare(BinaryOp op, Val x, Val y) {
    if (x instanceof Arr a && y instanceof Arr b) {
      long[] shape = broadcastLenient(a, b);
      if (shape == null) {
        return Arr.bools(new long[0], new long[] {0});
      }
      if (shape.length == 1 && shape[0] == -1) {
        return bool(op == BinaryOp.NE); // sizes differ: unequal, not ordered
      }
      int n = size(shape);
      int sa = a.size() == 1 ? 0 : 1;
      int sb = b.size() == 1 ? 0 : 1;
      long[] out = new long[n];
      if (a.isInt() && b.isInt()) {
        for (int i = 0; i < n; i++) {
          out[i] = cmp(op, a.l[i * sa], b.l[i * sb]) ? 1 : 0;
        }
      } else {
        for (int i = 0; i < n; i++) {
          out[i] = cmp(op, a.dbl(i * sa), b.dbl(i * sb)) ? 1 : 0;
        }
      }
      return Arr.bools(out, shape);
    }
    if (x instanceof Str a && y instanceof Str b) {
      return bool(cmpOrder(op, compareStrings(a.s(), b.s())));
    }
    if (x instanceof Arr a && a.size() == 0 || y instanceof Arr b && b.size() == 0) {
      return Arr.bools(new long[0], new long[] {0});
    }
    if (x instanceof Json j && j.node().isArray() && isScalar(y)) {
      return elementwise(op, j.node(), y, false);
    }
    if (y instanceof Json j && j.node().isArray() && isScalar(x)) {
      return elementwise(op, j.node(), x, true);
    }
    if (x instanceof Json a && y instanceof Json b) {
      boolean eq = a.node().equals(b.node());
      return bool(op == BinaryOp.EQ ? eq : op == BinaryOp.NE && !eq);
    }
    return bool(op == BinaryOp.NE); // kinds differ
  }

  private static long[] broadcastLenient(Arr a, Arr b) {
    int na = a.size();
    int nb = b.size();
    if (na == 0 || nb == 0) {
      return null;
    }
    if (na == nb) {
      return a.shape.length >= b.shape.length ? a.shape : b.shape;
    }
    if (na == 1) {
      return b.shape;
    }
    if (nb == 1) {
      return a.shape;
    }
    return new long[] {-1};
  }

  private static boolean isScalar(Val v) {
    return v instanceof Str || v instanceof Arr a && a.size() == 1;
  }

  private static Val elementwise(BinaryOp op, JsonNode arr, Val other, boolean swapped) {
    long[] out = new long[arr.size()];
    for (int i = 0; i < out.length; i++) {
      Val e = Val.ofJson(arr.get(i));
      Val r = swapped ? compare(op, other, e) : compare(op, e, other);
      out[i] = truthOrFalse(r) ? 1 : 0;
    }
    return Arr.bools(out, new long[] {out.length});
  }

  private static boolean truthOrFalse(Val v) {
    return v instanceof Arr a && a.size() == 1 && a.l != null && a.l[0] != 0;
  }

  /** The truth of a condition (see the class comment); {@code clause} names it in errors. */
  static boolean truth(Val v, String clause) {
    if (v instanceof Arr a) {
      int n = a.size();
      if (n == 0) {
        return false;
      }
      if (n == 1) {
        return a.l != null ? a.l[0] != 0 : a.d[0] != 0;
      }
      throw error(
          clause,
          clause
              + " needs one value per row but found an array of "
              + n
              + " elements (reduce it with ANY(...) or ALL(...))");
    }
    throw error(
        clause,
        clause + " needs a number or boolean but found " + kindOf(v) + " (compare it instead)");
  }

  /** Element-wise logical AND/OR of two truth arrays (broadcasting a single element). */
  static Arr logical(boolean and, Arr a, Arr b, String what) {
    long[] shape = broadcast(a, b, what);
    if (shape == null) {
      return Arr.bools(new long[0], new long[] {0});
    }
    int n = size(shape);
    int sa = a.size() == 1 ? 0 : 1;
    int sb = b.size() == 1 ? 0 : 1;
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      boolean p = a.dbl(i * sa) != 0;
      boolean q = b.dbl(i * sb) != 0;
      out[i] = (and ? p && q : p || q) ? 1 : 0;
    }
    return Arr.bools(out, shape);
  }

  static Val not(Val v) {
    Arr a = (Arr) v;
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.dbl(i) != 0 ? 0 : 1;
    }
    return Arr.bools(out, a.shape);
  }

  static Val between(Val v, Val lo, Val hi, boolean negated) {
    Val ge = compare(BinaryOp.GE, v, lo);
    Val le = compare(BinaryOp.LE, v, hi);
    Val r = logical(true, (Arr) ge, (Arr) le, "BETWEEN");
    return negated ? not(r) : r;
  }

  static Val in(Val v, List<Val> items, boolean negated) {
    Arr acc = null;
    for (Val item : items) {
      Arr eq = (Arr) compare(BinaryOp.EQ, v, item);
      acc = acc == null ? eq : logical(false, acc, eq, "IN");
    }
    if (acc == null) {
      acc = v instanceof Arr a && a.size() != 1 ? zeros(a) : Arr.FALSE;
    }
    return negated ? not(acc) : acc;
  }

  private static Arr zeros(Arr a) {
    return Arr.bools(new long[a.size()], a.shape);
  }

  // ------------------------------------------------------------------ subscripts

  /** An evaluated subscript item. */
  sealed interface Ix permits Pos, Key, Range {}

  record Pos(long i) implements Ix {}

  record Key(String k) implements Ix {}

  /** A slice; null parts are omitted. */
  record Range(Long start, Long stop, Long step) implements Ix {}

  /**
   * {@code target[idx...]}. With {@code json} (the target's static type is JSON) a path that does
   * not fit the value (a key on a number, more positions than dimensions) gives the empty value, as
   * a missing key does; otherwise it is an error.
   */
  static Val subscript(Val target, List<Ix> idx, String what, boolean json) {
    if (target instanceof Json j) {
      return subJson(j.node(), idx, what);
    }
    if (target instanceof Arr a) {
      if (json && (idx.size() > a.shape.length || idx.stream().anyMatch(i -> i instanceof Key))) {
        return Arr.EMPTY;
      }
      return subArr(a, idx, what);
    }
    return Arr.EMPTY; // a string has no elements to pick
  }

  /** Positions selected by a slice along an axis of {@code len}, as Python computes them. */
  static int[] slice(Range r, long len, String what) {
    long step = r.step() == null ? 1 : r.step();
    if (step == 0) {
      throw error(what, what + ": slice step cannot be zero");
    }
    long start;
    long stop;
    if (step > 0) {
      start = r.start() == null ? 0 : clamp(r.start(), len, 0, len);
      stop = r.stop() == null ? len : clamp(r.stop(), len, 0, len);
    } else {
      start = r.start() == null ? len - 1 : clamp(r.start(), len, -1, len - 1);
      stop = r.stop() == null ? -1 : clamp(r.stop(), len, -1, len - 1);
    }
    // start and stop lie in [-1, len]: their difference cannot overflow, a huge step can.
    long mag = step == Long.MIN_VALUE ? Long.MAX_VALUE : Math.abs(step);
    int n = 0;
    if (step > 0 && start < stop) {
      n = (int) ((stop - start - 1) / mag + 1);
    } else if (step < 0 && start > stop) {
      n = (int) ((start - stop - 1) / mag + 1);
    }
    int[] out = new int[n];
    for (int k = 0; k < n; k++) {
      out[k] = (int) (start + k * step);
    }
    return out;
  }

  private static long clamp(long v, long len, long lo, long hi) {
    if (v < 0) {
      v += len;
    }
    return Math.max(lo, Math.min(hi, v));
  }

  private static Val subArr(Arr a, List<Ix> idx, String what) {
    int nd = a.shape.length;
    if (idx.size() > nd) {
      throw error(
          what,
          what
              + ": "
              + idx.size()
              + " subscripts on an array of "
              + nd
              + " dimension"
              + (nd == 1 ? "" : "s"));
    }
    int[][] picks = new int[nd][];
    boolean[] keep = new boolean[nd];
    for (int d = 0; d < nd; d++) {
      long len = a.shape[d];
      Ix ix = d < idx.size() ? idx.get(d) : new Range(null, null, null);
      if (ix instanceof Pos p) {
        long i = p.i() < 0 ? p.i() + len : p.i();
        if (i < 0 || i >= len) {
          return Arr.EMPTY;
        }
        picks[d] = new int[] {(int) i};
      } else if (ix instanceof Range r) {
        picks[d] = slice(r, len, what);
        keep[d] = true;
      } else {
        return Arr.EMPTY; // a JSON key on numbers
      }
    }
    List<Long> outShape = new ArrayList<>();
    int total = 1;
    for (int d = 0; d < nd; d++) {
      if (keep[d]) {
        outShape.add((long) picks[d].length);
      }
      total *= picks[d].length;
    }
    long[] strides = new long[nd];
    long s = 1;
    for (int d = nd - 1; d >= 0; d--) {
      strides[d] = s;
      s *= a.shape[d];
    }
    long[] ls = a.l != null ? new long[total] : null;
    double[] ds = a.d != null ? new double[total] : null;
    int[] ctr = new int[nd];
    for (int k = 0; k < total; k++) {
      long src = 0;
      for (int d = 0; d < nd; d++) {
        src += picks[d][ctr[d]] * strides[d];
      }
      if (ls != null) {
        ls[k] = a.l[(int) src];
      } else {
        ds[k] = a.d[(int) src];
      }
      for (int d = nd - 1; d >= 0; d--) {
        if (++ctr[d] < picks[d].length) {
          break;
        }
        ctr[d] = 0;
      }
    }
    long[] shape = outShape.stream().mapToLong(Long::longValue).toArray();
    if (total == 0) {
      return new Arr(shape, new long[0], null, a.bool);
    }
    return new Arr(shape, ls, ds, a.bool);
  }

  private static Val subJson(JsonNode n, List<Ix> idx, String what) {
    JsonNode cur = n;
    for (Ix ix : idx) {
      if (cur == null) {
        return Arr.EMPTY;
      }
      if (ix instanceof Key k) {
        cur = cur.isObject() ? cur.get(k.k()) : null;
      } else if (ix instanceof Pos p) {
        if (!cur.isArray()) {
          cur = null;
        } else {
          long i = p.i() < 0 ? p.i() + cur.size() : p.i();
          cur = i >= 0 && i < cur.size() ? cur.get((int) i) : null;
        }
      } else {
        Range r = (Range) ix;
        if (!cur.isArray()) {
          cur = null;
        } else {
          ArrayNode out = JsonNodeFactory.instance.arrayNode();
          for (int i : slice(r, cur.size(), what)) {
            out.add(cur.get(i));
          }
          cur = out;
        }
      }
    }
    return Val.ofJson(cur);
  }

  // ------------------------------------------------------------------ functions

  static Val contains(Val hay, Val needle) {
    if (needle instanceof Arr b && b.size() > 1) {
      throw error("CONTAINS", "CONTAINS looks for one value but was given an array of " + b.size());
    }
    if (hay instanceof Str s) {
      return bool(needle instanceof Str t && s.s().contains(t.s()));
    }
    if (hay instanceof Arr a) {
      if (!(needle instanceof Arr b) || b.size() == 0) {
        return Arr.FALSE;
      }
      for (int i = 0; i < a.size(); i++) {
        boolean eq = a.isInt() && b.isInt() ? a.l[i] == b.l[0] : a.dbl(i) == b.dbl(0);
        if (eq) {
          return Arr.TRUE;
        }
      }
      return Arr.FALSE;
    }
    JsonNode n = ((Json) hay).node();
    if (n.isObject()) {
      return bool(needle instanceof Str t && n.has(t.s()));
    }
    for (JsonNode e : n) {
      if (truthOrFalse(compare(BinaryOp.EQ, Val.ofJson(e), needle))) {
        return Arr.TRUE;
      }
    }
    return Arr.FALSE;
  }

  static Val reduce(Fn fn, Val v) {
    Arr a = asArr(v, fn.name(), " (a boolean array)");
    int n = a.size();
    if (fn == Fn.ANY) {
      for (int i = 0; i < n; i++) {
        if (a.dbl(i) != 0) {
          return Arr.TRUE;
        }
      }
      return Arr.FALSE;
    }
    if (n == 0) {
      return bool(fn == Fn.ALL);
    }
    for (int i = 0; i < n; i++) {
      if (a.dbl(i) == 0) {
        return Arr.FALSE;
      }
    }
    return Arr.TRUE;
  }

  static Val logicalFn(Fn fn, Val x, Val y) {
    Arr a = asArr(x, fn.name(), "");
    Arr b = asArr(y, fn.name(), "");
    if (a.size() != b.size()) {
      return Arr.FALSE; // as documented for Deep Lake: arrays of different sizes give False
    }
    long[] out = new long[a.size()];
    for (int i = 0; i < out.length; i++) {
      boolean p = a.dbl(i) != 0;
      boolean q = b.dbl(i) != 0;
      out[i] = (fn == Fn.LOGICAL_AND ? p && q : p || q) ? 1 : 0;
    }
    return Arr.bools(out, a.shape);
  }

  static Val vector(Fn fn, List<Val> args) {
    Arr a = asArr(args.get(0), fn.name(), "");
    if (fn.isNorm()) {
      if (a.size() == 0) {
        return Arr.EMPTY;
      }
      double[] v = a.toDoubles();
      return Arr.ofDouble(
          fn == Fn.L2_NORM ? Kernels.l2(v) : fn == Fn.L1_NORM ? Kernels.l1(v) : Kernels.linf(v));
    }
    Arr b = asArr(args.get(1), fn.name(), "");
    if (a.size() == 0 || b.size() == 0) {
      return Arr.EMPTY;
    }
    if (a.size() != b.size()) {
      throw error(
          fn.name(), fn.name() + " of arrays of " + a.size() + " and " + b.size() + " elements");
    }
    double[] x = a.toDoubles();
    double[] y = b.toDoubles();
    return Arr.ofDouble(fn == Fn.DOT ? Kernels.dot(x, y) : Kernels.cosine(x, y));
  }

  static Val shapeOf(Val v) {
    if (v instanceof Arr a) {
      return Arr.longs(a.shape.clone());
    }
    if (v instanceof Json j && j.node().isArray()) {
      return Arr.longs(new long[] {j.node().size()});
    }
    return Arr.longs(new long[] {1});
  }
}
