package org.deeplake4j.engine.internal.tql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.deeplake4j.engine.internal.tql.Lexer.Kind;
import org.deeplake4j.engine.internal.tql.Lexer.Token;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.TqlSyntaxException;

/**
 * Recursive-descent parser of TQL. Grammar (keywords case-insensitive):
 *
 * <pre>
 * query      := setExpr EOF
 * setExpr    := setTerm ((UNION | EXCEPT) setTerm)*
 * setTerm    := setPrimary (INTERSECT setPrimary)*
 * setPrimary := '(' setExpr ')' | select
 * select     := SELECT ('*' | item (',' item)*) [FROM name] [WHERE expr] {clause}
 * item       := expr [AS name]
 * clause     := ORDER BY key (',' key)* | LIMIT int [OFFSET int] | OFFSET int
 *               | GROUP BY expr (',' expr)* | UNGROUP BY expr (',' expr)*
 *               | EXPAND BY int [','] int | SAMPLE BY weights [REPLACE (TRUE | FALSE)]
 *               (each clause at most once, in any order)
 * weights    := (MAX_WEIGHT | SUM_WEIGHT) '(' expr ':' expr (',' expr ':' expr)* ')' | expr
 * key        := expr [ASC | DESC]
 * expr       := and (OR and)*
 * and        := not (AND not)*
 * not        := NOT not | cmp
 * cmp        := add (cmpOp add | [NOT] BETWEEN add AND add | [NOT] IN inList)*
 * add        := mul (('+' | '-') mul)*
 * mul        := unary (('*' | '/' | '%') unary)*
 * unary      := '-' unary | postfix
 * postfix    := primary ('[' index (',' index)* ']')*
 * index      := expr | [expr] ':' [expr] [':' [expr]]
 * primary    := number | string | TRUE | FALSE | array | '(' expr ')' | name '(' [expr (',' expr)*] ')'
 *               | name
 * array      := ARRAY '[' [item (',' item)*] ']'   item := expr | '[' [item (',' item)*] ']'
 * inList     := array | '(' expr (',' expr)* ')'
 * </pre>
 *
 * GROUP, UNGROUP, EXPAND, SAMPLE, AS, REPLACE, MAX_WEIGHT and SUM_WEIGHT are contextual (they stay
 * usable as tensor names). {@code COUNT(*)} is {@code COUNT()}.
 *
 * <p>Nesting is bounded ({@value #MAX_NESTING} levels of parentheses, calls, subscripts and prefix
 * operators; expression trees {@value #MAX_DEPTH} levels deep) so that no input can exhaust the
 * stack of this parser or of the passes that walk its trees.
 */
final class Parser {
  static final int MAX_NESTING = 64;
  static final int MAX_DEPTH = 256;

  static final Set<String> KEYWORDS =
      Set.of(
          "SELECT",
          "FROM",
          "WHERE",
          "ORDER",
          "BY",
          "ASC",
          "DESC",
          "LIMIT",
          "OFFSET",
          "AND",
          "OR",
          "NOT",
          "BETWEEN",
          "IN",
          "ARRAY",
          "TRUE",
          "FALSE",
          "UNION",
          "INTERSECT",
          "EXCEPT");

  private final List<Token> tokens;
  private int p;
  private int nesting;

  /** AST depth of the expression or query most recently returned by a parse method. */
  private int lastDepth;

  private Parser(List<Token> tokens) {
    this.tokens = tokens;
  }

  static Query parse(String text) {
    Parser ps = new Parser(Lexer.tokenize(text));
    Query q = ps.setExpr();
    ps.expectEof();
    return q;
  }

  static Expr parseExpression(String text) {
    Parser ps = new Parser(Lexer.tokenize(text));
    Expr e = ps.expr();
    ps.expectEof();
    return e;
  }

  static Query.Sample parseSample(String text) {
    Parser ps = new Parser(Lexer.tokenize(text));
    Query.Sample s = ps.sampleSpec();
    ps.expectEof();
    return s;
  }

  // ------------------------------------------------------------------ tokens

  private Token peek() {
    return tokens.get(p);
  }

  private Token peekAt(int ahead) {
    return tokens.get(Math.min(p + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(p);
    if (t.kind() != Kind.EOF) {
      p++;
    }
    return t;
  }

  private TqlSyntaxException error(Token t, String expected) {
    return new TqlSyntaxException(t.line(), t.column(), t.describe(), expected);
  }

  private boolean acceptKeyword(String k) {
    if (peek().isKeyword(k)) {
      p++;
      return true;
    }
    return false;
  }

  private void expectKeyword(String k, String expected) {
    if (!acceptKeyword(k)) {
      throw error(peek(), expected);
    }
  }

  private boolean acceptSymbol(String s) {
    if (peek().isSymbol(s)) {
      p++;
      return true;
    }
    return false;
  }

  private void expectSymbol(String s, String expected) {
    if (!acceptSymbol(s)) {
      throw error(peek(), expected);
    }
  }

  private void expectEof() {
    Token t = peek();
    if (t.kind() != Kind.EOF) {
      throw error(t, expectedAfter());
    }
  }

  private String expectedAfter() {
    return "an operator, a clause or the end of the query";
  }

  private void enter(Token at) {
    if (++nesting > MAX_NESTING) {
      throw error(at, "at most " + MAX_NESTING + " levels of nesting");
    }
  }

  private void leave() {
    nesting--;
  }

  private int depth(int d, Token at) {
    if (d > MAX_DEPTH) {
      throw error(at, "an expression at most " + MAX_DEPTH + " levels deep");
    }
    return d;
  }

  // ------------------------------------------------------------------ queries

  private Query setExpr() {
    Query left = setTerm();
    int d = lastDepth;
    while (true) {
      Token t = peek();
      Query.SetOperator op;
      if (t.isKeyword("UNION")) {
        op = Query.SetOperator.UNION;
      } else if (t.isKeyword("EXCEPT")) {
        op = Query.SetOperator.EXCEPT;
      } else {
        break;
      }
      p++;
      Query right = setTerm();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Query.SetOperation(op, left, right);
    }
    lastDepth = d;
    return left;
  }

  private Query setTerm() {
    Query left = setPrimary();
    int d = lastDepth;
    while (peek().isKeyword("INTERSECT")) {
      Token t = next();
      Query right = setPrimary();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Query.SetOperation(Query.SetOperator.INTERSECT, left, right);
    }
    lastDepth = d;
    return left;
  }

  private Query setPrimary() {
    Token t = peek();
    if (t.isSymbol("(")) {
      p++;
      enter(t);
      Query q = setExpr();
      expectSymbol(")", "')' closing the query opened at " + t.pos());
      leave();
      return q;
    }
    if (t.isKeyword("SELECT")) {
      return select();
    }
    throw error(t, "SELECT or '('");
  }

  private Query select() {
    next(); // SELECT
    List<Query.SelectItem> items = new ArrayList<>();
    int d = 0;
    if (!acceptSymbol("*")) {
      if (peek().kind() == Kind.EOF || peek().isKeyword("FROM") || peek().isKeyword("WHERE")) {
        throw error(peek(), "'*' or a select list (SELECT * or SELECT expr [AS name], ...)");
      }
      do {
        Expr e = expr();
        d = Math.max(d, lastDepth);
        String alias = null;
        if (acceptKeyword("AS")) {
          alias = name("a column name after AS");
        }
        items.add(new Query.SelectItem(e, alias));
      } while (acceptSymbol(","));
    }
    String from = null;
    if (acceptKeyword("FROM")) {
      Token t = next();
      if (t.kind() == Kind.IDENT && !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))
          || t.kind() == Kind.QUOTED_IDENT
          || t.kind() == Kind.STRING) {
        from = (String) t.value();
      } else {
        throw error(t, "a dataset name after FROM");
      }
    }
    Expr where = null;
    if (acceptKeyword("WHERE")) {
      where = expr();
      d = Math.max(d, lastDepth);
    }
    List<Query.OrderItem> order = null;
    List<Expr> groupBy = null;
    List<Expr> ungroupBy = null;
    Query.Expand expand = null;
    Query.Sample sample = null;
    Long limit = null;
    Long offset = null;
    while (true) {
      Token t = peek();
      boolean by = peekAt(1).isKeyword("BY");
      if (t.isKeyword("ORDER") && order == null) {
        p++;
        expectKeyword("BY", "BY after ORDER");
        order = new ArrayList<>();
        do {
          Expr e = expr();
          d = Math.max(d, lastDepth);
          boolean desc = false;
          if (acceptKeyword("DESC")) {
            desc = true;
          } else {
            acceptKeyword("ASC");
          }
          order.add(new Query.OrderItem(e, desc));
        } while (acceptSymbol(","));
      } else if (t.isKeyword("GROUP") && by && groupBy == null) {
        p += 2;
        groupBy = exprList();
        d = Math.max(d, lastDepth);
      } else if (t.isKeyword("UNGROUP") && by && ungroupBy == null) {
        p += 2;
        ungroupBy = exprList();
        d = Math.max(d, lastDepth);
      } else if (t.isKeyword("EXPAND") && by && expand == null) {
        p += 2;
        long before = count("a non-negative integer (rows before) after EXPAND BY");
        acceptSymbol(",");
        long after = count("a non-negative integer (rows after) after EXPAND BY " + before);
        expand = new Query.Expand(before, after);
      } else if (t.isKeyword("SAMPLE") && by && sample == null) {
        p += 2;
        sample = sampleSpec();
        d = Math.max(d, lastDepth);
      } else if (t.isKeyword("LIMIT") && limit == null) {
        p++;
        limit = count("a non-negative integer after LIMIT");
        if (offset == null && acceptKeyword("OFFSET")) {
          offset = count("a non-negative integer after OFFSET");
        }
      } else if (t.isKeyword("OFFSET") && offset == null) {
        p++;
        offset = count("a non-negative integer after OFFSET");
      } else {
        break;
      }
    }
    lastDepth = d + 1;
    return new Query.Select(
        items,
        from,
        where,
        expand,
        groupBy == null ? List.of() : groupBy,
        ungroupBy == null ? List.of() : ungroupBy,
        sample,
        order == null ? List.of() : order,
        limit,
        offset);
  }

  private List<Expr> exprList() {
    List<Expr> out = new ArrayList<>();
    int d = 0;
    do {
      out.add(expr());
      d = Math.max(d, lastDepth);
    } while (acceptSymbol(","));
    lastDepth = d;
    return out;
  }

  /** A name: an identifier that is not a keyword, or a non-empty quoted name. */
  private String name(String expected) {
    Token t = next();
    if (t.kind() == Kind.IDENT && !KEYWORDS.contains(t.text().toUpperCase(Locale.ROOT))
        || t.kind() == Kind.QUOTED_IDENT && !((String) t.value()).isEmpty()) {
      return (String) t.value();
    }
    throw error(t, expected);
  }

  /**
   * {@code weights [REPLACE (TRUE|FALSE)]} where weights is {@code MAX_WEIGHT(cond: w, ...)},
   * {@code SUM_WEIGHT(cond: w, ...)} or an expression.
   */
  private Query.Sample sampleSpec() {
    Token t = peek();
    Query.WeightChoice choice = Query.WeightChoice.EXPR;
    if (t.kind() == Kind.IDENT && peekAt(1).isSymbol("(")) {
      if (t.isKeyword("MAX_WEIGHT")) {
        choice = Query.WeightChoice.MAX_WEIGHT;
      } else if (t.isKeyword("SUM_WEIGHT")) {
        choice = Query.WeightChoice.SUM_WEIGHT;
      }
    }
    Expr weight = null;
    List<Query.Weighted> weighted = new ArrayList<>();
    int d = 0;
    if (choice == Query.WeightChoice.EXPR) {
      weight = expr();
      d = lastDepth;
    } else {
      p++;
      Token open = next();
      enter(open);
      do {
        Expr cond = expr();
        d = Math.max(d, lastDepth);
        expectSymbol(":", "':' and a weight after the condition (cond: weight)");
        Expr w = expr();
        d = Math.max(d, lastDepth);
        weighted.add(new Query.Weighted(cond, w));
      } while (acceptSymbol(","));
      expectSymbol(")", "',' or ')' closing the arguments of " + t.text());
      leave();
      d = depth(d + 1, t);
    }
    boolean replace = true;
    if (acceptKeyword("REPLACE")) {
      Token b = next();
      if (b.isKeyword("TRUE")) {
        replace = true;
      } else if (b.isKeyword("FALSE")) {
        replace = false;
      } else {
        throw error(b, "TRUE or FALSE after REPLACE");
      }
    }
    lastDepth = d;
    return new Query.Sample(choice, weight, weighted, replace);
  }

  private long count(String expected) {
    Token t = next();
    if (t.kind() == Kind.NUMBER && t.value() instanceof Long v && v >= 0) {
      return v;
    }
    throw error(t, expected);
  }

  // ------------------------------------------------------------------ expressions

  private Expr expr() {
    Expr left = and();
    int d = lastDepth;
    while (peek().isKeyword("OR")) {
      Token t = next();
      Expr right = and();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Expr.Binary(BinaryOp.OR, left, right, left.pos());
    }
    lastDepth = d;
    return left;
  }

  private Expr and() {
    Expr left = not();
    int d = lastDepth;
    while (peek().isKeyword("AND")) {
      Token t = next();
      Expr right = not();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Expr.Binary(BinaryOp.AND, left, right, left.pos());
    }
    lastDepth = d;
    return left;
  }

  private Expr not() {
    Token t = peek();
    if (t.isKeyword("NOT")) {
      p++;
      enter(t);
      Expr e = not();
      leave();
      lastDepth = depth(lastDepth + 1, t);
      return new Expr.Unary(Expr.UnaryOp.NOT, e, t.pos());
    }
    return comparison();
  }

  private static BinaryOp comparisonOp(Token t) {
    if (t.kind() != Kind.SYMBOL) {
      return null;
    }
    return switch (t.text()) {
      case "=", "==" -> BinaryOp.EQ;
      case "!=", "<>" -> BinaryOp.NE;
      case "<" -> BinaryOp.LT;
      case "<=" -> BinaryOp.LE;
      case ">" -> BinaryOp.GT;
      case ">=" -> BinaryOp.GE;
      default -> null;
    };
  }

  private Expr comparison() {
    Expr left = additive();
    int d = lastDepth;
    while (true) {
      Token t = peek();
      BinaryOp op = comparisonOp(t);
      if (op != null) {
        p++;
        Expr right = additive();
        d = depth(Math.max(d, lastDepth) + 1, t);
        left = new Expr.Binary(op, left, right, left.pos());
        continue;
      }
      boolean negated = false;
      if (t.isKeyword("NOT") && (peekAt(1).isKeyword("BETWEEN") || peekAt(1).isKeyword("IN"))) {
        p++;
        negated = true;
        t = peek();
      }
      if (t.isKeyword("BETWEEN")) {
        p++;
        Expr low = additive();
        int dl = lastDepth;
        expectKeyword("AND", "AND between the bounds of BETWEEN");
        Expr high = additive();
        d = depth(Math.max(d, Math.max(dl, lastDepth)) + 1, t);
        left = new Expr.Between(left, low, high, negated, left.pos());
      } else if (t.isKeyword("IN")) {
        p++;
        List<Expr> items = inList();
        d = depth(Math.max(d, lastDepth) + 1, t);
        left = new Expr.In(left, items, negated, left.pos());
      } else {
        break;
      }
    }
    lastDepth = d;
    return left;
  }

  private List<Expr> inList() {
    Token t = peek();
    List<Expr> items = new ArrayList<>();
    int d = 0;
    if (t.isKeyword("ARRAY")) {
      p++;
      Token open = peek();
      expectSymbol("[", "'[' after ARRAY");
      enter(open);
      if (!peek().isSymbol("]")) {
        do {
          items.add(arrayItem());
          d = Math.max(d, lastDepth);
        } while (acceptSymbol(","));
      }
      expectSymbol("]", "',' or ']' closing the ARRAY opened at " + open.pos());
      leave();
    } else if (t.isSymbol("(")) {
      p++;
      enter(t);
      do {
        items.add(expr());
        d = Math.max(d, lastDepth);
      } while (acceptSymbol(","));
      expectSymbol(")", "',' or ')' closing the IN list opened at " + t.pos());
      leave();
    } else {
      throw error(t, "ARRAY[...] or a parenthesized list after IN");
    }
    lastDepth = d;
    return items;
  }

  private Expr additive() {
    Expr left = multiplicative();
    int d = lastDepth;
    while (true) {
      Token t = peek();
      BinaryOp op = t.isSymbol("+") ? BinaryOp.ADD : t.isSymbol("-") ? BinaryOp.SUB : null;
      if (op == null) {
        break;
      }
      p++;
      Expr right = multiplicative();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Expr.Binary(op, left, right, left.pos());
    }
    lastDepth = d;
    return left;
  }

  private Expr multiplicative() {
    Expr left = unary();
    int d = lastDepth;
    while (true) {
      Token t = peek();
      BinaryOp op =
          t.isSymbol("*")
              ? BinaryOp.MUL
              : t.isSymbol("/") ? BinaryOp.DIV : t.isSymbol("%") ? BinaryOp.MOD : null;
      if (op == null) {
        break;
      }
      p++;
      Expr right = unary();
      d = depth(Math.max(d, lastDepth) + 1, t);
      left = new Expr.Binary(op, left, right, left.pos());
    }
    lastDepth = d;
    return left;
  }

  private Expr unary() {
    Token t = peek();
    if (t.isSymbol("-")) {
      p++;
      enter(t);
      Expr e = unary();
      leave();
      lastDepth = depth(lastDepth + 1, t);
      return new Expr.Unary(Expr.UnaryOp.NEG, e, t.pos());
    }
    return postfix();
  }

  private Expr postfix() {
    Expr e = primary();
    int d = lastDepth;
    while (peek().isSymbol("[")) {
      Token open = next();
      enter(open);
      List<Expr.Index> idx = new ArrayList<>();
      int di = 0;
      do {
        idx.add(index());
        di = Math.max(di, lastDepth);
      } while (acceptSymbol(","));
      expectSymbol("]", "',' or ']' closing the subscript opened at " + open.pos());
      leave();
      d = depth(Math.max(d, di) + 1, open);
      e = new Expr.Subscript(e, idx, e.pos());
    }
    lastDepth = d;
    return e;
  }

  private Expr.Index index() {
    Expr start = null;
    int d = 0;
    if (!peek().isSymbol(":")) {
      start = expr();
      d = lastDepth;
      if (!peek().isSymbol(":")) {
        lastDepth = d;
        return new Expr.At(start);
      }
    }
    p++; // ':'
    Expr stop = null;
    Expr step = null;
    if (!peek().isSymbol(":") && !peek().isSymbol(",") && !peek().isSymbol("]")) {
      stop = expr();
      d = Math.max(d, lastDepth);
    }
    if (acceptSymbol(":")) {
      if (!peek().isSymbol(",") && !peek().isSymbol("]")) {
        step = expr();
        d = Math.max(d, lastDepth);
      }
    }
    lastDepth = d;
    return new Expr.Slice(start, stop, step);
  }

  private Expr arrayItem() {
    Token t = peek();
    if (t.isSymbol("[")) {
      p++;
      enter(t);
      List<Expr> items = new ArrayList<>();
      int d = 0;
      if (!peek().isSymbol("]")) {
        do {
          items.add(arrayItem());
          d = Math.max(d, lastDepth);
        } while (acceptSymbol(","));
      }
      expectSymbol("]", "',' or ']' closing the array opened at " + t.pos());
      leave();
      lastDepth = depth(d + 1, t);
      return new Expr.ArrayLit(items, t.pos());
    }
    return expr();
  }

  private Expr primary() {
    Token t = next();
    switch (t.kind()) {
      case NUMBER:
        lastDepth = 1;
        return new Expr.NumberLit((Number) t.value(), t.pos());
      case STRING:
        lastDepth = 1;
        return new Expr.StringLit((String) t.value(), t.pos());
      case QUOTED_IDENT:
        if (((String) t.value()).isEmpty()) {
          throw error(t, "a tensor name (\"\" is empty)");
        }
        lastDepth = 1;
        return new Expr.Column((String) t.value(), t.pos());
      case SYMBOL:
        if (t.text().equals("(")) {
          enter(t);
          Expr e = expr();
          expectSymbol(")", "')' closing the '(' at " + t.pos());
          leave();
          return e;
        }
        throw error(t, "an expression");
      case IDENT:
        return identifier(t);
      default:
        throw error(t, "an expression");
    }
  }

  private Expr identifier(Token t) {
    String upper = t.text().toUpperCase(Locale.ROOT);
    if (upper.equals("TRUE") || upper.equals("FALSE")) {
      lastDepth = 1;
      return new Expr.BoolLit(upper.equals("TRUE"), t.pos());
    }
    if (upper.equals("ARRAY")) {
      Token open = peek();
      expectSymbol("[", "'[' after ARRAY");
      enter(open);
      List<Expr> items = new ArrayList<>();
      int d = 0;
      if (!peek().isSymbol("]")) {
        do {
          items.add(arrayItem());
          d = Math.max(d, lastDepth);
        } while (acceptSymbol(","));
      }
      expectSymbol("]", "',' or ']' closing the ARRAY opened at " + open.pos());
      leave();
      lastDepth = depth(d + 1, t);
      return new Expr.ArrayLit(items, t.pos());
    }
    if (KEYWORDS.contains(upper)) {
      throw error(t, "an expression (quote a tensor named like a keyword: \"" + t.text() + "\")");
    }
    if (peek().isSymbol("(")) {
      Token open = next();
      enter(open);
      List<Expr> args = new ArrayList<>();
      int d = 0;
      if (upper.equals("COUNT") && peek().isSymbol("*") && peekAt(1).isSymbol(")")) {
        p++; // COUNT(*) is COUNT()
      } else if (!peek().isSymbol(")")) {
        do {
          args.add(expr());
          d = Math.max(d, lastDepth);
        } while (acceptSymbol(","));
      }
      expectSymbol(")", "',' or ')' closing the arguments of " + t.text());
      leave();
      lastDepth = depth(d + 1, t);
      return new Expr.Call(t.text(), args, t.pos());
    }
    lastDepth = 1;
    return new Expr.Column(t.text(), t.pos());
  }
}
