package org.deeplake4j.engine.internal.format;

import java.util.Arrays;

/**
 * Builds a run-length "last seen index" table: consecutive indices with equal values share one row.
 * Not thread-safe.
 */
public final class RunTableBuilder {
  private final int cols;
  private int[] cells = new int[64];
  private int rows;
  private long count; // indices covered: the last row's last + 1

  /**
   * @param valueCols number of value columns (the {@code last} column is added)
   */
  public RunTableBuilder(int valueCols) {
    this.cols = valueCols + 1;
  }

  /** Starts from an existing table. */
  public static RunTableBuilder of(RunTable t, int valueCols) {
    RunTableBuilder b = new RunTableBuilder(valueCols);
    for (int r = 0; r < t.rows(); r++) {
      long[] v = new long[valueCols];
      for (int c = 0; c < valueCols; c++) {
        v[c] = t.value(r, c);
      }
      b.addRow(v, t.lastOf(r));
    }
    return b;
  }

  private void addRow(long[] values, long last) {
    if ((rows + 1) * cols > cells.length) {
      cells = Arrays.copyOf(cells, Math.max(cells.length * 2, (rows + 1) * cols));
    }
    int o = rows * cols;
    for (int c = 0; c < values.length; c++) {
      cells[o + c] = checkedU32(values[c]);
    }
    cells[o + cols - 1] = checkedU32(last);
    rows++;
    count = last + 1;
  }

  private static int checkedU32(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("value " + v + " does not fit the format's uint32");
    }
    return (int) v;
  }

  /** Number of indices covered. */
  public long count() {
    return count;
  }

  /** Appends index {@code count()} with these values, extending the last row when equal. */
  public void append(long... values) {
    long idx = count;
    if (rows > 0 && sameValues(rows - 1, values)) {
      cells[rows * cols - 1] = checkedU32(idx);
      count = idx + 1;
      return;
    }
    addRow(values, idx);
  }

  /**
   * Appends index {@code count()} as a byte-position row {@code [size, start]}: extends the last
   * row when the size is equal (its samples are densely packed), else starts a row at {@code
   * start}.
   */
  public void appendSized(long size, long start) {
    appendSizedRun(size, start, 1);
  }

  /**
   * Appends {@code n >= 1} indices of one sample size, densely packed from {@code start}: the same
   * rows as {@code n} calls of {@link #appendSized} with starts {@code start, start + size, ...}.
   */
  public void appendSizedRun(long size, long start, long n) {
    long last = count + n - 1;
    if (rows > 0 && Integer.toUnsignedLong(cells[(rows - 1) * cols]) == size) {
      cells[rows * cols - 1] = checkedU32(last);
      count = last + 1;
      return;
    }
    if ((rows + 1) * cols > cells.length) {
      cells = Arrays.copyOf(cells, Math.max(cells.length * 2, (rows + 1) * cols));
    }
    int o = rows * cols;
    cells[o] = checkedU32(size);
    cells[o + 1] = checkedU32(start);
    cells[o + 2] = checkedU32(last);
    rows++;
    count = last + 1;
  }

  /**
   * Appends {@code n >= 1} indices with these values: the same rows as {@code n} calls of {@link
   * #append}.
   */
  public void appendRun(long[] values, long n) {
    long last = count + n - 1;
    if (rows > 0 && sameValues(rows - 1, values)) {
      cells[rows * cols - 1] = checkedU32(last);
      count = last + 1;
      return;
    }
    addRow(values, last);
  }

  /** Writes the cells as little-endian int32s into {@code out} at {@code off}; returns the end. */
  public int writeCellsLE(byte[] out, int off) {
    for (int i = 0, n = rows * cols; i < n; i++) {
      Bits.putIntLE(out, off, cells[i]);
      off += 4;
    }
    return off;
  }

  private boolean sameValues(int r, long[] values) {
    for (int c = 0; c < values.length; c++) {
      if (Integer.toUnsignedLong(cells[r * cols + c]) != values[c]) {
        return false;
      }
    }
    return true;
  }

  public int rows() {
    return rows;
  }

  public int cols() {
    return cols;
  }

  /** Row-major cells, {@code rows * cols} of them. */
  public int[] cells() {
    return Arrays.copyOf(cells, rows * cols);
  }

  public RunTable build() {
    return RunTable.of(cells(), cols, "", "table");
  }
}
