package org.deeplake4j.spark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.connector.expressions.Expression;
import org.apache.spark.sql.connector.expressions.Literal;
import org.apache.spark.sql.connector.expressions.NamedReference;
import org.apache.spark.sql.connector.expressions.filter.Predicate;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.unsafe.types.UTF8String;
import org.deeplake4j.engine.filter.RowFilter;
import org.deeplake4j.engine.filter.RowFilter.Op;
import org.deeplake4j.spark.SparkTypes.Kind;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * Converts Spark V2 predicates into the engine's typed {@link RowFilter} model ({@link #toEngine}).
 *
 * <p>Converted: comparisons and IN on scalar numeric columns (with a literal of the column's own
 * type), {@code =}/{@code <>}/IN on text columns and on class names (with {@code
 * classLabels=name}), IS [NOT] NULL on any tensor column (an empty-sample test), comparisons and IN
 * on {@code _index}, AND, OR and NOT. A part that cannot be converted is replaced by a constant
 * that can only keep more rows (true, or false under an odd number of NOTs), so the converted
 * filter never drops a row the predicate keeps; {@link Converted#exact()} says whether nothing was
 * replaced.
 */
final class SparkFilters {
  private SparkFilters() {}

  /**
   * A converted predicate.
   *
   * @param filter the engine filter (a superset of the predicate's rows unless exact)
   * @param exact whether the filter equals the predicate
   */
  record Converted(RowFilter filter, boolean exact) {
    /** Whether the filter is a plain TRUE: converting it gained nothing. */
    boolean isTrivial() {
      return filter instanceof RowFilter.Constant c && c.value();
    }
  }

  /** Converts {@code p} for the columns of {@code snapshot}. Never throws for unknown shapes. */
  static Converted toEngine(Predicate p, DeepLakeSnapshot snapshot) {
    boolean[] exact = {true};
    RowFilter f = convert(p, snapshot, true, exact);
    return new Converted(simplify(f), exact[0]);
  }

  private static RowFilter convert(
      Predicate p, DeepLakeSnapshot s, boolean positive, boolean[] exact) {
    RowFilter f = null;
    try {
      f = convertOrNull(p, s, positive, exact);
    } catch (RuntimeException e) {
      // An expression shape this converter does not know: leave it to Spark.
      f = null;
    }
    if (f == null) {
      exact[0] = false;
      return new RowFilter.Constant(positive);
    }
    return f;
  }

  private static RowFilter convertOrNull(
      Predicate p, DeepLakeSnapshot s, boolean positive, boolean[] exact) {
    Expression[] ch = p.children();
    switch (p.name()) {
      case "AND":
        return new RowFilter.And(
            convert((Predicate) ch[0], s, positive, exact),
            convert((Predicate) ch[1], s, positive, exact));
      case "OR":
        return new RowFilter.Or(
            convert((Predicate) ch[0], s, positive, exact),
            convert((Predicate) ch[1], s, positive, exact));
      case "NOT":
        return new RowFilter.Not(convert((Predicate) ch[0], s, !positive, exact));
      case "ALWAYS_TRUE":
        return new RowFilter.Constant(true);
      case "ALWAYS_FALSE":
        return new RowFilter.Constant(false);
      case "IS_NULL":
      case "IS_NOT_NULL":
        {
          RowFilter isNull = isNull(ch[0], s);
          if (isNull == null) {
            return null;
          }
          return p.name().equals("IS_NULL") ? isNull : new RowFilter.Not(isNull);
        }
      case "IN":
        return in(ch, s);
      case "=":
      case "<>":
      case "<":
      case "<=":
      case ">":
      case ">=":
      case "<=>":
        return comparison(p.name(), ch, s);
      default:
        return null;
    }
  }

  private static RowFilter isNull(Expression e, DeepLakeSnapshot s) {
    if (!(e instanceof NamedReference ref)) {
      return null;
    }
    String[] names = ref.fieldNames();
    if (names.length == 1 && s.isMetadataColumn(names[0], DeepLakeSnapshot.INDEX_COLUMN)) {
      return new RowFilter.Constant(false);
    }
    TensorColumn c = s.column(names);
    return c == null ? null : new RowFilter.IsNull(c.tensor());
  }

  private static Op op(String name) {
    return switch (name) {
      case "=", "<=>" -> Op.EQ;
      case "<>" -> Op.NE;
      case "<" -> Op.LT;
      case "<=" -> Op.LE;
      case ">" -> Op.GT;
      case ">=" -> Op.GE;
      default -> throw new IllegalArgumentException(name);
    };
  }

  private static Op flip(Op op) {
    return switch (op) {
      case LT -> Op.GT;
      case LE -> Op.GE;
      case GT -> Op.LT;
      case GE -> Op.LE;
      default -> op;
    };
  }

  private static RowFilter comparison(String name, Expression[] ch, DeepLakeSnapshot s) {
    Op op = op(name);
    NamedReference ref;
    Literal<?> lit;
    if (ch[0] instanceof NamedReference r && ch[1] instanceof Literal<?> l) {
      ref = r;
      lit = l;
    } else if (ch[1] instanceof NamedReference r && ch[0] instanceof Literal<?> l) {
      ref = r;
      lit = l;
      op = flip(op);
    } else {
      return null;
    }
    if (lit.value() == null) {
      return null;
    }
    boolean nullSafe = name.equals("<=>");
    String[] names = ref.fieldNames();
    if (names.length == 1 && s.isMetadataColumn(names[0], DeepLakeSnapshot.INDEX_COLUMN)) {
      Long v = indexValue(lit);
      return v == null ? null : new RowFilter.RowIndex(op, v);
    }
    TensorColumn c = s.column(names);
    if (c == null) {
      return null;
    }
    RowFilter f = null;
    if (c.isScalar()) {
      RowFilter.Literal l = literal(lit, c.dataType());
      f = l == null ? null : new RowFilter.Compare(c.tensor(), op, l);
    } else if ((op == Op.EQ || op == Op.NE) && !c.sequence() && isString(lit)) {
      String v = lit.value().toString();
      if (c.kind() == Kind.TEXT) {
        f = new RowFilter.TextIn(c.tensor(), Set.of(v));
      } else if (c.kind() == Kind.CLASS_NAME && c.ndim() == 0) {
        f = new RowFilter.ClassNameIn(c.tensor(), Set.of(v));
      }
      if (f != null && op == Op.NE) {
        f = new RowFilter.Not(f);
      }
    }
    if (f != null && nullSafe) {
      // a <=> v (v not null): false, not unknown, when a is null.
      f = new RowFilter.And(new RowFilter.Not(new RowFilter.IsNull(c.tensor())), f);
    }
    return f;
  }

  private static RowFilter in(Expression[] ch, DeepLakeSnapshot s) {
    if (!(ch[0] instanceof NamedReference ref)) {
      return null;
    }
    List<Literal<?>> lits = new ArrayList<>();
    for (int i = 1; i < ch.length; i++) {
      if (!(ch[i] instanceof Literal<?> l) || l.value() == null) {
        return null;
      }
      lits.add(l);
    }
    String[] names = ref.fieldNames();
    if (names.length == 1 && s.isMetadataColumn(names[0], DeepLakeSnapshot.INDEX_COLUMN)) {
      List<Long> rows = new ArrayList<>();
      for (Literal<?> l : lits) {
        Long v = indexValue(l);
        if (v == null) {
          return null;
        }
        rows.add(v);
      }
      return new RowFilter.RowIndexIn(rows);
    }
    TensorColumn c = s.column(names);
    if (c == null) {
      return null;
    }
    if (c.isScalar()) {
      List<RowFilter.Literal> values = new ArrayList<>();
      for (Literal<?> l : lits) {
        RowFilter.Literal v = literal(l, c.dataType());
        if (v == null) {
          return null;
        }
        values.add(v);
      }
      return new RowFilter.In(c.tensor(), values);
    }
    if (c.sequence() || !(c.kind() == Kind.TEXT || c.kind() == Kind.CLASS_NAME && c.ndim() == 0)) {
      return null;
    }
    Set<String> values = new LinkedHashSet<>();
    for (Literal<?> l : lits) {
      if (!isString(l)) {
        return null;
      }
      values.add(l.value().toString());
    }
    return c.kind() == Kind.TEXT
        ? new RowFilter.TextIn(c.tensor(), values)
        : new RowFilter.ClassNameIn(c.tensor(), values);
  }

  private static boolean isString(Literal<?> l) {
    return l.dataType().equals(DataTypes.StringType) && l.value() instanceof UTF8String;
  }

  private static Long indexValue(Literal<?> l) {
    Object v = l.value();
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    return null;
  }

  /** A literal of exactly the column's Spark type, as an engine literal; else null. */
  private static RowFilter.Literal literal(Literal<?> l, DataType columnType) {
    if (!l.dataType().equals(columnType)) {
      return null;
    }
    Object v = l.value();
    if (v instanceof Byte || v instanceof Short || v instanceof Integer || v instanceof Long) {
      return new RowFilter.IntLiteral(((Number) v).longValue());
    }
    if (v instanceof Float f) {
      return new RowFilter.FloatLiteral(f);
    }
    if (v instanceof Double d) {
      return new RowFilter.DoubleLiteral(d);
    }
    if (v instanceof Boolean b) {
      return new RowFilter.BoolLiteral(b);
    }
    return null;
  }

  /** Folds constants out of ANDs, ORs and NOTs. */
  static RowFilter simplify(RowFilter f) {
    if (f instanceof RowFilter.And a) {
      RowFilter l = simplify(a.left());
      RowFilter r = simplify(a.right());
      if (l instanceof RowFilter.Constant c) {
        return c.value() ? r : c;
      }
      if (r instanceof RowFilter.Constant c) {
        return c.value() ? l : c;
      }
      return new RowFilter.And(l, r);
    }
    if (f instanceof RowFilter.Or o) {
      RowFilter l = simplify(o.left());
      RowFilter r = simplify(o.right());
      if (l instanceof RowFilter.Constant c) {
        return c.value() ? c : r;
      }
      if (r instanceof RowFilter.Constant c) {
        return c.value() ? c : l;
      }
      return new RowFilter.Or(l, r);
    }
    if (f instanceof RowFilter.Not n) {
      RowFilter c = simplify(n.child());
      if (c instanceof RowFilter.Constant k) {
        return new RowFilter.Constant(!k.value());
      }
      return new RowFilter.Not(c);
    }
    return f;
  }
}
