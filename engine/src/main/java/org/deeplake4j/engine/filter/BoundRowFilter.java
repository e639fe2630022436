package org.deeplake4j.engine.filter;

/**
 * A {@link RowFilter} bound to the tensors of one open dataset version. Valid while that dataset is
 * open; thread-safe when the dataset is (the bound filters of {@link RowFilters#bind} serialize
 * calls and keep only the chunk they last read in bulk between calls).
 */
@FunctionalInterface
public interface BoundRowFilter {
  /** The filter's truth for row {@code row}. */
  Truth test(long row);

  /**
   * The filter's truth for rows {@code [start, start + n)} into {@code out[0, n)}. The bound
   * filters of {@link RowFilters#bind} evaluate the block column at a time, scalar numeric tensors
   * read in bulk from their chunks; the default tests row by row.
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
