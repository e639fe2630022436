package org.deeplake4j.engine.tql;

/**
 * A batch of rows evaluated together: {@code rows[i]} is the dataset row and {@code pos[i]} its
 * position in the query's source (dataset or view), for {@code i < n}. Reused across batches.
 */
final class Batch {
  final long[] rows;
  final int[] pos;
  int n;

  Batch(int capacity) {
    this.rows = new long[capacity];
    this.pos = new int[capacity];
  }

  int capacity() {
    return rows.length;
  }
}
