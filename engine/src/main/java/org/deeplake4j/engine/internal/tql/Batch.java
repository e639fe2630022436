package org.deeplake4j.engine.internal.tql;

/**
 * A batch of rows evaluated together: {@code rows[i]} is the dataset row and {@link #pos(int)} its
 * position in the query's source (dataset or view), for {@code i < n}; consecutive positions from
 * {@code firstPos} when {@code contiguous} (then {@code pos} is not filled). Reused across batches.
 */
final class Batch {
  final long[] rows;
  final int[] pos;
  int n;

  boolean contiguous;
  int firstPos;

  /** Changes whenever the batch is refilled (lets nodes decode a column once per batch). */
  long seq;

  Batch(int capacity) {
    this.rows = new long[capacity];
    this.pos = new int[capacity];
  }

  /** The source position of row {@code i} of the batch. */
  int pos(int i) {
    return contiguous ? firstPos + i : pos[i];
  }
}
