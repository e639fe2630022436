package org.deeplake4j.engine.internal.tql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryResult;
import org.deeplake4j.engine.tql.TqlSemanticException;

/**
 * Runs a query over a source: the rows of a dataset, or the rows of a view in view order. Works in
 * source positions; rows are scanned in ascending dataset-row order (so chunks are read once, in
 * order) in batches of {@value #BATCH}:
 *
 * <ul>
 *   <li>WHERE without ORDER BY collects matches and, when the source is in dataset order, stops as
 *       soon as OFFSET + LIMIT rows matched (later chunks are never read);
 *   <li>ORDER BY with LIMIT keeps a bounded heap of OFFSET + LIMIT entries; a single numeric key is
 *       kept as a primitive long (no boxing); ties break by source position;
 *   <li>set operations combine position sets and list the result in source order.
 * </ul>
 *
 * Only the tensors the query names are opened. Not thread-safe: one per execution.
 */
final class Executor {
  static final int BATCH = 2048;

  private final long[] src;
  private final int n;
  private final Map<String, TensorCol> cols = new LinkedHashMap<>();
  private final RowEval re;
  private final Binder binder;
  private final DatasetReader ds;

  Executor(DatasetReader ds, long[] src, SplittableRandom random) {
    this.ds = ds;
    this.src = src;
    long len = src == null ? ds.length() : src.length;
    if (len > Integer.MAX_VALUE - 16) {
      throw new TqlSemanticException(
          "FROM", "TQL queries sources of up to 2^31 rows; this one has " + len);
    }
    this.n = (int) len;
    this.re = new RowEval(random);
    this.binder = new Binder(ds, cols);
  }

  /** The result as dataset rows in result order. */
  long[] rows(Query q) {
    return result(q).rows();
  }

  private long row(int pos) {
    return src == null ? pos : src[pos];
  }

  /** The full result: rows, groups, sequence items and output columns. */
  QueryResult result(Query q) {
    try {
      if (q instanceof Query.Select s) {
        return Pipeline.select(this, s);
      }
      return new QueryResult(rowsOf(run(q)), null, null, null, List.of());
    } finally {
      cols.values().forEach(TensorCol::release);
    }
  }

  long[] rowsOf(int[] pos) {
    long[] out = new long[pos.length];
    for (int i = 0; i < pos.length; i++) {
      out[i] = row(pos[i]);
    }
    return out;
  }

  /** Number of source rows. */
  int size() {
    return n;
  }

  DatasetReader dataset() {
    return ds;
  }

  Binder binder() {
    return binder;
  }

  RowEval rowEval() {
    return re;
  }

  /** The dataset row of source position {@code pos}. */
  long rowAt(int pos) {
    return row(pos);
  }

  /** Rows of a query used as an operand of a set operation (row selections only). */
  int[] run(Query q) {
    if (q instanceof Query.Select s) {
      return Pipeline.positions(this, s);
    }
    Query.SetOperation so = (Query.SetOperation) q;
    requireRowSelection(so.left(), so.operator());
    requireRowSelection(so.right(), so.operator());
    int[] a = run(so.left());
    int[] b = run(so.right());
    BitSet x = bits(a);
    BitSet y = bits(b);
    switch (so.operator()) {
      case UNION -> x.or(y);
      case INTERSECT -> x.and(y);
      case EXCEPT -> x.andNot(y);
    }
    return x.stream().toArray();
  }

  private static void requireRowSelection(Query q, Query.SetOperator op) {
    if (q instanceof Query.Select s
        && (!s.selectsAll() || !s.groupBy().isEmpty() || !s.ungroupBy().isEmpty())) {
      throw new TqlSemanticException(
          op.name(),
          "UNION, INTERSECT and EXCEPT combine row selections: their operands are SELECT * without"
              + " GROUP BY or UNGROUP BY");
    }
  }

  private static BitSet bits(int[] pos) {
    BitSet s = new BitSet();
    for (int p : pos) {
      s.set(p);
    }
    return s;
  }

  // ------------------------------------------------------------------ SELECT

  /** WHERE, ORDER BY, LIMIT and OFFSET of {@code s} (its other clauses are not looked at). */
  int[] select(Query.Select s) {
    Node where = s.where() == null ? null : binder.condition(s.where());
    List<Node> keys = new ArrayList<>();
    for (Query.OrderItem o : s.orderBy()) {
      keys.add(binder.orderKey(o.expr()));
    }
    long offset = s.offset() == null ? 0 : s.offset();
    long limit = s.limit() == null ? Long.MAX_VALUE : s.limit();
    long want = offset + limit < 0 ? Long.MAX_VALUE : offset + limit;
    if (where instanceof Node.Const c) {
      if (!Ops.truth(c.value(), "WHERE")) {
        return new int[0];
      }
      where = null;
    }
    if (limit == 0 || offset >= n) {
      return new int[0];
    }
    if (keys.isEmpty() && where == null) {
      int from = (int) offset;
      int to = (int) Math.min(n, want);
      int[] out = new int[to - from];
      for (int i = 0; i < out.length; i++) {
        out[i] = from + i;
      }
      return out;
    }
    Scan scan = new Scan();
    java.util.Map<TensorCol, VNode.ColNum> shared = new java.util.IdentityHashMap<>();
    VNode w =
        where == null ? null : VNode.truth(VNode.compile(where, re, BATCH, shared), "WHERE", BATCH);
    int[] ordered;
    if (keys.isEmpty()) {
      ordered = filter(scan, w, want);
    } else {
      List<VNode> kv = new ArrayList<>();
      for (Node k : keys) {
        kv.add(VNode.compile(k, re, BATCH, shared));
      }
      boolean[] desc = new boolean[keys.size()];
      for (int i = 0; i < desc.length; i++) {
        desc[i] = s.orderBy().get(i).descending();
      }
      ordered =
          kv.size() == 1 && kv.get(0).isNumeric()
              ? orderPrimitive(scan, w, kv.get(0), desc[0], want)
              : orderGeneral(scan, w, kv, desc, want);
    }
    int from = (int) Math.min(offset, ordered.length);
    int to = (int) Math.min(ordered.length, want);
    return Arrays.copyOfRange(ordered, from, to);
  }

  /** Iterates source positions in ascending dataset-row order, a batch at a time. */
  private final class Scan {
    final boolean inSourceOrder;
    final int[] order;
    final Batch batch = new Batch(BATCH);
    int next;

    Scan() {
      boolean asc = true;
      if (src != null) {
        for (int i = 1; i < src.length && asc; i++) {
          asc = src[i] > src[i - 1];
        }
      }
      inSourceOrder = asc;
      if (asc) {
        order = null;
      } else {
        Integer[] boxed = new Integer[n];
        for (int i = 0; i < n; i++) {
          boxed[i] = i;
        }
        Arrays.sort(boxed, Comparator.comparingLong((Integer p) -> src[p]).thenComparing(p -> p));
        order = new int[n];
        for (int i = 0; i < n; i++) {
          order[i] = boxed[i];
        }
      }
    }

    boolean fill() {
      return fill(BATCH);
    }

    /** Loads the next batch of at most {@code max} rows; false at the end. */
    boolean fill(int max) {
      if (next >= n) {
        return false;
      }
      int m = Math.min(Math.min(max, BATCH), n - next);
      batch.contiguous = order == null;
      batch.firstPos = next;
      if (order == null) {
        long[] rows = batch.rows;
        if (src == null) {
          for (int i = 0; i < m; i++) {
            rows[i] = next + i;
          }
        } else {
          System.arraycopy(src, next, rows, 0, m);
        }
      } else {
        for (int i = 0; i < m; i++) {
          int p = order[next + i];
          batch.pos[i] = p;
          batch.rows[i] = row(p);
        }
      }
      batch.n = m;
      batch.seq++;
      next += m;
      return true;
    }
  }

  int[] filter(Scan scan, VNode w, long want) {
    IntList out = new IntList();
    Batch b = scan.batch;
    // With a LIMIT that may stop the scan, start small and grow, so that few chunks are read.
    int batch = scan.inSourceOrder && want < n ? (int) Math.max(16, Math.min(BATCH, want)) : BATCH;
    while (scan.fill(batch)) {
      batch = Math.min(BATCH, batch * 2);
      w.eval(b, null);
      boolean[] z = w.z;
      int m = b.n;
      out.reserve(m);
      int[] a = out.a;
      int size = out.size;
      if (b.contiguous) {
        int p0 = b.firstPos;
        for (int i = 0; i < m; i++) {
          a[size] = p0 + i;
          size += z[i] ? 1 : 0;
        }
      } else {
        int[] pos = b.pos;
        for (int i = 0; i < m; i++) {
          a[size] = pos[i];
          size += z[i] ? 1 : 0;
        }
      }
      out.size = size;
      if (scan.inSourceOrder && size >= want) {
        break;
      }
    }
    int[] r = out.toArray();
    if (!scan.inSourceOrder) {
      Arrays.sort(r);
    }
    return r;
  }

  private int[] orderPrimitive(Scan scan, VNode w, VNode key, boolean desc, long want) {
    Batch b = scan.batch;
    int k = (int) Math.min(want, n);
    boolean bounded = want < n;
    TopK.Longs top = bounded ? new TopK.Longs(k) : null;
    long[] allKeys = bounded ? null : new long[16];
    int[] allPos = bounded ? null : new int[16];
    int count = 0;
    IntList empties = new IntList();
    while (scan.fill()) {
      boolean[] active = null;
      if (w != null) {
        w.eval(b, null);
        active = w.z;
      }
      key.eval(b, active);
      for (int i = 0; i < b.n; i++) {
        if (active != null && !active[i]) {
          continue;
        }
        long sk;
        switch (key.kind) {
          case LONG -> sk = key.l[i];
          case BOOL -> sk = key.z[i] ? 1 : 0;
          default -> {
            double v = key.d[i];
            if (Double.isNaN(v)) {
              empties.add(b.pos(i));
              continue;
            }
            sk = Sorting.sortable(v);
          }
        }
        if (desc) {
          sk = ~sk;
        }
        if (bounded) {
          top.offer(sk, b.pos(i));
        } else {
          if (count == allKeys.length) {
            allKeys = Arrays.copyOf(allKeys, count * 2);
            allPos = Arrays.copyOf(allPos, count * 2);
          }
          allKeys[count] = sk;
          allPos[count++] = b.pos(i);
        }
      }
    }
    int[] head;
    if (bounded) {
      head = top.sortedPositions();
    } else {
      Sorting.sort(allKeys, allPos, count);
      head = Arrays.copyOf(allPos, count);
    }
    int[] tail = empties.toArray();
    Arrays.sort(tail);
    int[] out = Arrays.copyOf(head, head.length + tail.length);
    System.arraycopy(tail, 0, out, head.length, tail.length);
    return out;
  }

  /** One row's sort keys: Long, Double, String, or null for an empty value. */
  record Entry(Object[] keys, int pos) {}

  static int compareKey(Object a, Object b, boolean desc) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1; // empty values last, either direction
    }
    int c;
    if (a instanceof String x && b instanceof String y) {
      c = Ops.compareStrings(x, y);
    } else if (a instanceof String) {
      c = 1;
    } else if (b instanceof String) {
      c = -1;
    } else if (a instanceof Long x && b instanceof Long y) {
      c = Long.compare(x, y);
    } else {
      double x = ((Number) a).doubleValue();
      double y = ((Number) b).doubleValue();
      c = x < y ? -1 : x > y ? 1 : 0;
    }
    return desc ? -c : c;
  }

  static Comparator<Entry> comparator(boolean[] desc) {
    return (e, f) -> {
      for (int i = 0; i < desc.length; i++) {
        int c = compareKey(e.keys[i], f.keys[i], desc[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(e.pos, f.pos);
    };
  }

  private static Object keyOf(VNode k, int i, long row) {
    switch (k.kind) {
      case LONG:
        return k.l[i];
      case BOOL:
        return k.z[i] ? 1L : 0L;
      case DOUBLE:
        return Double.isNaN(k.d[i]) ? null : k.d[i];
      default:
        return keyOf(k.v[i], row);
    }
  }

  /** A sort key: Long, Double or String, null for an empty value or NaN. */
  static Object keyOf(Val v, long row) {
    if (v instanceof Str s) {
      return s.s();
    }
    if (v instanceof Arr a && a.size() <= 1) {
      if (a.size() == 0) {
        return null;
      }
      if (a.isInt()) {
        return a.l[0];
      }
      return Double.isNaN(a.d[0]) ? null : a.d[0];
    }
    throw new TqlSemanticException(
            "ORDER BY", "ORDER BY needs a number or string per row but found " + Ops.kindOf(v))
        .atRow(row);
  }

  private int[] orderGeneral(Scan scan, VNode w, List<VNode> kv, boolean[] desc, long want) {
    Batch b = scan.batch;
    Comparator<Entry> cmp = comparator(desc);
    boolean bounded = want < n;
    int k = (int) Math.min(want, n);
    TopK<Entry> top = bounded ? new TopK<>(k, cmp) : null;
    List<Entry> all = bounded ? null : new ArrayList<>();
    while (scan.fill()) {
      boolean[] active = null;
      if (w != null) {
        w.eval(b, null);
        active = w.z;
      }
      for (VNode key : kv) {
        key.eval(b, active);
      }
      for (int i = 0; i < b.n; i++) {
        if (active != null && !active[i]) {
          continue;
        }
        Object[] keys = new Object[kv.size()];
        for (int j = 0; j < keys.length; j++) {
          keys[j] = keyOf(kv.get(j), i, b.rows[i]);
        }
        Entry e = new Entry(keys, b.pos(i));
        if (bounded) {
          top.offer(e);
        } else {
          all.add(e);
        }
      }
    }
    List<Entry> list = bounded ? top.sorted() : all;
    if (!bounded) {
      list.sort(cmp);
    }
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = list.get(i).pos;
    }
    return out;
  }

  /** A growable int array. */
  static final class IntList {
    int[] a = new int[64];
    int size;

    void add(int v) {
      reserve(1);
      a[size++] = v;
    }

    /** Makes room for {@code more} elements. */
    void reserve(int more) {
      if (size + more > a.length) {
        a = Arrays.copyOf(a, Math.max(a.length * 2, size + more));
      }
    }

    int[] toArray() {
      return Arrays.copyOf(a, size);
    }
  }
}
