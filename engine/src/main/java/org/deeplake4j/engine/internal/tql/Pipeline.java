package org.deeplake4j.engine.internal.tql;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryResult;
import org.deeplake4j.engine.tql.ResultColumn;
import org.deeplake4j.engine.tql.TqlSemanticException;

/**
 * The clauses of TQL part 2 around the row selection of {@link Executor#select}: EXPAND BY, SAMPLE
 * BY, GROUP BY with aggregates, UNGROUP BY and select lists. Order of evaluation within one SELECT:
 * WHERE, EXPAND BY, then SAMPLE BY (drawing LIMIT rows) or GROUP BY (one result row per group),
 * then ORDER BY (over rows, or over groups), then OFFSET/LIMIT, then UNGROUP BY (splitting rows
 * into sequence items; ORDER BY applies before the split, OFFSET/LIMIT after), then the select
 * list.
 *
 * <p>Key and weight expressions are evaluated a batch at a time with {@link VNode}s (scalar numeric
 * tensors read in bulk); select-list expressions row at a time over the result rows. Not
 * thread-safe: it runs inside one {@link Executor}.
 */
final class Pipeline {
  private Pipeline() {}

  private static final Object EMPTY_KEY =
      new Object() {
        @Override
        public String toString() {
          return "empty";
        }
      };

  // ------------------------------------------------------------------ entry points

  static QueryResult select(Executor x, Query.Select s) {
    s = withAliasesResolved(x, s);
    boolean aggregates = s.items().stream().anyMatch(i -> Aggregate.of(i.expr()) != null);
    if (!s.groupBy().isEmpty() || aggregates) {
      return grouped(x, s);
    }
    if (!s.ungroupBy().isEmpty()) {
      return ungrouped(x, s);
    }
    int[] pos = positions(x, s);
    long[] rows = x.rowsOf(pos);
    return new QueryResult(
        rows, null, null, s.selectsAll() ? null : project(x, s.items(), rows), List.of());
  }

  /**
   * GROUP BY expressions and ORDER BY keys that name a select item's {@code AS} alias (and no
   * tensor) stand for the item's expression: {@code SELECT x % 3 AS m, COUNT() GROUP BY m ORDER BY
   * m}, {@code SELECT SHAPE(boxes)[0] AS k ORDER BY k DESC}. (ORDER BY with GROUP BY also names
   * output columns directly; see {@link #sortGroups}.)
   */
  private static Query.Select withAliasesResolved(Executor x, Query.Select s) {
    if (s.items().isEmpty() || s.orderBy().isEmpty() && s.groupBy().isEmpty()) {
      return s;
    }
    List<Expr> group = new ArrayList<>();
    for (Expr e : s.groupBy()) {
      Expr r = aliased(x, s, e);
      group.add(r == null ? e : r);
    }
    List<Query.OrderItem> order = new ArrayList<>();
    for (Query.OrderItem o : s.orderBy()) {
      Expr r = s.groupBy().isEmpty() ? aliased(x, s, o.expr()) : null;
      order.add(r == null ? o : new Query.OrderItem(r, o.descending()));
    }
    return new Query.Select(
        s.items(),
        s.from(),
        s.where(),
        s.expand(),
        group,
        s.ungroupBy(),
        s.sample(),
        order,
        s.limit(),
        s.offset());
  }

  /** The expression of the select item aliased {@code e}'s name, or null. */
  private static Expr aliased(Executor x, Query.Select s, Expr e) {
    if (e instanceof Expr.Column c && !x.dataset().hasTensor(c.name())) {
      for (Query.SelectItem item : s.items()) {
        if (c.name().equals(item.alias()) && Aggregate.of(item.expr()) == null) {
          return item.expr();
        }
      }
    }
    return null;
  }

  /** Source positions selected by WHERE, EXPAND BY, SAMPLE BY, ORDER BY, OFFSET and LIMIT. */
  static int[] positions(Executor x, Query.Select s) {
    if (s.expand() == null && s.sample() == null) {
      return x.select(s);
    }
    int[] pos = x.select(new Query.Select(s.from(), s.where(), List.of(), null, null));
    if (s.expand() != null) {
      pos = expand(x, pos, s.expand());
    }
    if (s.sample() != null) {
      pos = Sampling.sample(x, pos, s.sample(), s.limit(), s.offset());
      return s.orderBy().isEmpty() ? pos : sort(x, pos, s.orderBy());
    }
    if (!s.orderBy().isEmpty()) {
      pos = sort(x, pos, s.orderBy());
    }
    return window(pos, s.offset(), s.limit());
  }

  private static int[] window(int[] pos, Long offset, Long limit) {
    long from = offset == null ? 0 : Math.min(offset, pos.length);
    long to = limit == null ? pos.length : Math.min(pos.length, from + limit);
    return from == 0 && to == pos.length ? pos : Arrays.copyOfRange(pos, (int) from, (int) to);
  }

  static TqlSemanticException error(String subject, String message) {
    return new TqlSemanticException(subject, message);
  }

  // ------------------------------------------------------------------ EXPAND BY

  /** The rows of {@code pos} and their neighbours in the source, in source order. */
  private static int[] expand(Executor x, int[] pos, Query.Expand e) {
    int n = x.size();
    BitSet out = new BitSet(n);
    for (int p : pos) {
      int from = (int) Math.max(0, p - Math.min(e.before(), n));
      int to = (int) Math.min(n, p + 1 + Math.min(e.after(), n));
      out.set(from, to);
    }
    return out.stream().toArray();
  }

  // ------------------------------------------------------------------ ORDER BY over given rows

  /** Sorts positions by ORDER BY keys evaluated row at a time; ties keep the given order. */
  private static int[] sort(Executor x, int[] pos, List<Query.OrderItem> order) {
    List<Node> keys = new ArrayList<>();
    boolean[] desc = new boolean[order.size()];
    for (int i = 0; i < desc.length; i++) {
      keys.add(x.binder().orderKey(order.get(i).expr()));
      desc[i] = order.get(i).descending();
    }
    Executor.Entry[] es = new Executor.Entry[pos.length];
    for (int j = 0; j < pos.length; j++) {
      long row = x.rowAt(pos[j]);
      Object[] k = new Object[keys.size()];
      for (int i = 0; i < k.length; i++) {
        k[i] = Executor.keyOf(eval(x, keys.get(i), row), row);
      }
      es[j] = new Executor.Entry(k, j);
    }
    Arrays.sort(es, Executor.comparator(desc));
    int[] out = new int[pos.length];
    for (int j = 0; j < out.length; j++) {
      out[j] = pos[es[j].pos()];
    }
    return out;
  }

  private static Val eval(Executor x, Node n, long row) {
    try {
      return x.rowEval().eval(n, row);
    } catch (TqlSemanticException e) {
      throw e.atRow(row);
    }
  }

  // ------------------------------------------------------------------ batches over positions

  /** Fills {@code b} with positions {@code pos[j0..j0+m)}. */
  static void fill(Batch b, Executor x, int[] pos, int j0, int m) {
    b.contiguous = false;
    for (int i = 0; i < m; i++) {
      int p = pos[j0 + i];
      b.pos[i] = p;
      b.rows[i] = x.rowAt(p);
    }
    b.n = m;
    b.seq++;
  }

  /**
   * Element {@code i} of a numeric node as a double; empty values and NaN give NaN. A value that is
   * not one number is an error naming {@code clause}.
   */
  static double num(VNode v, int i, long row, String clause) {
    switch (v.kind) {
      case LONG:
        return v.l[i];
      case DOUBLE:
        return v.d[i];
      case BOOL:
        return v.z[i] ? 1 : 0;
      default:
        Val val = v.v[i];
        if (val instanceof Arr a && a.size() <= 1) {
          return a.size() == 0 ? Double.NaN : a.dbl(0);
        }
        throw error(clause, clause + " needs one number per row but found " + Ops.kindOf(val))
            .atRow(row);
    }
  }

  // ------------------------------------------------------------------ select lists

  private static List<ResultColumn> project(Executor x, List<Query.SelectItem> items, long[] rows) {
    List<ResultColumn> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Query.SelectItem item : items) {
      Expr e = item.expr();
      ResultColumn c;
      if (e instanceof Expr.Column col && x.dataset().hasTensor(col.name())) {
        c = QueryColumn.stored(nameOf(item), col.name(), false);
      } else {
        Node n = x.binder().bind(e);
        Val[] v = new Val[rows.length];
        for (int i = 0; i < rows.length; i++) {
          v[i] = eval(x, n, rows[i]);
        }
        c = QueryColumn.computed(nameOf(item), v, n.type());
      }
      add(out, names, c);
    }
    return out;
  }

  private static String nameOf(Query.SelectItem item) {
    if (item.alias() != null) {
      return item.alias();
    }
    return item.expr() instanceof Expr.Column c ? c.name() : ExprText.render(item.expr());
  }

  private static void add(List<ResultColumn> out, Set<String> names, ResultColumn c) {
    if (!names.add(c.name())) {
      throw error(
          c.name(),
          "two columns of the select list are named '" + c.name() + "' (rename one with AS)");
    }
    out.add(c);
  }

  // ------------------------------------------------------------------ GROUP BY

  private static QueryResult grouped(Executor x, Query.Select s) {
    if (s.sample() != null) {
      throw error("SAMPLE BY", "SAMPLE BY cannot be combined with GROUP BY or aggregates");
    }
    if (!s.ungroupBy().isEmpty()) {
      throw error(
          "UNGROUP BY",
          "UNGROUP BY cannot be combined with GROUP BY in one SELECT (query the grouped view:"
              + " view.query(\"SELECT * UNGROUP BY ...\"))");
    }
    int[] pos =
        positions(
            x,
            new Query.Select(
                List.of(),
                s.from(),
                s.where(),
                s.expand(),
                List.of(),
                List.of(),
                null,
                List.of(),
                null,
                null));
    List<Node> keys = new ArrayList<>();
    for (Expr e : s.groupBy()) {
      Node k = x.binder().bind(e);
      SType t = k.type();
      if (t.isNum() && t.size() > 1) {
        throw error(
            t.source() != null ? t.source() : "GROUP BY",
            "GROUP BY needs one value per row but "
                + t.describe()
                + " has "
                + t.size()
                + " elements (at "
                + e.pos()
                + ")");
      }
      keys.add(k);
    }
    int[] gid = new int[pos.length];
    int ng = groupIds(x, pos, keys, gid);
    // members, in source order
    int[] size = new int[ng];
    for (int g : gid) {
      size[g]++;
    }
    long[][] members = new long[ng][];
    for (int g = 0; g < ng; g++) {
      members[g] = new long[size[g]];
    }
    int[] fillAt = new int[ng];
    for (int j = 0; j < pos.length; j++) {
      int g = gid[j];
      members[g][fillAt[g]++] = x.rowAt(pos[j]);
    }
    long[] rep = new long[ng];
    for (int g = 0; g < ng; g++) {
      rep[g] = members[g][0];
    }
    // output columns, by group id
    List<String> keyTexts = s.groupBy().stream().map(ExprText::render).toList();
    List<ResultColumn> cols = null;
    List<Val[]> values = new ArrayList<>();
    if (!s.selectsAll()) {
      cols = new ArrayList<>();
      Set<String> names = new HashSet<>();
      for (Query.SelectItem item : s.items()) {
        Expr e = item.expr();
        Aggregate a = Aggregate.of(e);
        int ki = keyTexts.indexOf(ExprText.render(e));
        ResultColumn c;
        Val[] v = null;
        if (a != null) {
          Node arg = aggregateArg(x, a, (Expr.Call) e);
          v = aggregate(x, a, arg, pos, gid, size);
          c = QueryColumn.computed(nameOf(item), v, aggregateType(a, arg, v));
        } else if (ki >= 0
            && !(e instanceof Expr.Column col && x.dataset().hasTensor(col.name()))) {
          v = atRows(x, keys.get(ki), rep);
          c = QueryColumn.computed(nameOf(item), v, keys.get(ki).type());
        } else if (e instanceof Expr.Column col && x.dataset().hasTensor(col.name())) {
          c = QueryColumn.stored(nameOf(item), col.name(), ki < 0);
        } else {
          throw error(
              ExprText.render(e),
              "with GROUP BY, a select item is a GROUP BY expression, an aggregate (COUNT, SUM, AVG,"
                  + " MIN, MAX) or a tensor (grouped into a sequence); '"
                  + ExprText.render(e)
                  + "' at "
                  + e.pos()
                  + " is none of them");
        }
        add(cols, names, c);
        values.add(v);
      }
    }
    // ORDER BY over groups, then OFFSET/LIMIT
    int[] ord = new int[ng];
    for (int g = 0; g < ng; g++) {
      ord[g] = g;
    }
    if (!s.orderBy().isEmpty()) {
      ord = sortGroups(x, s, cols, values, keys, keyTexts, rep);
    }
    ord = window(ord, s.offset(), s.limit());
    long[] rows = new long[ord.length];
    long[][] groups = new long[ord.length][];
    for (int k = 0; k < ord.length; k++) {
      rows[k] = rep[ord[k]];
      groups[k] = members[ord[k]];
    }
    if (cols != null) {
      for (int c = 0; c < cols.size(); c++) {
        Val[] v = values.get(c);
        if (v != null) {
          Val[] p = new Val[ord.length];
          for (int k = 0; k < ord.length; k++) {
            p[k] = v[ord[k]];
          }
          QueryColumn old = (QueryColumn) cols.get(c);
          cols.set(c, QueryColumn.computed(old.name(), p, old.type()));
        }
      }
    }
    return new QueryResult(rows, groups, null, cols, List.of());
  }

  private static Val[] atRows(Executor x, Node n, long[] rows) {
    Val[] v = new Val[rows.length];
    for (int i = 0; i < rows.length; i++) {
      v[i] = eval(x, n, rows[i]);
    }
    return v;
  }

  /** Assigns each position a group id (in order of first appearance); returns the group count. */
  private static int groupIds(Executor x, int[] pos, List<Node> keys, int[] gid) {
    if (keys.isEmpty()) {
      return pos.length == 0 ? 0 : 1; // aggregates without GROUP BY: one group of every row
    }
    int cap = Executor.BATCH;
    Map<TensorCol, VNode.ColNum> shared = new IdentityHashMap<>();
    VNode[] kv = new VNode[keys.size()];
    for (int i = 0; i < kv.length; i++) {
      kv[i] = VNode.compile(keys.get(i), x.rowEval(), cap, shared);
    }
    boolean primitive = kv.length == 1 && kv[0].isNumeric();
    LongIntMap prim = primitive ? new LongIntMap() : null;
    int[] dense = new int[primitive ? 4096 : 0];
    Arrays.fill(dense, -1);
    Map<Object, Integer> general = primitive ? null : new HashMap<>();
    int ng = 0;
    Batch b = new Batch(cap);
    for (int j0 = 0; j0 < pos.length; j0 += cap) {
      int m = Math.min(cap, pos.length - j0);
      fill(b, x, pos, j0, m);
      for (VNode k : kv) {
        k.eval(b, null);
      }
      if (primitive) {
        VNode k = kv[0];
        for (int i = 0; i < m; i++) {
          long key =
              switch (k.kind) {
                case LONG -> k.l[i];
                case BOOL -> k.z[i] ? 1 : 0;
                default -> Double.doubleToLongBits(k.d[i] + 0.0);
              };
          int g;
          if (key >= 0 && key < dense.length) { // small keys (labels): a direct table
            g = dense[(int) key];
            if (g < 0) {
              g = ng++;
              dense[(int) key] = g;
            }
          } else {
            g = prim.putIfAbsent(key, ng);
            if (g == ng) {
              ng++;
            }
          }
          gid[j0 + i] = g;
        }
      } else {
        for (int i = 0; i < m; i++) {
          Object key;
          if (kv.length == 1) {
            key = keyObject(kv[0], i, b.rows[i]);
          } else {
            Object[] parts = new Object[kv.length];
            for (int c = 0; c < kv.length; c++) {
              parts[c] = keyObject(kv[c], i, b.rows[i]);
            }
            key = Arrays.asList(parts);
          }
          Integer g = general.putIfAbsent(key, ng);
          if (g == null) {
            g = ng++;
          }
          gid[j0 + i] = g;
        }
      }
    }
    return ng;
  }

  private static Object keyObject(VNode k, int i, long row) {
    switch (k.kind) {
      case LONG:
        return k.l[i];
      case BOOL:
        return k.z[i] ? 1L : 0L;
      case DOUBLE:
        return k.d[i] + 0.0;
      default:
        Val v = k.v[i];
        if (v instanceof Str s) {
          return s.s();
        }
        if (v instanceof Arr a && a.size() <= 1) {
          if (a.size() == 0) {
            return EMPTY_KEY;
          }
          return a.isInt() ? (Object) a.l[0] : (Object) (a.d[0] + 0.0);
        }
        throw error(
                "GROUP BY",
                "GROUP BY needs one number or string per row but found " + Ops.kindOf(v))
            .atRow(row);
    }
  }

  // ------------------------------------------------------------------ aggregates

  private static Node aggregateArg(Executor x, Aggregate a, Expr.Call c) {
    int n = c.args().size();
    if (a == Aggregate.COUNT ? n > 1 : n != 1) {
      throw error(
          a.name(),
          a.name()
              + (a == Aggregate.COUNT ? " takes 0 or 1 arguments" : " takes 1 argument")
              + " but was given "
              + n
              + " at "
              + c.pos());
    }
    if (n == 0) {
      return null;
    }
    return a == Aggregate.COUNT
        ? x.binder().bind(c.args().get(0))
        : x.binder().number(c.args().get(0), a.name());
  }

  private static SType aggregateType(Aggregate a, Node arg, Val[] v) {
    return switch (a) {
      case COUNT -> SType.num(1, 0, true);
      case AVG -> SType.REAL;
      default -> {
        boolean integral = arg.type().isNum() && arg.type().integral();
        for (Val x : v) {
          if (x instanceof Arr r && r.size() > 0 && !r.isInt()) {
            integral = false;
          }
        }
        yield SType.num(1, 0, integral);
      }
    };
  }

  /** The aggregate of {@code arg} over each group; NaN and empty values are skipped. */
  private static Val[] aggregate(
      Executor x, Aggregate a, Node arg, int[] pos, int[] gid, int[] size) {
    int ng = size.length;
    Val[] out = new Val[ng];
    if (arg == null) {
      for (int g = 0; g < ng; g++) {
        out[g] = Arr.ofLong(size[g]);
      }
      return out;
    }
    long[] cnt = new long[ng];
    long[] sumL = new long[ng];
    double[] sumD = new double[ng];
    long[] minL = new long[ng];
    long[] maxL = new long[ng];
    double[] minD = new double[ng];
    double[] maxD = new double[ng];
    Arrays.fill(minL, Long.MAX_VALUE);
    Arrays.fill(maxL, Long.MIN_VALUE);
    Arrays.fill(minD, Double.POSITIVE_INFINITY);
    Arrays.fill(maxD, Double.NEGATIVE_INFINITY);
    boolean integral = true;
    int cap = Executor.BATCH;
    VNode v = VNode.compile(arg, x.rowEval(), cap, new IdentityHashMap<>());
    Batch b = new Batch(cap);
    for (int j0 = 0; j0 < pos.length; j0 += cap) {
      int m = Math.min(cap, pos.length - j0);
      fill(b, x, pos, j0, m);
      v.eval(b, null);
      for (int i = 0; i < m; i++) {
        int g = gid[j0 + i];
        if (a == Aggregate.COUNT) {
          boolean present =
              switch (v.kind) {
                case DOUBLE -> !Double.isNaN(v.d[i]);
                case VAL -> !(v.v[i] instanceof Arr r && r.size() == 0);
                default -> true;
              };
          cnt[g] += present ? 1 : 0;
          continue;
        }
        boolean isInt;
        long lv = 0;
        double dv;
        switch (v.kind) {
          case LONG -> {
            isInt = true;
            lv = v.l[i];
            dv = lv;
          }
          case BOOL -> {
            isInt = true;
            lv = v.z[i] ? 1 : 0;
            dv = lv;
          }
          case DOUBLE -> {
            isInt = false;
            dv = v.d[i];
          }
          default -> {
            Val val = v.v[i];
            if (!(val instanceof Arr r) || r.size() > 1) {
              throw error(
                      a.name(), a.name() + " needs one number per row but found " + Ops.kindOf(val))
                  .atRow(b.rows[i]);
            }
            if (r.size() == 0) {
              continue;
            }
            isInt = r.isInt();
            lv = isInt ? r.l[0] : 0;
            dv = r.dbl(0);
          }
        }
        if (!isInt && Double.isNaN(dv)) {
          continue;
        }
        integral &= isInt;
        cnt[g]++;
        sumL[g] += lv;
        sumD[g] += dv;
        if (isInt) {
          minL[g] = Math.min(minL[g], lv);
          maxL[g] = Math.max(maxL[g], lv);
        }
        minD[g] = Math.min(minD[g], dv);
        maxD[g] = Math.max(maxD[g], dv);
      }
    }
    for (int g = 0; g < ng; g++) {
      out[g] =
          switch (a) {
            case COUNT -> Arr.ofLong(cnt[g]);
            case SUM -> integral ? Arr.ofLong(sumL[g]) : Arr.ofDouble(sumD[g]);
            case AVG -> cnt[g] == 0 ? Arr.EMPTY : Arr.ofDouble(sumD[g] / cnt[g]);
            case MIN ->
                cnt[g] == 0 ? Arr.EMPTY : integral ? Arr.ofLong(minL[g]) : Arr.ofDouble(minD[g]);
            case MAX ->
                cnt[g] == 0 ? Arr.EMPTY : integral ? Arr.ofLong(maxL[g]) : Arr.ofDouble(maxD[g]);
          };
    }
    return out;
  }

  /** Group ids ordered by ORDER BY keys naming output columns or GROUP BY expressions. */
  private static int[] sortGroups(
      Executor x,
      Query.Select s,
      List<ResultColumn> cols,
      List<Val[]> values,
      List<Node> keys,
      List<String> keyTexts,
      long[] rep) {
    int ng = rep.length;
    List<Val[]> keyVals = new ArrayList<>();
    boolean[] desc = new boolean[s.orderBy().size()];
    for (int o = 0; o < desc.length; o++) {
      Query.OrderItem item = s.orderBy().get(o);
      desc[o] = item.descending();
      Expr e = item.expr();
      String text = ExprText.render(e);
      Val[] v = null;
      if (cols != null) {
        for (int c = 0; c < cols.size() && v == null; c++) {
          boolean named = e instanceof Expr.Column col && col.name().equals(cols.get(c).name());
          boolean same = text.equals(ExprText.render(s.items().get(c).expr()));
          if (named || same) {
            ResultColumn rc = cols.get(c);
            if (rc.kind() == ResultColumn.Kind.SEQUENCE) {
              throw error(
                  rc.name(),
                  "ORDER BY cannot sort by '" + rc.name() + "': with GROUP BY it is a sequence");
            }
            v =
                values.get(c) != null
                    ? values.get(c)
                    : atRows(x, x.binder().bind(new Expr.Column(rc.tensor(), e.pos())), rep);
          }
        }
      }
      if (v == null && keyTexts.contains(text)) {
        v = atRows(x, keys.get(keyTexts.indexOf(text)), rep);
      }
      if (v == null) {
        throw error(
            "ORDER BY",
            "with GROUP BY, ORDER BY names a column of the select list or a GROUP BY expression;"
                + " '"
                + text
                + "' at "
                + e.pos()
                + " is neither");
      }
      keyVals.add(v);
    }
    Executor.Entry[] es = new Executor.Entry[ng];
    for (int g = 0; g < ng; g++) {
      Object[] k = new Object[keyVals.size()];
      for (int i = 0; i < k.length; i++) {
        k[i] = Executor.keyOf(keyVals.get(i)[g], rep[g]);
      }
      es[g] = new Executor.Entry(k, g);
    }
    Arrays.sort(es, Executor.comparator(desc));
    int[] ord = new int[ng];
    for (int g = 0; g < ng; g++) {
      ord[g] = es[g].pos();
    }
    return ord;
  }

  // ------------------------------------------------------------------ UNGROUP BY

  private static QueryResult ungrouped(Executor x, Query.Select s) {
    if (s.sample() != null) {
      throw error("SAMPLE BY", "SAMPLE BY cannot be combined with UNGROUP BY");
    }
    List<String> split = new ArrayList<>();
    for (Expr e : s.ungroupBy()) {
      if (!(e instanceof Expr.Column c)) {
        throw error(
            "UNGROUP BY",
            "UNGROUP BY names tensors but found '" + ExprText.render(e) + "' at " + e.pos());
      }
      if (!x.dataset().hasTensor(c.name())) {
        x.binder().bind(e); // unknown tensor: the binder's message lists the tensors
      }
      if (x.dataset().tensor(c.name()).isSequence() && !split.contains(c.name())) {
        split.add(c.name());
      }
    }
    int[] pos =
        positions(
            x,
            new Query.Select(
                List.of(),
                s.from(),
                s.where(),
                s.expand(),
                List.of(),
                List.of(),
                null,
                s.orderBy(),
                null,
                null));
    long[] rows;
    long[] items = null;
    if (split.isEmpty()) {
      rows = x.rowsOf(pos);
    } else {
      List<TensorReader> ts = split.stream().map(n -> x.dataset().tensor(n)).toList();
      long total = 0;
      long[] lens = new long[pos.length];
      for (int j = 0; j < pos.length; j++) {
        long row = x.rowAt(pos[j]);
        long len = -1;
        for (TensorReader t : ts) {
          long[] r = t.sequenceRange(row);
          long l = r[1] - r[0];
          if (len >= 0 && l != len) {
            throw error(
                    t.name(),
                    "UNGROUP BY splits sequences of equal length, but '"
                        + t.name()
                        + "' has "
                        + l
                        + " items where '"
                        + ts.get(0).name()
                        + "' has "
                        + len)
                .atRow(row);
          }
          len = l;
        }
        lens[j] = len;
        total += len;
      }
      if (total > Integer.MAX_VALUE - 16) {
        throw error("UNGROUP BY", "UNGROUP BY gives at most 2^31 rows; this one gives " + total);
      }
      rows = new long[(int) total];
      items = new long[(int) total];
      int k = 0;
      for (int j = 0; j < pos.length; j++) {
        long row = x.rowAt(pos[j]);
        for (long i = 0; i < lens[j]; i++) {
          rows[k] = row;
          items[k++] = i;
        }
      }
    }
    long from = s.offset() == null ? 0 : Math.min(s.offset(), rows.length);
    long to = s.limit() == null ? rows.length : Math.min(rows.length, from + s.limit());
    rows = Arrays.copyOfRange(rows, (int) from, (int) to);
    if (items != null) {
      items = Arrays.copyOfRange(items, (int) from, (int) to);
    }
    return new QueryResult(
        rows, null, items, s.selectsAll() ? null : project(x, s.items(), rows), split);
  }
}
