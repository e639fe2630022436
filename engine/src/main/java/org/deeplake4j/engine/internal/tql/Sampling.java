package org.deeplake4j.engine.internal.tql;

import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;
import org.deeplake4j.engine.tql.Query;

/**
 * SAMPLE BY: the weight of every row (an expression, or {@code MAX_WEIGHT} / {@code SUM_WEIGHT} of
 * conditions, evaluated a batch at a time with {@link VNode}s) and weighted draws of LIMIT + OFFSET
 * rows, with or without replacement, from the query's random generator. Part of {@link Pipeline};
 * not thread-safe.
 */
final class Sampling {
  private Sampling() {}

  /** One weight per position (empty values and NaN weigh 0); negative or infinite is an error. */
  static double[] weights(Executor x, int[] pos, Query.Sample sp) {
    String clause = "SAMPLE BY";
    Binder b = x.binder();
    RowEval re = x.rowEval();
    int cap = Executor.BATCH;
    Map<TensorCol, VNode.ColNum> shared = new IdentityHashMap<>();
    VNode single = null;
    VNode[] conds = new VNode[sp.weighted().size()];
    VNode[] ws = new VNode[conds.length];
    if (sp.choice() == Query.WeightChoice.EXPR) {
      single = VNode.compile(b.number(sp.weight(), clause), re, cap, shared);
    } else {
      for (int k = 0; k < conds.length; k++) {
        Query.Weighted w = sp.weighted().get(k);
        conds[k] =
            VNode.truth(
                VNode.compile(b.condition(w.condition(), clause), re, cap, shared), clause, cap);
        ws[k] = VNode.compile(b.number(w.weight(), clause), re, cap, shared);
      }
    }
    boolean max = sp.choice() == Query.WeightChoice.MAX_WEIGHT;
    double[] out = new double[pos.length];
    Batch bt = new Batch(cap);
    for (int j0 = 0; j0 < pos.length; j0 += cap) {
      int m = Math.min(cap, pos.length - j0);
      Pipeline.fill(bt, x, pos, j0, m);
      if (single != null) {
        single.eval(bt, null);
        for (int i = 0; i < m; i++) {
          out[j0 + i] = checked(Pipeline.num(single, i, bt.rows[i], clause), bt.rows[i]);
        }
      } else {
        for (int k = 0; k < conds.length; k++) {
          conds[k].eval(bt, null);
          boolean[] z = conds[k].z;
          ws[k].eval(bt, z);
          for (int i = 0; i < m; i++) {
            if (z[i]) {
              double w = checked(Pipeline.num(ws[k], i, bt.rows[i], clause), bt.rows[i]);
              out[j0 + i] = max ? Math.max(out[j0 + i], w) : out[j0 + i] + w;
            }
          }
        }
      }
    }
    return out;
  }

  private static double checked(double w, long row) {
    if (Double.isNaN(w)) {
      return 0;
    }
    if (w < 0 || Double.isInfinite(w)) {
      throw Pipeline.error(
              "SAMPLE BY", "SAMPLE BY weights must be finite and non-negative but a weight is " + w)
          .atRow(row);
    }
    return w;
  }

  /**
   * Draws {@code offset + limit} positions (limit defaults to the number of candidates) with
   * probabilities proportional to their weights and returns them after skipping {@code offset}.
   * With replacement: independent draws ({@link #drawWithReplacement}). Without: successive draws
   * among the rows not drawn yet ({@link #drawWithout}); at most the rows of positive weight.
   */
  static int[] sample(Executor x, int[] pos, Query.Sample sp, Long limit, Long offset) {
    double[] w = weights(x, pos, sp);
    long skip = offset == null ? 0 : offset;
    long want = (limit == null ? pos.length : limit) + skip;
    if (want > Integer.MAX_VALUE - 16 || want < 0) {
      throw Pipeline.error(
          "SAMPLE BY", "SAMPLE BY draws at most 2^31 rows; LIMIT + OFFSET is " + want);
    }
    RowEval re = x.rowEval();
    int[] drawn = sp.replace() ? drawWithReplacement(w, (int) want, re) : drawWithout(w, want, re);
    for (int k = 0; k < drawn.length; k++) {
      drawn[k] = pos[drawn[k]];
    }
    return skip == 0
        ? drawn
        : Arrays.copyOfRange(drawn, (int) Math.min(skip, drawn.length), drawn.length);
  }

  /**
   * {@code k} independent draws of indices of {@code w} (inverse transform): the uniforms are
   * sorted and matched with the cumulative weights in one sequential pass (a binary search per draw
   * misses the cache on every step over 10M weights), then the draws are shuffled, which makes the
   * sequence independent draws again.
   */
  static int[] drawWithReplacement(double[] w, int k, RowEval re) {
    double total = 0;
    for (double v : w) {
      total += v;
    }
    if (total == 0 || k == 0) {
      return new int[0];
    }
    double[] u = new double[k];
    for (int i = 0; i < k; i++) {
      u[i] = re.nextRandom() * total;
    }
    Arrays.sort(u);
    int[] out = new int[k];
    int j = 0;
    double cum = w[0];
    int last = w.length - 1;
    for (int i = 0; i < k; i++) {
      while (cum <= u[i] && j < last) { // the first j with cum(j) > u: a row of positive weight
        cum += w[++j];
      }
      out[i] = j;
    }
    int lastPositive = last;
    while (w[lastPositive] == 0) {
      lastPositive--;
    }
    for (int i = 0; i < k; i++) {
      if (out[i] > lastPositive) { // u rounded up to the total
        out[i] = lastPositive;
      }
    }
    for (int i = k - 1; i > 0; i--) {
      int r = (int) (re.nextRandom() * (i + 1));
      int t = out[i];
      out[i] = out[r];
      out[r] = t;
    }
    return out;
  }

  /**
   * Up to {@code want} draws without replacement: Efraimidis-Spirakis keys {@code log(u) / w} for
   * the rows of positive weight, the largest {@code want} selected (quickselect of the threshold,
   * then sorted descending, ties by index), which is distributed as successive weighted draws.
   */
  static int[] drawWithout(double[] w, long want, RowEval re) {
    int m = 0;
    for (double v : w) {
      m += v > 0 ? 1 : 0;
    }
    double[] key = new double[m];
    int[] idx = new int[m];
    int c = 0;
    for (int j = 0; j < w.length; j++) {
      if (w[j] > 0) {
        key[c] = Math.log(re.nextRandom()) / w[j];
        idx[c++] = j;
      }
    }
    int k = (int) Math.min(want, m);
    if (k == 0) {
      return new int[0];
    }
    long[] sk = new long[m];
    for (int i = 0; i < m; i++) {
      sk[i] = Sorting.sortable(-key[i]); // ascending sk = descending key
    }
    long threshold = k == m ? Long.MAX_VALUE : kthSmallest(sk.clone(), k - 1);
    long[] ks = new long[k];
    int[] ps = new int[k];
    int n = 0;
    for (int i = 0; i < m && n < k; i++) {
      if (sk[i] < threshold) {
        ks[n] = sk[i];
        ps[n++] = idx[i];
      }
    }
    for (int i = 0; i < m && n < k; i++) {
      if (sk[i] == threshold) {
        ks[n] = sk[i];
        ps[n++] = idx[i];
      }
    }
    Sorting.sort(ks, ps, n);
    return ps;
  }

  /** The {@code k}-th smallest value of {@code a} (0-based); reorders {@code a}. */
  static long kthSmallest(long[] a, int k) {
    int lo = 0;
    int hi = a.length - 1;
    java.util.SplittableRandom pivots = new java.util.SplittableRandom(a.length);
    while (lo < hi) {
      long p = a[lo + pivots.nextInt(hi - lo + 1)];
      int i = lo;
      int j = hi;
      while (i <= j) {
        while (a[i] < p) {
          i++;
        }
        while (a[j] > p) {
          j--;
        }
        if (i <= j) {
          long t = a[i];
          a[i++] = a[j];
          a[j--] = t;
        }
      }
      if (k <= j) {
        hi = j;
      } else if (k >= i) {
        lo = i;
      } else {
        return a[k];
      }
    }
    return a[k];
  }
}
