package org.deeplake4j.engine.tql;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplake4j.engine.Dataset;

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
  private final long length;
  private final Map<String, TensorCol> cols = new LinkedHashMap<>();
  private final VNode node;
  private final Boolean constant;
  private final Batch batch = new Batch(Executor.BATCH);

  private RowCondition(Dataset ds, Expr where, SplittableRandom random) {
    this.ds = ds;
    this.length = ds.length();
    RowEval re = new RowEval(random);
    Node bound = new Binder(ds, cols).condition(where);
    if (bound instanceof Node.Const c) {
      this.constant = Ops.truth(c.value(), "WHERE");
      this.node = null;
    } else {
      this.constant = null;
      this.node =
          VNode.truth(
              VNode.compile(bound, re, Executor.BATCH, new java.util.IdentityHashMap<>()),
              "WHERE",
              Executor.BATCH);
    }
  }

  /**
   * Binds {@code where} to {@code ds}: resolves its tensors and functions and checks its types.
   *
   * @throws TqlSemanticException if the condition does not fit the dataset
   */
  public static RowCondition bind(Dataset ds, Expr where) {
    return new RowCondition(ds, where, new SplittableRandom());
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
    return Collections.unmodifiableSet(new LinkedHashSet<>(cols.keySet()));
  }

  /**
   * Tests rows {@code [start, start + n)}: {@code out[i]} is whether row {@code start + i} matches.
   *
   * @return the number of matching rows
   * @throws TqlSemanticException if a row's values do not fit the condition (e.g. a shape)
   */
  public int test(long start, int n, boolean[] out) {
    if (start < 0 || n < 0) {
      throw new IllegalArgumentException("rows [" + start + ", " + start + " + " + n + ")");
    }
    int valid = (int) Math.max(0, Math.min(n, length - start));
    java.util.Arrays.fill(out, valid, n, false);
    if (constant != null) {
      java.util.Arrays.fill(out, 0, valid, constant);
      return constant ? valid : 0;
    }
    int count = 0;
    for (int done = 0; done < valid; ) {
      int m = Math.min(Executor.BATCH, valid - done);
      long first = start + done;
      for (int i = 0; i < m; i++) {
        batch.rows[i] = first + i;
      }
      batch.n = m;
      batch.contiguous = true;
      batch.firstPos = 0;
      batch.seq++;
      node.eval(batch, null);
      boolean[] z = node.z;
      for (int i = 0; i < m; i++) {
        out[done + i] = z[i];
        count += z[i] ? 1 : 0;
      }
      done += m;
    }
    return count;
  }

  /** Drops the decoded chunks kept between calls (the condition stays usable). */
  public void release() {
    cols.values().forEach(TensorCol::release);
  }

  /** The dataset the condition is bound to. */
  public Dataset dataset() {
    return ds;
  }
}
