package org.deeplake4j.engine;

import java.util.Set;
import org.deeplake4j.engine.internal.tql.BoundCondition;
import org.deeplake4j.engine.internal.tql.TqlEngine;
import org.deeplake4j.engine.tql.Expr;
import org.deeplake4j.engine.tql.Query;

/**
 * A TQL condition (the WHERE of {@code SELECT * WHERE cond}) bound to one open dataset, evaluated
 * over any rows in blocks: lets a caller that reads a dataset piece by piece (a task of a
 * distributed scan) keep only the rows the condition selects, without running a query over the
 * whole dataset. The tensors are bound once; a chunk read in bulk stays decoded between calls, so
 * ranges tested in ascending order read each chunk once. Rows at or past the dataset's length (the
 * shortest tensor's) never match, as in {@link Tql#execute}.
 *
 * <p>Not thread-safe: one per reader. The dataset must stay open while it is used.
 */
public final class RowCondition {
  private final Dataset ds;
  private final BoundCondition bound;

  private RowCondition(Dataset ds, BoundCondition bound) {
    this.ds = ds;
    this.bound = bound;
  }

  /**
   * Binds {@code where} to {@code ds}: resolves its tensors and functions and checks its types.
   *
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if the condition does not fit the
   *     dataset
   */
  public static RowCondition bind(Dataset ds, Expr where) {
    return new RowCondition(ds, TqlEngine.bind(new ReadView(ds), where));
  }

  /**
   * The condition of {@code query} if it only selects rows by a condition ({@link
   * Query#isRowFilterOnly()}), else null. {@code SELECT *} without WHERE has none either: it
   * selects every row.
   */
  public static Expr conditionOf(Query query) {
    return query instanceof Query.Select s && s.isRowFilterOnly() ? s.where() : null;
  }

  /** The tensors the condition reads, in the order it names them. */
  public Set<String> tensors() {
    return bound.tensors();
  }

  /**
   * Tests rows {@code [start, start + n)}: {@code out[i]} is whether row {@code start + i} matches.
   *
   * @return the number of matching rows
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if a row's values do not fit the
   *     condition (e.g. a shape)
   */
  public int test(long start, int n, boolean[] out) {
    return bound.test(start, n, out);
  }

  /** Drops the decoded chunks kept between calls (the condition stays usable). */
  public void release() {
    bound.release();
  }

  /** The dataset the condition is bound to. */
  public Dataset dataset() {
    return ds;
  }
}
