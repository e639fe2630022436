package org.deeplake4j.engine.internal.tql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.tql.SType.Kind;
import org.deeplake4j.engine.internal.tql.Val.Arr;
import org.deeplake4j.engine.internal.tql.Val.Str;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.tql.Position;
import org.deeplake4j.engine.tql.TqlSemanticException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;

/**
 * Binds parsed expressions to a dataset's schema: resolves tensors (creating one {@link TensorCol}
 * per tensor the query names), functions and class names, checks types wherever the schema decides
 * them, and folds constant sub-expressions.
 */
final class Binder {
  private final DatasetReader ds;
  private final Map<String, TensorCol> cols;
  private final RowEval folder = new RowEval(new SplittableRandom(0));

  Binder(DatasetReader ds, Map<String, TensorCol> cols) {
    this.ds = ds;
    this.cols = cols;
  }

  /** Binds a WHERE condition. */
  Node condition(Expr e) {
    Node n = bind(e);
    checkCondition(n, "WHERE");
    return n;
  }

  /** Binds a condition of {@code clause} (a truth value per row). */
  Node condition(Expr e, String clause) {
    Node n = bind(e);
    checkCondition(n, clause);
    return n;
  }

  /** Binds an expression that must give one number per row (a weight or an aggregate input). */
  Node number(Expr e, String clause) {
    Node n = bind(e);
    SType t = n.type();
    if (t.isStr()) {
      throw new TqlSemanticException(
          subject(t, clause),
          clause + " needs numbers but " + t.describe() + " is a string (at " + e.pos() + ")");
    }
    if (t.isNum() && t.size() > 1) {
      throw new TqlSemanticException(
          subject(t, clause),
          clause
              + " needs one number per row but "
              + t.describe()
              + " has "
              + t.size()
              + " elements (at "
              + e.pos()
              + ")");
    }
    return n;
  }

  /** Binds an ORDER BY key. */
  Node orderKey(Expr e) {
    Node n = bind(e);
    SType t = n.type();
    if (t.isNum() && t.size() > 1) {
      throw new TqlSemanticException(
          subject(t, "ORDER BY"),
          "ORDER BY needs one value per row but "
              + t.describe()
              + " has "
              + t.size()
              + " elements (at "
              + e.pos()
              + ")");
    }
    return n;
  }

  private static String subject(SType t, String fallback) {
    return t.source() != null ? t.source() : fallback;
  }

  private static void checkCondition(Node n, String clause) {
    SType t = n.type();
    if (t.isStr()) {
      throw new TqlSemanticException(
          subject(t, clause),
          clause
              + " needs a number or boolean but "
              + t.describe()
              + " is a string (compare it, e.g. x == 'value')");
    }
    if (t.isNum() && t.size() > 1) {
      throw new TqlSemanticException(
          subject(t, clause),
          clause
              + " needs one value per row but "
              + t.describe()
              + " has "
              + t.size()
              + " elements (reduce it with ANY(...) or ALL(...))");
    }
  }

  // ------------------------------------------------------------------ expressions

  Node bind(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      Arr a = Arr.ofNumber(n.value());
      return new Node.Const(a, SType.num(1, 0, a.isInt()));
    }
    if (e instanceof Expr.StringLit s) {
      return new Node.Const(new Str(s.value()), SType.STR);
    }
    if (e instanceof Expr.BoolLit b) {
      return new Node.Const(Ops.bool(b.value()), SType.BOOL);
    }
    if (e instanceof Expr.ArrayLit a) {
      return array(a);
    }
    if (e instanceof Expr.Column c) {
      return column(c.name(), c.pos());
    }
    if (e instanceof Expr.Unary u) {
      return unary(u);
    }
    if (e instanceof Expr.Binary b) {
      return binary(b);
    }
    if (e instanceof Expr.Between b) {
      return between(b);
    }
    if (e instanceof Expr.In in) {
      return in(in);
    }
    if (e instanceof Expr.Call c) {
      return call(c);
    }
    return subscript((Expr.Subscript) e);
  }

  private Node fold(Node n) {
    return isConstant(n) ? new Node.Const(folder.eval(n, 0), n.type()) : n;
  }

  private static boolean isConstant(Node n) {
    if (n instanceof Node.Const) {
      return true;
    }
    if (n instanceof Node.Col) {
      return false;
    }
    if (n instanceof Node.Neg x) {
      return isConstant(x.e());
    }
    if (n instanceof Node.Not x) {
      return isConstant(x.e());
    }
    if (n instanceof Node.Bin b) {
      return isConstant(b.l()) && isConstant(b.r());
    }
    if (n instanceof Node.Between b) {
      return isConstant(b.v()) && isConstant(b.lo()) && isConstant(b.hi());
    }
    if (n instanceof Node.In in) {
      return isConstant(in.v()) && in.items().stream().allMatch(Binder::isConstant);
    }
    if (n instanceof Node.Call c) {
      return c.fn() != Fn.RANDOM && c.args().stream().allMatch(Binder::isConstant);
    }
    if (n instanceof Node.ArrayOf a) {
      return a.items().stream().allMatch(Binder::isConstant);
    }
    Node.Sub s = (Node.Sub) n;
    if (!isConstant(s.target())) {
      return false;
    }
    for (Node.Idx i : s.idx()) {
      if (i instanceof Node.At at && !isConstant(at.index())) {
        return false;
      }
      if (i instanceof Node.Slice sl
          && !(constOrNull(sl.start()) && constOrNull(sl.stop()) && constOrNull(sl.step()))) {
        return false;
      }
    }
    return true;
  }

  private static boolean constOrNull(Node n) {
    return n == null || isConstant(n);
  }

  private Node column(String name, Position pos) {
    TensorCol existing = cols.get(name);
    if (existing != null) {
      return new Node.Col(existing, existing.type);
    }
    if (!ds.hasTensor(name)) {
      throw new TqlSemanticException(
          name,
          "unknown tensor '"
              + name
              + "' at "
              + pos
              + " (tensors: "
              + String.join(", ", ds.tensorNames())
              + "; quote names with '/', spaces or keywords: \"group/name\")");
    }
    TensorReader t = ds.tensor(name);
    TensorMeta m = t.meta();
    if (m.isSequence() || m.isLink()) {
      throw new TqlSemanticException(
          name,
          "tensor '"
              + name
              + "' is "
              + m.displayHtype()
              + ": TQL reads tensors of plain samples, not sequence or link tensors");
    }
    Htype h = m.baseType();
    SType type;
    if (h == Htype.TEXT) {
      type = SType.STR;
    } else if (h.isJsonLike()) {
      type = SType.DYN;
    } else {
      Dtype dt = m.numericDtype();
      boolean integral = dt != null && !dt.isFloating() && dt != Dtype.UINT64;
      long[] max = m.maxShape();
      int ndim = max.length == 0 && m.length() == 0 ? -1 : max.length;
      long size = -1;
      if (m.isFixedShape() && m.length() > 0) {
        size = 1;
        for (long d : max) {
          size *= d;
        }
      }
      type = SType.num(size, ndim, integral);
      if (h == Htype.CLASS_LABEL) {
        type = type.withClassNames(t.classNames());
      }
    }
    type = type.withSource(name);
    TensorCol c = TensorCol.of(name, t, type);
    cols.put(name, c);
    return new Node.Col(c, type);
  }

  private Node unary(Expr.Unary u) {
    Node x = bind(u.operand());
    if (u.op() == Expr.UnaryOp.NOT) {
      checkCondition(x, "NOT");
      return fold(new Node.Not(x, SType.BOOL));
    }
    SType t = x.type();
    if (t.isStr()) {
      throw new TqlSemanticException(
          subject(t, "-"), "cannot negate " + t.describe() + " (at " + u.pos() + ")");
    }
    SType rt = t.isDyn() ? SType.DYN : SType.num(t.size(), t.ndim(), t.integral());
    return fold(new Node.Neg(x, rt));
  }

  private static long combine(long a, long b) {
    if (a == 0 || b == 0) {
      return 0;
    }
    if (a == 1) {
      return b;
    }
    if (b == 1 || a == b) {
      return a;
    }
    return -1;
  }

  private Node binary(Expr.Binary b) {
    BinaryOp op = b.op();
    Node l = bind(b.left());
    Node r = bind(b.right());
    if (op == BinaryOp.AND || op == BinaryOp.OR) {
      checkCondition(l, op.name());
      checkCondition(r, op.name());
      return fold(new Node.Bin(op, l, r, SType.BOOL, op.name()));
    }
    String what = "operator '" + op.symbol() + "'";
    if (op.isComparison()) {
      r = coerce(l, r);
      l = coerce(r, l);
      checkComparable(l, r, what, b.pos());
      SType lt = l.type();
      SType rt = r.type();
      SType t =
          lt.isNum() && rt.isNum()
              ? SType.num(combine(lt.size(), rt.size()), Math.max(lt.ndim(), rt.ndim()), true)
              : lt.isDyn() || rt.isDyn() ? SType.num(-1, -1, true) : SType.BOOL;
      return fold(new Node.Bin(op, l, r, t, what));
    }
    SType lt = l.type();
    SType rt = r.type();
    for (SType t : List.of(lt, rt)) {
      if (t.isStr()) {
        throw new TqlSemanticException(
            subject(t, op.symbol()),
            "cannot apply "
                + what
                + " to "
                + t.describe()
                + " (at "
                + b.pos()
                + "): arithmetic needs numbers");
      }
    }
    SType t =
        lt.isDyn() || rt.isDyn()
            ? SType.DYN
            : SType.num(
                combine(lt.size(), rt.size()),
                Math.max(lt.ndim(), rt.ndim()),
                lt.integral() && rt.integral() && op != BinaryOp.DIV);
    return fold(new Node.Bin(op, l, r, t, what));
  }

  /** Resolves strings compared with class labels to label indices. */
  private Node coerce(Node labels, Node other) {
    List<String> names = labels.type().classNames();
    if (names == null || !(other instanceof Node.Const c)) {
      return other;
    }
    String tensor = labels.type().source() != null ? labels.type().source() : "class_label";
    if (c.value() instanceof Str s) {
      return new Node.Const(Arr.ofLong(classIndex(names, s.s(), tensor)), SType.num(1, 0, true));
    }
    if (c.value() instanceof Val.Json j && j.node().isArray() && allText(j.node())) {
      long[] idx = new long[j.node().size()];
      for (int i = 0; i < idx.length; i++) {
        idx[i] = classIndex(names, j.node().get(i).textValue(), tensor);
      }
      return new Node.Const(Arr.longs(idx), SType.num(idx.length, 1, true));
    }
    return other;
  }

  private static boolean allText(JsonNode n) {
    for (JsonNode x : n) {
      if (!x.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private static int classIndex(List<String> names, String s, String tensor) {
    int i = names.indexOf(s);
    if (i < 0) {
      throw new TqlSemanticException(
          tensor,
          "'"
              + s
              + "' is not a class of tensor '"
              + tensor
              + "' (class_names: "
              + (names.isEmpty() ? "none" : String.join(", ", names))
              + ")");
    }
    return i;
  }

  private static void checkComparable(Node l, Node r, String what, Position pos) {
    Kind a = l.type().kind();
    Kind b = r.type().kind();
    if (a == Kind.DYN || b == Kind.DYN || a == b) {
      return;
    }
    SType named = l.type().source() != null ? l.type() : r.type();
    throw new TqlSemanticException(
        subject(named, what),
        "cannot compare "
            + l.type().describe()
            + " with "
            + r.type().describe()
            + " using "
            + what
            + " (at "
            + pos
            + ")");
  }

  private Node between(Expr.Between b) {
    Node v = bind(b.value());
    Node lo = coerce(v, bind(b.low()));
    Node hi = coerce(v, bind(b.high()));
    checkComparable(v, lo, "BETWEEN", b.pos());
    checkComparable(v, hi, "BETWEEN", b.pos());
    SType vt = v.type();
    SType t = vt.isNum() ? SType.num(vt.size(), vt.ndim(), true) : SType.num(-1, -1, true);
    return fold(new Node.Between(v, lo, hi, b.negated(), t));
  }

  private Node in(Expr.In in) {
    Node v = bind(in.value());
    List<Node> items = new ArrayList<>();
    for (Expr i : in.items()) {
      Node n = coerce(v, bind(i));
      checkComparable(v, n, "IN", in.pos());
      items.add(n);
    }
    SType vt = v.type();
    SType t =
        vt.isNum()
            ? SType.num(vt.size(), vt.ndim(), true)
            : vt.isStr() ? SType.BOOL : SType.num(-1, -1, true);
    return fold(new Node.In(v, items, in.negated(), t));
  }

  private Node call(Expr.Call c) {
    Fn fn = Fn.lookup(c.function());
    if (fn == null && Aggregate.lookup(c.function()) != null) {
      throw new TqlSemanticException(
          c.function().toUpperCase(java.util.Locale.ROOT),
          "aggregate "
              + c.function().toUpperCase(java.util.Locale.ROOT)
              + " at "
              + c.pos()
              + " can only be a whole item of the select list (SELECT labels, COUNT() GROUP BY"
              + " labels)");
    }
    if (fn == null) {
      throw new TqlSemanticException(
          c.function(),
          "unknown function "
              + c.function()
              + " at "
              + c.pos()
              + " (functions: "
              + String.join(", ", Arrays.stream(Fn.values()).map(Enum::name).toList())
              + ")");
    }
    if (c.args().size() != fn.arity) {
      throw new TqlSemanticException(
          fn.name(),
          fn.name()
              + " takes "
              + fn.arity
              + " argument"
              + (fn.arity == 1 ? "" : "s")
              + " but was given "
              + c.args().size()
              + " at "
              + c.pos()
              + ": "
              + fn.signature);
    }
    List<Node> args = new ArrayList<>();
    for (Expr a : c.args()) {
      args.add(bind(a));
    }
    SType type;
    switch (fn) {
      case RANDOM -> type = SType.REAL;
      case SHAPE -> {
        int nd = args.get(0).type().ndim();
        type = SType.num(nd, 1, true);
      }
      case CONTAINS -> {
        Node hay = args.get(0);
        Node needle = coerce(hay, args.get(1));
        args.set(1, needle);
        SType ht = hay.type();
        SType nt = needle.type();
        if (ht.kind() != Kind.DYN && nt.kind() != Kind.DYN && ht.kind() != nt.kind()) {
          throw new TqlSemanticException(
              subject(ht.source() != null ? ht : nt, fn.name()),
              "CONTAINS cannot look for "
                  + nt.describe()
                  + " in "
                  + ht.describe()
                  + " (at "
                  + c.pos()
                  + ")");
        }
        if (nt.isNum() && nt.size() > 1) {
          throw new TqlSemanticException(
              fn.name(),
              "CONTAINS looks for one value but was given "
                  + nt.size()
                  + " elements (at "
                  + c.pos()
                  + ")");
        }
        type = SType.BOOL;
      }
      default -> {
        for (Node a : args) {
          if (a.type().isStr()) {
            throw new TqlSemanticException(
                subject(a.type(), fn.name()),
                fn.name()
                    + " needs numeric arrays but was given "
                    + a.type().describe()
                    + " (at "
                    + c.pos()
                    + ")");
          }
        }
        if (fn.isPairwiseVector()) {
          long sa = args.get(0).type().size();
          long sb = args.get(1).type().size();
          if (sa > 0 && sb > 0 && sa != sb) {
            throw new TqlSemanticException(
                fn.name(),
                fn.name()
                    + " of arrays of "
                    + sa
                    + " and "
                    + sb
                    + " elements (at "
                    + c.pos()
                    + ")");
          }
        }
        type =
            switch (fn) {
              case ALL, ALL_STRICT, ANY -> SType.BOOL;
              case LOGICAL_AND, LOGICAL_OR -> SType.num(-1, args.get(0).type().ndim(), true);
              default -> SType.REAL;
            };
      }
    }
    return fold(new Node.Call(fn, List.copyOf(args), type));
  }

  private Node subscript(Expr.Subscript s) {
    Node target = bind(s.target());
    SType tt = target.type();
    String what = tt.source() != null ? "subscript of tensor '" + tt.source() + "'" : "subscript";
    if (tt.isStr()) {
      throw new TqlSemanticException(
          subject(tt, "subscript"),
          "cannot subscript " + tt.describe() + " (at " + s.pos() + "): strings have no elements");
    }
    List<Node.Idx> idx = new ArrayList<>();
    int positions = 0;
    for (Expr.Index i : s.indices()) {
      if (i instanceof Expr.At at) {
        Node n = bind(at.index());
        checkIndex(n, tt, what, s.pos());
        idx.add(new Node.At(n));
        positions++;
      } else {
        Expr.Slice sl = (Expr.Slice) i;
        Node a = sl.start() == null ? null : bind(sl.start());
        Node b = sl.stop() == null ? null : bind(sl.stop());
        Node c = sl.step() == null ? null : bind(sl.step());
        for (Node n : new Node[] {a, b, c}) {
          if (n != null && !n.type().isDyn() && !(n.type().isNum() && n.type().size() == 1)) {
            throw new TqlSemanticException(
                subject(tt, "subscript"),
                what + ": slice bounds must be integers (at " + s.pos() + ")");
          }
        }
        idx.add(new Node.Slice(a, b, c));
      }
    }
    SType t;
    if (tt.isDyn()) {
      t = SType.DYN;
    } else {
      if (tt.ndim() >= 0 && idx.size() > tt.ndim()) {
        throw new TqlSemanticException(
            subject(tt, "subscript"),
            what
                + ": "
                + idx.size()
                + " subscripts on samples of "
                + tt.ndim()
                + " dimension"
                + (tt.ndim() == 1 ? "" : "s")
                + " (at "
                + s.pos()
                + ")");
      }
      t = SType.num(-1, tt.ndim() < 0 ? -1 : tt.ndim() - positions, tt.integral());
      if (tt.classNames() != null) {
        t = t.withClassNames(tt.classNames()).withSource(tt.source());
      }
    }
    return fold(new Node.Sub(target, List.copyOf(idx), t, what));
  }

  private static void checkIndex(Node n, SType target, String what, Position pos) {
    SType it = n.type();
    if (it.isDyn()) {
      return;
    }
    if (it.isStr() && target.isDyn()) {
      return;
    }
    if (it.isNum() && it.size() == 1) {
      return;
    }
    throw new TqlSemanticException(
        subject(target, "subscript"),
        what
            + ": a subscript must be an integer"
            + (target.isDyn() ? " or a JSON key" : "")
            + ", found "
            + it.describe()
            + " (at "
            + pos
            + ")");
  }

  private Node array(Expr.ArrayLit a) {
    List<Node> items = new ArrayList<>();
    for (Expr e : a.items()) {
      items.add(bind(e));
    }
    if (items.isEmpty()) {
      return new Node.Const(
          new Arr(new long[] {0}, new long[0], null, false), SType.num(0, 1, true));
    }
    boolean allConst = items.stream().allMatch(n -> n instanceof Node.Const);
    if (allConst && items.stream().allMatch(n -> ((Node.Const) n).value() instanceof Str)) {
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      items.forEach(n -> arr.add(((Str) ((Node.Const) n).value()).s()));
      return new Node.Const(new Val.Json(arr), SType.DYN);
    }
    if (allConst && items.stream().allMatch(n -> ((Node.Const) n).value() instanceof Arr)) {
      return stack(items, a.pos());
    }
    for (int i = 0; i < items.size(); i++) {
      SType t = items.get(i).type();
      boolean ok = t.isDyn() || (t.isNum() && (t.size() == 1 || t.size() == -1));
      if (!ok || a.items().get(i) instanceof Expr.ArrayLit) {
        throw new TqlSemanticException(
            "ARRAY",
            "ARRAY items must be all numbers or all strings, and nested arrays constants;"
                + " item "
                + i
                + " is "
                + t.describe()
                + " (at "
                + a.pos()
                + ")");
      }
    }
    boolean integral = items.stream().allMatch(n -> n.type().isNum() && n.type().integral());
    return new Node.ArrayOf(List.copyOf(items), SType.num(items.size(), 1, integral));
  }

  private static Node stack(List<Node> items, Position pos) {
    Arr first = (Arr) ((Node.Const) items.get(0)).value();
    long[] inner = first.shape;
    boolean ints = true;
    boolean bools = true;
    for (Node n : items) {
      Arr x = (Arr) ((Node.Const) n).value();
      if (!Arrays.equals(x.shape, inner)) {
        throw new TqlSemanticException(
            "ARRAY",
            "ARRAY items have different shapes "
                + Arrays.toString(inner)
                + " and "
                + Arrays.toString(x.shape)
                + " (at "
                + pos
                + ")");
      }
      ints &= x.isInt();
      bools &= x.bool;
    }
    int per = first.size();
    int n = items.size();
    long[] shape = new long[inner.length + 1];
    shape[0] = n;
    System.arraycopy(inner, 0, shape, 1, inner.length);
    long[] ls = ints ? new long[n * per] : null;
    double[] dd = ints ? null : new double[n * per];
    for (int i = 0; i < n; i++) {
      Arr x = (Arr) ((Node.Const) items.get(i)).value();
      for (int k = 0; k < per; k++) {
        if (ints) {
          ls[i * per + k] = x.l[k];
        } else {
          dd[i * per + k] = x.dbl(k);
        }
      }
    }
    Arr out = new Arr(shape, ls, dd, ints && bools);
    return new Node.Const(out, SType.num((long) n * per, shape.length, ints));
  }
}
