package org.deeplake4j.engine.filter;

/**
 * A {@link RowFilter} bound to the tensors of one open dataset version. Valid while that dataset is
 * open; thread-safe when the dataset is (reads only; no state between calls).
 */
@FunctionalInterface
public interface BoundRowFilter {
  /** The filter's truth for row {@code row}. */
  Truth test(long row);

  /**
   * The filter's truth for rows {@code [start, start + n)} into {@code out[0, n)}. Comparisons on
   * scalar numeric tensors read their values in bulk ({@link
   * org.deeplake4j.engine.Tensor#readRange}) instead of sample by sample; the default tests row by
   * row.
   */
  default void testRange(long start, int n, Truth[] out) {
    for (int i = 0; i < n; i++) {
      out[i] = test(start + i);
    }
  }

  /** Whether row {@code row} matches (the filter is true, not false or unknown). */
  default boolean matches(long row) {
    return test(row) == Truth.TRUE;
  }
}
