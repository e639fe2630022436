package org.deeplake4j.engine.internal.format;

import org.deeplake4j.engine.errors.CorruptDataException;

/**
 * A run-length "last seen index" table of uint32 rows {@code [v_0, ..., v_{k-1}, last]}: row r
 * covers indices {@code last[r-1]+1 .. last[r]} (inclusive). The shape, byte-position, sequence and
 * creds encoders all have this form. Immutable; values are unsigned 32-bit.
 */
public final class RunTable {
  private final int[] cells;
  private final int cols;
  private final int rows;

  private RunTable(int[] cells, int cols, String key, String what) {
    this.cells = cells;
    this.cols = cols;
    this.rows = cols == 0 ? 0 : cells.length / cols;
    long prev = -1;
    for (int r = 0; r < rows; r++) {
      long last = lastOf(r);
      if (last <= prev) {
        throw new CorruptDataException(
            key,
            what
                + " row "
                + r
                + ": last index "
                + last
                + " does not increase (previous "
                + prev
                + ")");
      }
      prev = last;
    }
  }

  /** Wraps row-major cells with {@code cols} columns; checks that {@code last} increases. */
  public static RunTable of(int[] cells, int cols, String key, String what) {
    if (cols < 0 || (cols == 0 && cells.length > 0) || (cols > 0 && cells.length % cols != 0)) {
      throw new CorruptDataException(
          key, what + ": " + cells.length + " cells in " + cols + " cols");
    }
    return new RunTable(cells, cols, key, what);
  }

  /** An empty table. */
  public static RunTable empty(int cols) {
    return new RunTable(new int[0], cols, "", "");
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Number of indices covered: last of the final row + 1. */
  public long count() {
    return rows == 0 ? 0 : lastOf(rows - 1) + 1;
  }

  /** The inclusive last index of row r. */
  public long lastOf(int r) {
    return Integer.toUnsignedLong(cells[r * cols + cols - 1]);
  }

  /** First index of row r. */
  public long firstOf(int r) {
    return r == 0 ? 0 : lastOf(r - 1) + 1;
  }

  /** Unsigned value of column c in row r. */
  public long value(int r, int c) {
    return Integer.toUnsignedLong(cells[r * cols + c]);
  }

  /** The row covering {@code index}, or -1 if beyond the end (binary search over last). */
  public int rowOf(long index) {
    int lo = 0;
    int hi = rows - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lastOf(mid) >= index) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    return found;
  }

  /**
   * Byte-position style decode for the row covering {@code index}: {@code [start, end)} where the
   * row is {@code [size, start0, last]}; returns {start, end} as longs.
   */
  public long[] rangeOf(long index, int row) {
    long size = value(row, 0);
    try {
      long start = Math.addExact(value(row, 1), Math.multiplyExact(index - firstOf(row), size));
      return new long[] {start, Math.addExact(start, size)};
    } catch (ArithmeticException e) {
      // beyond any real region: callers report it as corrupt
      return new long[] {Long.MAX_VALUE - size, Long.MAX_VALUE};
    }
  }
}
