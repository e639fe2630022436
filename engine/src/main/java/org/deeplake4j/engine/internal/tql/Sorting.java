package org.deeplake4j.engine.internal.tql;

/**
 * Ordering of {@code (key, position)} pairs with primitive keys: a bounded max-heap for top-k and a
 * merge sort for full orders. Pairs compare by key, then by position (ties keep source order).
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

  /** Keeps the {@code k} smallest pairs offered. */
  static final class TopK {
    private final int k;
    private final long[] keys;
    private final int[] pos;
    private int size;

    TopK(int k) {
      this.k = k;
      this.keys = new long[k];
      this.pos = new int[k];
    }

    int size() {
      return size;
    }

    void offer(long key, int p) {
      if (size < k) {
        int i = size++;
        keys[i] = key;
        pos[i] = p;
        while (i > 0) {
          int parent = (i - 1) >>> 1;
          if (!less(keys[parent], pos[parent], keys[i], pos[i])) {
            break;
          }
          swap(i, parent);
          i = parent;
        }
      } else if (k > 0 && less(key, p, keys[0], pos[0])) {
        keys[0] = key;
        pos[0] = p;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          if (l >= size) {
            break;
          }
          int big = l + 1 < size && less(keys[l], pos[l], keys[l + 1], pos[l + 1]) ? l + 1 : l;
          if (!less(keys[i], pos[i], keys[big], pos[big])) {
            break;
          }
          swap(i, big);
          i = big;
        }
      }
    }

    private void swap(int a, int b) {
      long tk = keys[a];
      keys[a] = keys[b];
      keys[b] = tk;
      int tp = pos[a];
      pos[a] = pos[b];
      pos[b] = tp;
    }

    /** The kept positions in ascending pair order. */
    int[] sortedPositions() {
      long[] ks = java.util.Arrays.copyOf(keys, size);
      int[] ps = java.util.Arrays.copyOf(pos, size);
      sort(ks, ps, size);
      return ps;
    }
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
