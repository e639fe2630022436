package org.deeplake4j.engine.internal.tql;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.deeplake4j.engine.internal.read.DatasetReader;
import org.deeplake4j.engine.tql.Expr;

/**
 * A TQL condition bound to a dataset's tensors, evaluated over any rows in blocks with the
 * vectorized evaluator ({@link VNode}). The tensors are bound once (as of binding); a chunk read in
 * bulk stays decoded between calls, so ranges tested in ascending order read each chunk once. Rows
 * at or past the dataset's length at binding never match, as in a query.
 *
 * <p>Not thread-safe: one per reader.
 */
public final class BoundCondition {
  private final long length;
  private final Map<String, TensorCol> cols = new LinkedHashMap<>();
  private final VNode node;
  private final Boolean constant;
  private final Batch batch = new Batch(Executor.BATCH);

  BoundCondition(DatasetReader ds, Expr where, SplittableRandom random) {
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
              VNode.compile(bound, re, Executor.BATCH, new IdentityHashMap<>()),
              "WHERE",
              Executor.BATCH);
    }
  }

  /** The tensors the condition reads, in the order it names them. */
  public Set<String> tensors() {
    return Collections.unmodifiableSet(new LinkedHashSet<>(cols.keySet()));
  }

  /**
   * Tests rows {@code [start, start + n)}: {@code out[i]} is whether row {@code start + i} matches.
   *
   * @return the number of matching rows
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if a row's values do not fit the
   *     condition (e.g. a shape)
   */
  public int test(long start, int n, boolean[] out) {
    if (start < 0 || n < 0) {
      throw new IllegalArgumentException("rows [" + start + ", " + start + " + " + n + ")");
    }
    int valid = (int) Math.max(0, Math.min(n, length - start));
    Arrays.fill(out, valid, n, false);
    if (constant != null) {
      Arrays.fill(out, 0, valid, constant);
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
}
