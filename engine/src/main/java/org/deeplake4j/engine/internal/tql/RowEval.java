package org.deeplake4j.engine.internal.tql;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.Expr.BinaryOp;

/** Evaluates bound expressions one row at a time (the general path; see {@link Ops}). */
final class RowEval {
  private final SplittableRandom random;

  RowEval(SplittableRandom random) {
    this.random = random;
  }

  /** A uniform random double in [0, 1), drawn from the query's generator. */
  double nextRandom() {
    return random.nextDouble();
  }

  /** The value of {@code n} at dataset row {@code row} (any row for constant expressions). */
  Val eval(Node n, long row) {
    if (n instanceof Node.Const c) {
      return c.value();
    }
    if (n instanceof Node.Col c) {
      return c.col().value(row);
    }
    if (n instanceof Node.Bin b) {
      return binary(b, row);
    }
    if (n instanceof Node.Not x) {
      return Ops.bool(!Ops.truth(eval(x.e(), row), "NOT"));
    }
    if (n instanceof Node.Neg x) {
      return Ops.neg(eval(x.e(), row), "unary minus");
    }
    if (n instanceof Node.Between b) {
      return Ops.between(eval(b.v(), row), eval(b.lo(), row), eval(b.hi(), row), b.negated());
    }
    if (n instanceof Node.In in) {
      List<Val> items = new ArrayList<>(in.items().size());
      for (Node i : in.items()) {
        items.add(eval(i, row));
      }
      return Ops.in(eval(in.v(), row), items, in.negated());
    }
    if (n instanceof Node.Call c) {
      return call(c, row);
    }
    if (n instanceof Node.Sub s) {
      return subscript(s, row);
    }
    Node.ArrayOf a = (Node.ArrayOf) n;
    return array(a, row);
  }

  private Val binary(Node.Bin b, long row) {
    BinaryOp op = b.op();
    if (op == BinaryOp.AND) {
      return Ops.bool(Ops.truth(eval(b.l(), row), "AND") && Ops.truth(eval(b.r(), row), "AND"));
    }
    if (op == BinaryOp.OR) {
      return Ops.bool(Ops.truth(eval(b.l(), row), "OR") || Ops.truth(eval(b.r(), row), "OR"));
    }
    Val l = eval(b.l(), row);
    Val r = eval(b.r(), row);
    if (op.isComparison()) {
      return Ops.compare(op, l, r);
    }
    return Ops.arith(op, l, r, b.what());
  }

  private Val call(Node.Call c, long row) {
    Fn fn = c.fn();
    if (fn == Fn.RANDOM) {
      return Arr.ofDouble(random.nextDouble());
    }
    if (fn == Fn.SHAPE) {
      Node arg = c.args().get(0);
      if (arg instanceof Node.Col col) {
        return Arr.longs(col.col().shape(row));
      }
      return Ops.shapeOf(eval(arg, row));
    }
    List<Val> args = new ArrayList<>(c.args().size());
    for (Node a : c.args()) {
      args.add(eval(a, row));
    }
    return switch (fn) {
      case CONTAINS -> Ops.contains(args.get(0), args.get(1));
      case ALL, ALL_STRICT, ANY -> Ops.reduce(fn, args.get(0));
      case LOGICAL_AND, LOGICAL_OR -> Ops.logicalFn(fn, args.get(0), args.get(1));
      default -> Ops.vector(fn, args);
    };
  }

  private Val subscript(Node.Sub s, long row) {
    List<Ops.Ix> idx = new ArrayList<>(s.idx().size());
    for (Node.Idx i : s.idx()) {
      if (i instanceof Node.At at) {
        Val v = eval(at.index(), row);
        if (v instanceof Str str) {
          idx.add(new Ops.Key(str.s()));
        } else {
          idx.add(new Ops.Pos(integer(v, s.what())));
        }
      } else {
        Node.Slice sl = (Node.Slice) i;
        idx.add(
            new Ops.Range(
                part(sl.start(), row, s.what()),
                part(sl.stop(), row, s.what()),
                part(sl.step(), row, s.what())));
      }
    }
    return Ops.subscript(eval(s.target(), row), idx, s.what(), s.target().type().isDyn());
  }

  private Long part(Node n, long row, String what) {
    return n == null ? null : integer(eval(n, row), what);
  }

  private static long integer(Val v, String what) {
    if (v instanceof Arr a && a.size() == 1) {
      if (a.isInt()) {
        return a.l[0];
      }
      double d = a.d[0];
      if (d == Math.rint(d) && Math.abs(d) < 9e15) {
        return (long) d;
      }
    }
    throw Ops.error(what, what + ": a subscript must be an integer, found " + Ops.kindOf(v));
  }

  private Val array(Node.ArrayOf a, long row) {
    int n = a.items().size();
    long[] ls = new long[n];
    double[] ds = new double[n];
    boolean ints = true;
    for (int i = 0; i < n; i++) {
      Val v = eval(a.items().get(i), row);
      if (!(v instanceof Arr x) || x.size() != 1) {
        throw Ops.error(
            "ARRAY", "ARRAY[...] items must be single numbers, item " + i + " is " + Ops.kindOf(v));
      }
      ints &= x.isInt();
      ls[i] = x.isInt() ? x.l[0] : 0;
      ds[i] = x.dbl(0);
    }
    return ints ? Arr.longs(ls) : Arr.doubles(ds);
  }
}
