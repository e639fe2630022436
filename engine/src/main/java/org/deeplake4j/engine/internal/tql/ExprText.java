package org.deeplake4j.engine.internal.tql;

import java.util.Locale;
import java.util.stream.Collectors;
import org.deeplake4j.engine.tql.Expr;

/**
 * Renders a parsed expression back to canonical TQL text (keywords and function names upper case,
 * minimal spacing, no positions): the default name of a computed select item, and how a select item
 * is matched with a GROUP BY expression.
 */
public final class ExprText {
  private ExprText() {}

  public static String render(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      return n.value().toString();
    }
    if (e instanceof Expr.StringLit s) {
      return "'" + s.value().replace("'", "''") + "'";
    }
    if (e instanceof Expr.BoolLit b) {
      return b.value() ? "TRUE" : "FALSE";
    }
    if (e instanceof Expr.ArrayLit a) {
      return "ARRAY[" + a.items().stream().map(ExprText::render).collect(joining()) + "]";
    }
    if (e instanceof Expr.Column c) {
      return name(c.name());
    }
    if (e instanceof Expr.Unary u) {
      String inner = wrap(u.operand());
      if (u.op() == Expr.UnaryOp.NOT) {
        return "NOT " + inner;
      }
      return inner.startsWith("-") ? "-(" + inner + ")" : "-" + inner; // "--" starts a comment
    }
    if (e instanceof Expr.Binary b) {
      return wrap(b.left()) + " " + b.op().symbol() + " " + wrap(b.right());
    }
    if (e instanceof Expr.Between b) {
      return wrap(b.value())
          + (b.negated() ? " NOT" : "")
          + " BETWEEN "
          + wrap(b.low())
          + " AND "
          + wrap(b.high());
    }
    if (e instanceof Expr.In in) {
      return wrap(in.value())
          + (in.negated() ? " NOT" : "")
          + " IN ("
          + in.items().stream().map(ExprText::render).collect(joining())
          + ")";
    }
    if (e instanceof Expr.Call c) {
      return c.function().toUpperCase(Locale.ROOT)
          + "("
          + c.args().stream().map(ExprText::render).collect(joining())
          + ")";
    }
    Expr.Subscript s = (Expr.Subscript) e;
    StringBuilder sb = new StringBuilder(wrap(s.target())).append('[');
    for (int i = 0; i < s.indices().size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Expr.Index ix = s.indices().get(i);
      if (ix instanceof Expr.At at) {
        sb.append(render(at.index()));
      } else {
        Expr.Slice sl = (Expr.Slice) ix;
        sb.append(part(sl.start())).append(':').append(part(sl.stop()));
        if (sl.step() != null) {
          sb.append(':').append(render(sl.step()));
        }
      }
    }
    return sb.append(']').toString();
  }

  private static java.util.stream.Collector<CharSequence, ?, String> joining() {
    return Collectors.joining(", ");
  }

  private static String part(Expr e) {
    return e == null ? "" : render(e);
  }

  private static String wrap(Expr e) {
    boolean simple =
        e instanceof Expr.NumberLit
            || e instanceof Expr.StringLit
            || e instanceof Expr.BoolLit
            || e instanceof Expr.ArrayLit
            || e instanceof Expr.Column
            || e instanceof Expr.Call
            || e instanceof Expr.Subscript
            || e instanceof Expr.Unary u && u.op() == Expr.UnaryOp.NEG;
    return simple ? render(e) : "(" + render(e) + ")";
  }

  private static String name(String n) {
    return n.matches("[A-Za-z_][A-Za-z0-9_]*")
            && !Parser.KEYWORDS.contains(n.toUpperCase(Locale.ROOT))
        ? n
        : "\"" + n.replace("\"", "\"\"") + "\"";
  }
}
