package org.deeplake4j.engine;

import org.deeplake4j.engine.internal.tql.TqlEngine;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryOptions;
import org.deeplake4j.engine.tql.QueryResult;

/**
 * Entry points of the Tensor Query Language (Deep Lake 3.x TQL): parse a query, and run it over a
 * dataset or over a subset of its rows. Semantics are written down in {@code docs/tql.md}; the
 * language's values (the typed AST, options, results, errors) are in {@link
 * org.deeplake4j.engine.tql}.
 *
 * <pre>{@code
 * long[] rows = Tql.execute(ds, "SELECT * WHERE labels == 'dog' ORDER BY score DESC LIMIT 10");
 * }</pre>
 *
 * <p>Results are dataset row indices in result order. Thread-safe (each call has its own state);
 * the dataset must stay open during the call.
 */
public final class Tql {
  private Tql() {}

  /**
   * Parses {@code text}.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not TQL
   */
  public static Query parse(String text) {
    return TqlEngine.parse(text);
  }

  /** Runs {@code text} over every row of {@code ds}; returns the rows in result order. */
  public static long[] execute(Dataset ds, String text) {
    return execute(ds, null, parse(text));
  }

  /**
   * Runs {@code query} over {@code rows} of {@code ds} (in that order; null for every row of the
   * dataset); returns dataset rows in result order.
   *
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if the query does not fit the dataset or
   *     its values
   */
  public static long[] execute(Dataset ds, long[] rows, Query query) {
    return TqlEngine.execute(new ReadView(ds), rows, query);
  }

  /**
   * Runs {@code query} over {@code rows} of {@code ds} (null: every row) and returns its full
   * result: rows, groups, sequence items and the columns of its select list.
   *
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if the query does not fit the dataset or
   *     its values
   */
  public static QueryResult run(Dataset ds, long[] rows, Query query, QueryOptions options) {
    return TqlEngine.run(new ReadView(ds), rows, query, options);
  }

  /**
   * Parses an expression (for APIs that take one, such as sample weights: {@code labels == 0},
   * {@code MAX_WEIGHT(labels == 0: 10, labels == 1: 2)} is not an expression; see {@link
   * #parseSample}).
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not one TQL expression
   */
  public static Expr parseExpression(String text) {
    return TqlEngine.parseExpression(text);
  }

  /**
   * Canonical TQL text of {@code e} (keywords and function names upper case, minimal spacing), e.g.
   * to show a condition in a plan.
   */
  public static String text(Expr e) {
    return TqlEngine.text(e);
  }

  /**
   * Parses what follows {@code SAMPLE BY}: a weight expression or {@code MAX_WEIGHT(cond: w, ...)}
   * / {@code SUM_WEIGHT(...)}, optionally followed by {@code REPLACE TRUE|FALSE} (overridden by
   * {@code replace}).
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not a weight specification
   */
  public static Query.Sample parseSample(String text, boolean replace) {
    Query.Sample s = TqlEngine.parseSample(text);
    return new Query.Sample(s.choice(), s.weight(), s.weighted(), replace);
  }
}
