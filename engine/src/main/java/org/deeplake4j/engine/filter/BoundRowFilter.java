package org.deeplake4j.engine.filter;

/**
 * A {@link RowFilter} bound to the tensors of one open dataset version. Valid while that dataset is
 * open; thread-safe when the dataset is (reads only).
 */
@FunctionalInterface
public interface BoundRowFilter {
  /** The filter's truth for row {@code row}. */
  Truth test(long row);

  /** Whether row {@code row} matches (the filter is true, not false or unknown). */
  default boolean matches(long row) {
    return test(row) == Truth.TRUE;
  }
}
