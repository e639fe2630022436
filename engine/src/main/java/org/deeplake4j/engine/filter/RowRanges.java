package org.deeplake4j.engine.filter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * A set of row indices as sorted, disjoint, non-adjacent half-open ranges {@code [start, end)}.
 * Immutable and serializable; set operations return new objects.
 */
public final class RowRanges implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final RowRanges EMPTY = new RowRanges(new long[0]);

  /** start0, end0, start1, end1, ... */
  private final long[] bounds;

  private RowRanges(long[] bounds) {
    this.bounds = bounds;
  }

  /** No rows. */
  public static RowRanges empty() {
    return EMPTY;
  }

  /** Rows {@code [start, end)} (empty when {@code end <= start}). */
  public static RowRanges of(long start, long end) {
    return end <= start ? EMPTY : new RowRanges(new long[] {start, end});
  }

  /** The given rows (any order, duplicates allowed; negative rows ignored). */
  public static RowRanges ofRows(Collection<Long> rows) {
    return ofRows(rows.stream().mapToLong(Long::longValue).toArray());
  }

  /**
   * The given rows (any order, duplicates allowed; negative rows ignored; {@code rows} is not
   * modified).
   */
  public static RowRanges ofRows(long... rows) {
    long[] r = Arrays.stream(rows).filter(x -> x >= 0).sorted().toArray();
    List<long[]> out = new ArrayList<>();
    for (long x : r) {
      if (!out.isEmpty() && out.get(out.size() - 1)[1] >= x) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], x + 1);
      } else {
        out.add(new long[] {x, x + 1});
      }
    }
    return fromList(out);
  }

  private static RowRanges fromList(List<long[]> ranges) {
    if (ranges.isEmpty()) {
      return EMPTY;
    }
    long[] b = new long[ranges.size() * 2];
    for (int i = 0; i < ranges.size(); i++) {
      b[2 * i] = ranges.get(i)[0];
      b[2 * i + 1] = ranges.get(i)[1];
    }
    return new RowRanges(b);
  }

  /** Number of ranges. */
  public int size() {
    return bounds.length / 2;
  }

  /** Whether no row is in the set. */
  public boolean isEmpty() {
    return bounds.length == 0;
  }

  /** Start (inclusive) of range {@code i}. */
  public long start(int i) {
    return bounds[2 * i];
  }

  /** End (exclusive) of range {@code i}. */
  public long end(int i) {
    return bounds[2 * i + 1];
  }

  /** Number of rows in the set. */
  public long count() {
    long n = 0;
    for (int i = 0; i < size(); i++) {
      n += end(i) - start(i);
    }
    return n;
  }

  /** Whether {@code row} is in the set. */
  public boolean contains(long row) {
    int lo = 0;
    int hi = size() - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (row < start(mid)) {
        hi = mid - 1;
      } else if (row >= end(mid)) {
        lo = mid + 1;
      } else {
        return true;
      }
    }
    return false;
  }

  /** Rows in both sets. */
  public RowRanges intersect(RowRanges o) {
    List<long[]> out = new ArrayList<>();
    int i = 0;
    int j = 0;
    while (i < size() && j < o.size()) {
      long s = Math.max(start(i), o.start(j));
      long e = Math.min(end(i), o.end(j));
      if (s < e) {
        out.add(new long[] {s, e});
      }
      if (end(i) < o.end(j)) {
        i++;
      } else {
        j++;
      }
    }
    return fromList(out);
  }

  /** Rows in either set. */
  public RowRanges union(RowRanges o) {
    List<long[]> all = new ArrayList<>();
    for (int i = 0; i < size(); i++) {
      all.add(new long[] {start(i), end(i)});
    }
    for (int i = 0; i < o.size(); i++) {
      all.add(new long[] {o.start(i), o.end(i)});
    }
    all.sort((a, b) -> Long.compare(a[0], b[0]));
    List<long[]> out = new ArrayList<>();
    for (long[] r : all) {
      if (!out.isEmpty() && out.get(out.size() - 1)[1] >= r[0]) {
        out.get(out.size() - 1)[1] = Math.max(out.get(out.size() - 1)[1], r[1]);
      } else {
        out.add(r.clone());
      }
    }
    return fromList(out);
  }

  /** Rows of {@code [0, rowCount)} not in this set. */
  public RowRanges complement(long rowCount) {
    List<long[]> out = new ArrayList<>();
    long at = 0;
    for (int i = 0; i < size() && at < rowCount; i++) {
      if (start(i) > at) {
        out.add(new long[] {at, Math.min(start(i), rowCount)});
      }
      at = Math.max(at, end(i));
    }
    if (at < rowCount) {
      out.add(new long[] {at, rowCount});
    }
    return fromList(out);
  }

  /** The first {@code n} rows of the set. */
  public RowRanges limit(long n) {
    List<long[]> out = new ArrayList<>();
    long left = n;
    for (int i = 0; i < size() && left > 0; i++) {
      long len = Math.min(left, end(i) - start(i));
      out.add(new long[] {start(i), start(i) + len});
      left -= len;
    }
    return fromList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowRanges r && Arrays.equals(bounds, r.bounds);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bounds);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append('[').append(start(i)).append(", ").append(end(i)).append(')');
    }
    return sb.append(']').toString();
  }
}
