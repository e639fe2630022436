package org.deeplake4j.engine.internal.tql;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The engine's bounded top-k: keeps the {@code k} first of the values offered in an order, in a
 * heap of at most {@code k} with the worst kept value on top (a value that does not beat it costs
 * one comparison), and lists them in order. TQL's {@code ORDER BY ... LIMIT} uses it (a single
 * numeric key through the primitive {@link Longs}, other keys through a comparator), and so does
 * the scan helpers' top-n of a row range ({@code org.deeplake4j.engine.scan.TopRows}), each with
 * its own order of keys. Not thread-safe.
 *
 * @param <T> the values kept
 */
public final class TopK<T> {
  private final int k;
  private final Comparator<? super T> order;
  private final PriorityQueue<T> heap;

  /**
   * @param k how many values to keep (0 keeps none)
   * @param order the order; values it ranks equal are kept in an unspecified choice, so callers
   *     break ties themselves (e.g. by row)
   */
  public TopK(int k, Comparator<? super T> order) {
    this.k = k;
    this.order = order;
    this.heap = new PriorityQueue<>(k + 1, order.reversed());
  }

  /** Offers {@code v}: kept if fewer than {@code k} are kept or it comes before the worst kept. */
  public void offer(T v) {
    if (heap.size() < k) {
      heap.add(v);
    } else if (k > 0 && order.compare(v, heap.peek()) < 0) {
      heap.poll();
      heap.add(v);
    }
  }

  /** How many values are kept. */
  public int size() {
    return heap.size();
  }

  /** The kept values in order. */
  public List<T> sorted() {
    List<T> out = new ArrayList<>(heap);
    out.sort(order);
    return out;
  }

  /**
   * Keeps the {@code k} smallest {@code (key, position)} pairs offered (by key, then position) in
   * primitive arrays: the top-k of a single numeric sort key, without boxing.
   */
  public static final class Longs {
    private final int k;
    private final long[] keys;
    private final int[] pos;
    private int size;

    public Longs(int k) {
      this.k = k;
      this.keys = new long[k];
      this.pos = new int[k];
    }

    public int size() {
      return size;
    }

    /** Offers the pair {@code (key, p)}. */
    public void offer(long key, int p) {
      if (size < k) {
        int i = size++;
        keys[i] = key;
        pos[i] = p;
        while (i > 0) {
          int parent = (i - 1) >>> 1;
          if (!Sorting.less(keys[parent], pos[parent], keys[i], pos[i])) {
            break;
          }
          swap(i, parent);
          i = parent;
        }
      } else if (k > 0 && Sorting.less(key, p, keys[0], pos[0])) {
        keys[0] = key;
        pos[0] = p;
        int i = 0;
        while (true) {
          int l = 2 * i + 1;
          if (l >= size) {
            break;
          }
          int big =
              l + 1 < size && Sorting.less(keys[l], pos[l], keys[l + 1], pos[l + 1]) ? l + 1 : l;
          if (!Sorting.less(keys[i], pos[i], keys[big], pos[big])) {
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
    public int[] sortedPositions() {
      long[] ks = java.util.Arrays.copyOf(keys, size);
      int[] ps = java.util.Arrays.copyOf(pos, size);
      Sorting.sort(ks, ps, size);
      return ps;
    }
  }
}
