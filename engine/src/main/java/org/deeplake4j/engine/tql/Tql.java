package org.deeplake4j.engine.tql;

import java.util.SplittableRandom;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DeepLakeException;

/**
 * Entry points of the Tensor Query Language (Deep Lake 3.x TQL): parse a query, and run it over a
 * dataset or over a subset of its rows. Semantics are written down in {@code docs/tql.md}.
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
   * @throws TqlSyntaxException if it is not TQL
   */
  public static Query parse(String text) {
    return Parser.parse(text);
  }

  /** Runs {@code text} over every row of {@code ds}; returns the rows in result order. */
  public static long[] execute(Dataset ds, String text) {
    return execute(ds, null, parse(text));
  }

  /**
   * Runs {@code query} over {@code rows} of {@code ds} (in that order; null for every row of the
   * dataset); returns dataset rows in result order.
   *
   * @throws TqlSemanticException if the query does not fit the dataset or its values
   */
  public static long[] execute(Dataset ds, long[] rows, Query query) {
    return execute(ds, rows, query, new SplittableRandom());
  }

  static long[] execute(Dataset ds, long[] rows, Query query, SplittableRandom random) {
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
    return new Executor(ds, rows, random).rows(query);
  }
}
