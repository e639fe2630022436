package org.deeplake4j.engine.internal.tql;

import java.util.SplittableRandom;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Query;
import org.deeplake4j.engine.tql.QueryOptions;
import org.deeplake4j.engine.tql.QueryResult;

/**
 * What the public TQL entry points ({@code org.deeplake4j.engine.Tql}, {@code RowCondition}) call:
 * parsing, rendering, and running queries and conditions over a {@link DatasetReader}. Stateless;
 * each run has its own state.
 */
public final class TqlEngine {
  private TqlEngine() {}

  /**
   * Parses a query.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not TQL
   */
  public static Query parse(String text) {
    return Parser.parse(text);
  }

  /**
   * Parses one expression.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not one TQL expression
   */
  public static Expr parseExpression(String text) {
    return Parser.parseExpression(text);
  }

  /**
   * Parses what follows {@code SAMPLE BY}.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if it is not a weight specification
   */
  public static Query.Sample parseSample(String text) {
    return Parser.parseSample(text);
  }

  /** Canonical TQL text of {@code e}. */
  public static String text(Expr e) {
    return ExprText.render(e);
  }

  /**
   * Runs {@code query} over {@code rows} of {@code ds} (null: every row) and returns its full
   * result.
   *
   * @throws DeepLakeException if a row is outside the dataset
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if the query does not fit the dataset
   */
  public static QueryResult run(DatasetReader ds, long[] rows, Query query, QueryOptions options) {
    checkRows(ds, rows);
    SplittableRandom random =
        options.seed() == null ? new SplittableRandom() : new SplittableRandom(options.seed());
    return new Executor(ds, rows, random).result(query);
  }

  /**
   * Runs {@code query} over {@code rows} of {@code ds} (null: every row) with a fresh random
   * generator; returns dataset rows in result order.
   */
  public static long[] execute(DatasetReader ds, long[] rows, Query query) {
    checkRows(ds, rows);
    return new Executor(ds, rows, new SplittableRandom()).rows(query);
  }

  /**
   * Binds the condition {@code where} to the tensors of {@code ds}.
   *
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if it does not fit the dataset
   */
  public static BoundCondition bind(DatasetReader ds, Expr where) {
    return new BoundCondition(ds, where, new SplittableRandom());
  }

  private static void checkRows(DatasetReader ds, long[] rows) {
    if (rows != null) {
      long len = ds.length();
      for (long r : rows) {
        if (r < 0 || r >= len) {
          throw new DeepLakeException(
              "view row "
                  + r
                  + " is outside the dataset's "
                  + len
                  + " rows (rows were removed after the view was made)");
        }
      }
    }
  }
}
