package org.deeplake4j.engine.internal.tql;

import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.types.Dtype;

/**
 * COSINE_SIMILARITY, DOT, L2_NORM, L1_NORM, LINF_NORM of a fixed-size float32/float16 tensor
 * against a constant array (norms: of the tensor, or of its difference with the constant), read
 * straight from the chunks into a float buffer per batch.
 */
final class ScoreNode extends VNode {
  private final Fn fn;
  private final TensorCol col;
  private final double[] q;
  private final double normQ;
  private float[] buf;

  /** {@code q}: the constant operand; null for the norm of the tensor itself. */
  private ScoreNode(Fn fn, TensorCol col, double[] q, int cap) {
    super(K.DOUBLE, cap);
    this.fn = fn;
    this.col = col;
    // The norm of a row is the norm of its difference with zeros (x - 0.0 == x exactly).
    this.q = q == null ? new double[col.itemElems] : q;
    this.normQ = Math.sqrt(Kernels.sumSquares(this.q));
  }

  private static boolean floatColumn(Node n) {
    return n instanceof Node.Col c
        && c.col().bulk
        && (c.col().dtype == Dtype.FLOAT32 || c.col().dtype == Dtype.FLOAT16);
  }

  private static double[] constant(Node n, int size) {
    if (n instanceof Node.Const c && c.value() instanceof Arr a && a.size() == size) {
      return a.toDoubles().clone();
    }
    return null;
  }

  static VNode of(Node.Call c, int cap) {
    Fn fn = c.fn();
    if (fn.isPairwiseVector()) {
      Node x = c.args().get(0);
      Node y = c.args().get(1);
      for (int side = 0; side < 2; side++) {
        Node col = side == 0 ? x : y;
        Node other = side == 0 ? y : x;
        if (floatColumn(col)) {
          TensorCol tc = ((Node.Col) col).col();
          double[] q = constant(other, tc.itemElems);
          if (q != null) {
            return new ScoreNode(fn, tc, q, cap);
          }
        }
      }
      return null;
    }
    if (!fn.isNorm()) {
      return null;
    }
    Node arg = c.args().get(0);
    if (floatColumn(arg)) {
      return new ScoreNode(fn, ((Node.Col) arg).col(), null, cap);
    }
    if (arg instanceof Node.Bin b && b.op() == BinaryOp.SUB) {
      if (floatColumn(b.l())) {
        TensorCol tc = ((Node.Col) b.l()).col();
        double[] q = constant(b.r(), tc.itemElems);
        return q == null ? null : new ScoreNode(fn, tc, q, cap);
      }
      if (floatColumn(b.r())) {
        TensorCol tc = ((Node.Col) b.r()).col();
        double[] q = constant(b.l(), tc.itemElems);
        return q == null ? null : new ScoreNode(fn, tc, q, cap);
      }
    }
    return null;
  }

  @Override
  void eval(Batch b, boolean[] active) {
    int dim = col.itemElems;
    if (buf == null) {
      buf = new float[d.length * dim];
    }
    col.readFloats(b.rows, b.n, buf);
    int n = b.n;
    switch (fn) {
      case COSINE_SIMILARITY -> {
        for (int i = 0; i < n; i++) {
          d[i] = Kernels.cosine(buf, i * dim, q, normQ);
        }
      }
      case DOT -> {
        for (int i = 0; i < n; i++) {
          d[i] = Kernels.dot(buf, i * dim, q);
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          d[i] = Kernels.normOfDiff(fn, buf, i * dim, dim, q);
        }
      }
    }
  }
}
