package org.deeplake4j.engine.internal.tql;

/**
 * Ordering of {@code (key, position)} pairs with primitive keys: a merge sort for full orders (the
 * bounded heap for top-k is {@link TopK.Longs}). Pairs compare by key, then by position (ties keep
 * source order).
 */
final class Sorting {
  private Sorting() {}

  /** A sortable long for a double: the order of the values, -0.0 equal to 0.0; not NaN. */
  static long sortable(double v) {
    long bits = Double.doubleToRawLongBits(v + 0.0);
    return bits ^ ((bits >> 63) & 0x7fff_ffff_ffff_ffffL);
  }

  static boolean less(long k1, int p1, long k2, int p2) {
    return k1 < k2 || (k1 == k2 && p1 < p2);
  }

  /** Sorts the first {@code n} pairs ascending. */
  static void sort(long[] keys, int[] pos, int n) {
    if (n < 2) {
      return;
    }
    long[] tk = new long[n];
    int[] tp = new int[n];
    mergeSort(keys, pos, tk, tp, 0, n);
  }

  private static void mergeSort(long[] k, int[] p, long[] tk, int[] tp, int lo, int hi) {
    if (hi - lo <= 24) {
      for (int i = lo + 1; i < hi; i++) {
        long kk = k[i];
        int pp = p[i];
        int j = i - 1;
        while (j >= lo && less(kk, pp, k[j], p[j])) {
          k[j + 1] = k[j];
          p[j + 1] = p[j];
          j--;
        }
        k[j + 1] = kk;
        p[j + 1] = pp;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(k, p, tk, tp, lo, mid);
    mergeSort(k, p, tk, tp, mid, hi);
    if (!less(k[mid], p[mid], k[mid - 1], p[mid - 1])) {
      return;
    }
    System.arraycopy(k, lo, tk, lo, hi - lo);
    System.arraycopy(p, lo, tp, lo, hi - lo);
    int i = lo;
    int j = mid;
    for (int o = lo; o < hi; o++) {
      if (j >= hi || (i < mid && !less(tk[j], tp[j], tk[i], tp[i]))) {
        k[o] = tk[i];
        p[o] = tp[i++];
      } else {
        k[o] = tk[j];
        p[o] = tp[j++];
      }
    }
  }
}
