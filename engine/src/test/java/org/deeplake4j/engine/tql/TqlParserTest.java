package org.deeplake4j.engine.tql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import org.deeplake4j.engine.Tql;
import org.deeplake4j.engine.internal.tql.ExprText;
import org.deeplake4j.engine.tql.Expr.BinaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The TQL grammar: the trees it builds and the syntax errors it reports. */
class TqlParserTest {
  private static Query.Select select(String q) {
    return (Query.Select) Tql.parse(q);
  }

  private static Expr where(String cond) {
    return select("SELECT * WHERE " + cond).where();
  }

  /** A compact prefix rendering of an expression, for structural assertions. */
  private static String show(Expr e) {
    if (e instanceof Expr.NumberLit n) {
      return n.value() instanceof Long ? n.value() + "L" : n.value() + "D";
    }
    if (e instanceof Expr.StringLit s) {
      return "'" + s.value() + "'";
    }
    if (e instanceof Expr.BoolLit b) {
      return b.value() ? "TRUE" : "FALSE";
    }
    if (e instanceof Expr.Column c) {
      return "\"" + c.name() + "\"";
    }
    if (e instanceof Expr.ArrayLit a) {
      return "[" + String.join(",", a.items().stream().map(TqlParserTest::show).toList()) + "]";
    }
    if (e instanceof Expr.Unary u) {
      return "(" + u.op() + " " + show(u.operand()) + ")";
    }
    if (e instanceof Expr.Binary b) {
      return "(" + b.op().symbol() + " " + show(b.left()) + " " + show(b.right()) + ")";
    }
    if (e instanceof Expr.Between b) {
      return "("
          + (b.negated() ? "NOT " : "")
          + "BETWEEN "
          + show(b.value())
          + " "
          + show(b.low())
          + " "
          + show(b.high())
          + ")";
    }
    if (e instanceof Expr.In in) {
      return "("
          + (in.negated() ? "NOT " : "")
          + "IN "
          + show(in.value())
          + " "
          + String.join(",", in.items().stream().map(TqlParserTest::show).toList())
          + ")";
    }
    if (e instanceof Expr.Call c) {
      return c.function()
          + "("
          + String.join(",", c.args().stream().map(TqlParserTest::show).toList())
          + ")";
    }
    Expr.Subscript s = (Expr.Subscript) e;
    StringBuilder b = new StringBuilder(show(s.target())).append('[');
    for (int i = 0; i < s.indices().size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      Expr.Index ix = s.indices().get(i);
      if (ix instanceof Expr.At at) {
        b.append(show(at.index()));
      } else {
        Expr.Slice sl = (Expr.Slice) ix;
        b.append(sl.start() == null ? "" : show(sl.start()))
            .append(':')
            .append(sl.stop() == null ? "" : show(sl.stop()))
            .append(':')
            .append(sl.step() == null ? "" : show(sl.step()));
      }
    }
    return b.append(']').toString();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "a + b * c == -d | (== (+ \"a\" (* \"b\" \"c\")) (NEG \"d\"))",
        "a - b - c | (- (- \"a\" \"b\") \"c\")",
        "a / b % c * d | (* (% (/ \"a\" \"b\") \"c\") \"d\")",
        "NOT a OR b AND c | (OR (NOT \"a\") (AND \"b\" \"c\"))",
        "NOT NOT a = 1 | (NOT (NOT (== \"a\" 1L)))",
        "a <> 1 AND b != 2 AND c >= 3 | (AND (AND (!= \"a\" 1L) (!= \"b\" 2L)) (>= \"c\" 3L))",
        "x BETWEEN 1 AND 2 AND y | (AND (BETWEEN \"x\" 1L 2L) \"y\")",
        "x NOT BETWEEN -1 + 1 AND 2 * 3 | (NOT BETWEEN \"x\" (+ (NEG 1L) 1L) (* 2L 3L))",
        "x IN ARRAY[1, 'a', TRUE] | (IN \"x\" 1L,'a',TRUE)",
        "x NOT IN (1.5, 2e3) | (NOT IN \"x\" 1.5D,2000.0D)",
        "x[0][1, -1] | \"x\"[0L][1L,(NEG 1L)]",
        "x[:, 3] | \"x\"[::,3L]",
        "x[1:3, ::2, :-1:] | \"x\"[1L:3L:,::2L,:(NEG 1L):]",
        "meta['a']['b'][0] | \"meta\"['a']['b'][0L]",
        "\"group/my tensor\" == 'it''s' | (== \"group/my tensor\" 'it''s')",
        "\"a\"\"b\" | \"a\"b\"",
        "cosine_similarity(e, ARRAY[[1, 2], [3, 4]]) | cosine_similarity(\"e\",[[1L,2L],[3L,4L]])",
        "RANDOM() | RANDOM()",
        "ARRAY[] | []",
        "99999999999999999999 | 1.0E20D",
        "1. + .5 | (+ 1.0D 0.5D)",
        "(((a))) | \"a\"",
        "- - a | (NEG (NEG \"a\"))",
        "\"select\" > 1 | (> \"select\" 1L)",
      })
  void expressionTrees(String text, String tree) {
    assertThat(show(where(text))).isEqualTo(tree.replace("'it''s'", "'it's'"));
  }

  @Test
  void selectClauses() {
    Query.Select s =
        select("select * from \"hub://org/ds\" where x order by a desc, b, c asc limit 5 offset 2");
    assertThat(s.from()).isEqualTo("hub://org/ds");
    assertThat(show(s.where())).isEqualTo("\"x\"");
    assertThat(s.orderBy())
        .extracting(Query.OrderItem::descending)
        .containsExactly(true, false, false);
    assertThat(s.orderBy())
        .extracting(o -> show(o.expr()))
        .containsExactly("\"a\"", "\"b\"", "\"c\"");
    assertThat(s.limit()).isEqualTo(5);
    assertThat(s.offset()).isEqualTo(2);
    Query.Select bare = select("SELECT *");
    assertThat(bare.from()).isNull();
    assertThat(bare.where()).isNull();
    assertThat(bare.orderBy()).isEmpty();
    assertThat(bare.limit()).isNull();
    assertThat(bare.offset()).isNull();
    Query.Select late = select("SELECT * OFFSET 3 ORDER BY a LIMIT 4");
    assertThat(late.limit()).isEqualTo(4);
    assertThat(late.offset()).isEqualTo(3);
    assertThat(select("SELECT * FROM plain").from()).isEqualTo("plain");
    assertThat(select("SELECT * FROM 'quoted'").from()).isEqualTo("quoted");
  }

  @Test
  void part2Clauses() {
    Query.Select s =
        select(
            "SELECT labels, SHAPE(boxes) AS s, \"my col\" AS \"x y\", COUNT(*), count(x) AS n"
                + " WHERE x > 1 GROUP BY labels, x % 2 ORDER BY n DESC LIMIT 3");
    assertThat(s.selectsAll()).isFalse();
    assertThat(s.items())
        .extracting(Query.SelectItem::alias)
        .containsExactly(null, "s", "x y", null, "n");
    assertThat(s.items())
        .extracting(i -> ExprText.render(i.expr()))
        .containsExactly("labels", "SHAPE(boxes)", "\"my col\"", "COUNT()", "COUNT(x)");
    assertThat(s.groupBy()).extracting(ExprText::render).containsExactly("labels", "x % 2");
    assertThat(s.limit()).isEqualTo(3);

    Query.Select e = select("SELECT * WHERE a == 1 EXPAND BY 2, 3 UNGROUP BY frames, seq");
    assertThat(e.expand()).isEqualTo(new Query.Expand(2, 3));
    assertThat(e.ungroupBy()).extracting(ExprText::render).containsExactly("frames", "seq");
    assertThat(select("SELECT * EXPAND BY 0 7").expand()).isEqualTo(new Query.Expand(0, 7));

    Query.Sample mw =
        select(
                "SELECT * SAMPLE BY max_weight(labels == 0: 10, labels == 1: 2) REPLACE false LIMIT 5")
            .sample();
    assertThat(mw.choice()).isEqualTo(Query.WeightChoice.MAX_WEIGHT);
    assertThat(mw.replace()).isFalse();
    assertThat(mw.weighted())
        .extracting(w -> ExprText.render(w.condition()) + " : " + ExprText.render(w.weight()))
        .containsExactly("labels == 0 : 10", "labels == 1 : 2");
    Query.Select sw = select("SELECT * LIMIT 9 SAMPLE BY SUM_WEIGHT(a: 1 + 1)");
    assertThat(sw.sample().choice()).isEqualTo(Query.WeightChoice.SUM_WEIGHT);
    assertThat(sw.sample().replace()).isTrue(); // Deep Lake's default
    assertThat(sw.limit()).isEqualTo(9);
    Query.Sample ex = select("SELECT * SAMPLE BY score * 2 REPLACE TRUE").sample();
    assertThat(ex.choice()).isEqualTo(Query.WeightChoice.EXPR);
    assertThat(ExprText.render(ex.weight())).isEqualTo("score * 2");
    // a function named like a weight choice is only one right after SAMPLE BY
    assertThat(select("SELECT * SAMPLE BY max_weight").sample().choice())
        .isEqualTo(Query.WeightChoice.EXPR);
    // the clause words stay usable as tensor names
    Query.Select names = select("SELECT sample, \"group\" AS g WHERE expand > ungroup");
    assertThat(names.items())
        .extracting(i -> ExprText.render(i.expr()))
        .containsExactly("sample", "group"); // not reserved: rendered unquoted
    assertThat(ExprText.render(names.where())).isEqualTo("expand > ungroup");
    assertThat(Tql.parseSample("MAX_WEIGHT(a: 1) REPLACE TRUE", false).replace()).isFalse();
    assertThat(ExprText.render(Tql.parseExpression("NOT a BETWEEN 1 AND -2")))
        .isEqualTo("NOT (a BETWEEN 1 AND -2)");
  }

  @Test
  void setOperationsAssociateLeftWithIntersectTighter() {
    Query q =
        Tql.parse(
            "SELECT * WHERE a UNION SELECT * WHERE b INTERSECT (SELECT * WHERE c) EXCEPT SELECT *");
    Query.SetOperation except = (Query.SetOperation) q;
    assertThat(except.operator()).isEqualTo(Query.SetOperator.EXCEPT);
    Query.SetOperation union = (Query.SetOperation) except.left();
    assertThat(union.operator()).isEqualTo(Query.SetOperator.UNION);
    assertThat(union.right()).isInstanceOf(Query.SetOperation.class);
    assertThat(((Query.SetOperation) union.right()).operator())
        .isEqualTo(Query.SetOperator.INTERSECT);
    assertThat(Tql.parse("((SELECT *))")).isInstanceOf(Query.Select.class);
  }

  @Test
  void positionsAreRecordedForErrors() {
    Expr e = where("x > 1 AND\n  \"日本\" == y");
    Expr.Binary and = (Expr.Binary) e;
    assertThat(and.op()).isEqualTo(BinaryOp.AND);
    Expr.Binary right = (Expr.Binary) and.right();
    assertThat(right.left().pos()).isEqualTo(new Position(2, 3));
    assertThat(right.right().pos()).isEqualTo(new Position(2, 11));
  }

  private static TqlSyntaxException syntax(String q) {
    return catchThrowableOfType(() -> Tql.parse(q), TqlSyntaxException.class);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "SELECT | 1 | 7 | end of input | '*'",
        "SELECT a b | 1 | 10 | 'b' | an operator, a clause or the end of the query",
        "SELECT a AS | 1 | 12 | end of input | a column name after AS",
        "SELECT WHERE x | 1 | 8 | 'WHERE' | '*' or a select list",
        "SELECT * GROUP x | 1 | 10 | 'GROUP' | an operator, a clause or the end of the query",
        "SELECT * GROUP BY | 1 | 18 | end of input | an expression",
        "SELECT * EXPAND BY 1 | 1 | 21 | end of input | a non-negative integer (rows after) after EXPAND BY 1",
        "SELECT * EXPAND BY x 1 | 1 | 20 | 'x' | a non-negative integer (rows before) after EXPAND BY",
        "SELECT * SAMPLE BY MAX_WEIGHT(x == 1 2) | 1 | 38 | '2' | ':' and a weight after the condition",
        "SELECT * SAMPLE BY SUM_WEIGHT(x == 1: 2 | 1 | 40 | end of input | ',' or ')' closing the arguments of SUM_WEIGHT",
        "SELECT * SAMPLE BY x REPLACE maybe | 1 | 30 | 'maybe' | TRUE or FALSE after REPLACE",
        "SELECT * SAMPLE BY x SAMPLE BY y | 1 | 22 | 'SAMPLE' | an operator, a clause or the end of the query",
        "SELECT * WHERE | 1 | 15 | end of input | an expression",
        "SELECT * WHERE x > | 1 | 19 | end of input | an expression",
        "SELECT * WHERE (x > 1 | 1 | 22 | end of input | ')' closing the '(' at line 1, column 16",
        "SELECT * WHERE x BETWEEN 1 2 | 1 | 28 | '2' | AND between the bounds of BETWEEN",
        "SELECT * ORDER x | 1 | 16 | 'x' | BY after ORDER",
        "SELECT * LIMIT -1 | 1 | 16 | '-' | a non-negative integer after LIMIT",
        "SELECT * LIMIT 1.5 | 1 | 16 | '1.5' | a non-negative integer after LIMIT",
        "SELECT * LIMIT 2 OFFSET x | 1 | 25 | 'x' | a non-negative integer after OFFSET",
        "SELECT * WHERE x IN 1 | 1 | 21 | '1' | ARRAY[...] or a parenthesized list after IN",
        "SELECT * WHERE x[1 | 1 | 19 | end of input | ',' or ']' closing the subscript opened at line 1, column 17",
        "SELECT * WHERE x ! 1 | 1 | 18 | '!' | a name, number, string or operator",
        "SELECT * WHERE select > 1 | 1 | 16 | 'select' | an expression (quote a tensor named like a keyword",
        "SELECT * WHERE x > 1 LIMIT 1 LIMIT 2 | 1 | 30 | 'LIMIT' | an operator, a clause or the end of the query",
        "SELECT * WHERE f(1, | 1 | 20 | end of input | an expression",
        "SELECT * WHERE ARRAY[1, 2 | 1 | 26 | end of input | ',' or ']' closing the ARRAY opened at line 1, column 21",
        "SELECT * UNION | 1 | 15 | end of input | SELECT or '('",
        "(SELECT * | 1 | 10 | end of input | ')' closing the query opened at line 1, column 1",
        "SELECT * FROM WHERE | 1 | 15 | 'WHERE' | a dataset name after FROM",
        "SELECT * WHERE m[1:, \"\"] > 0 | 1 | 22 | '\"\"' | a tensor name (\"\" is empty)",
      })
  void syntaxErrorsSayWhereWhatAndWhatWasExpected(
      String q, int line, int column, String token, String expected) {
    TqlSyntaxException e = syntax(q);
    assertThat(e).as(q).isNotNull();
    assertThat(e.line()).as(q).isEqualTo(line);
    assertThat(e.column()).as(q).isEqualTo(column);
    assertThat(e.token()).as(q).isEqualTo(token);
    assertThat(e.expected()).as(q).startsWith(expected);
    assertThat(e.getMessage())
        .isEqualTo(
            "TQL syntax error at line "
                + line
                + ", column "
                + column
                + ": expected "
                + e.expected()
                + " but found "
                + token);
  }

  @Test
  void emptyAndBlankQueries() {
    for (String q : new String[] {"", "  \n\t", "-- only a comment"}) {
      TqlSyntaxException e = syntax(q);
      assertThat(e.token()).isEqualTo("end of input");
      assertThat(e.expected()).isEqualTo("SELECT or '('");
    }
  }

  @Test
  void linesAndColumnsCountCodePointsAcrossLines() {
    TqlSyntaxException e = syntax("SELECT *\nWHERE \"😀日本\" > 'é'\n  AND ? > 1");
    assertThat(e.line()).isEqualTo(3);
    assertThat(e.column()).isEqualTo(7);
    assertThat(e.token()).isEqualTo("'?'");
    TqlSyntaxException u = syntax("SELECT * WHERE \"😀\" == 'unterminated");
    assertThat(u.line()).isEqualTo(1);
    assertThat(u.column()).isEqualTo(23);
    assertThat(u.token()).isEqualTo("''unterminated'");
    assertThat(u.expected()).isEqualTo("a closing quote (') of the string");
    assertThat(syntax("SELECT * WHERE \"open").expected())
        .isEqualTo("a closing quote (\") of the name");
  }

  @Test
  void longTokensAreShortenedInMessages() {
    TqlSyntaxException e = syntax("SELECT * WHERE x " + "y".repeat(100));
    assertThat(e.token()).hasSize(42).endsWith("...'");
  }

  @Test
  void nestingAndDepthAreBoundedWithoutStackOverflow() {
    TqlSyntaxException nest = syntax("SELECT * WHERE " + "(".repeat(5000) + "x" + ")".repeat(5000));
    assertThat(nest.expected()).isEqualTo("at most 64 levels of nesting");
    assertThat(nest.column()).isEqualTo(16 + 64);
    TqlSyntaxException chain = syntax("SELECT * WHERE " + "1 + ".repeat(100_000) + "1");
    assertThat(chain.expected()).isEqualTo("an expression at most 256 levels deep");
    assertThat(syntax("SELECT * WHERE " + "NOT ".repeat(1000) + "x").expected())
        .isEqualTo("at most 64 levels of nesting");
    assertThat(syntax("SELECT * WHERE x" + "[0]".repeat(300)).expected())
        .isEqualTo("an expression at most 256 levels deep");
    StringBuilder q = new StringBuilder("SELECT *");
    for (int i = 0; i < 300; i++) {
      q.append(" UNION SELECT *");
    }
    assertThat(syntax(q.toString()).expected()).isEqualTo("an expression at most 256 levels deep");
    // Within the bounds, deep expressions parse.
    assertThat(where("(".repeat(60) + "x" + ")".repeat(60))).isInstanceOf(Expr.Column.class);
    assertThat(where("1" + " + 1".repeat(200))).isInstanceOf(Expr.Binary.class);
  }

  @Test
  void astIsImmutable() {
    Expr.Call c = (Expr.Call) where("f(a, b)");
    assertThatThrownBy(() -> c.args().add(c)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(c.args()).hasSize(2);
    assertThat(List.copyOf(select("SELECT * ORDER BY a").orderBy())).hasSize(1);
  }
}
