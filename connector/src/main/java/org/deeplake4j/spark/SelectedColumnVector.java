package org.deeplake4j.spark;

import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.BinaryView;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Some rows of a filled column, in order: row {@code i} of this vector is row {@code selection[i]}
 * of the column. Lets the columnar reader return only the rows the {@code query} condition selects
 * without copying values (the column is filled for the whole batch range, then viewed through the
 * selection). Children (struct fields, interval parts) are viewed through the same selection. Does
 * not own the column: closing it does nothing (the reader closes the column). Not thread-safe;
 * valid until the next fill.
 */
final class SelectedColumnVector extends ColumnVector {
  private final ColumnVector column;
  private final Selection sel;
  private final int[] selection;
  private SelectedColumnVector[] children;

  /** The selected rows of a batch: {@code rows[0, n)}, rewritten by the reader per batch. */
  static final class Selection {
    final int[] rows;
    int n;

    Selection(int capacity) {
      this.rows = new int[capacity];
    }
  }

  SelectedColumnVector(ColumnVector column, Selection sel) {
    super(column.dataType());
    this.column = column;
    this.sel = sel;
    this.selection = sel.rows;
  }

  @Override
  public void close() {
    // the reader closes the column
  }

  @Override
  public void closeIfFreeable() {
    // reused by the next batch
  }

  @Override
  public boolean hasNull() {
    return column.hasNull(); // may be true when no selected row is null: callers then just check
  }

  @Override
  public int numNulls() {
    if (!column.hasNull()) {
      return 0;
    }
    int nulls = 0;
    for (int i = 0; i < sel.n; i++) {
      nulls += column.isNullAt(selection[i]) ? 1 : 0;
    }
    return nulls;
  }

  @Override
  public boolean isNullAt(int rowId) {
    return column.isNullAt(selection[rowId]);
  }

  @Override
  public boolean getBoolean(int rowId) {
    return column.getBoolean(selection[rowId]);
  }

  @Override
  public byte getByte(int rowId) {
    return column.getByte(selection[rowId]);
  }

  @Override
  public short getShort(int rowId) {
    return column.getShort(selection[rowId]);
  }

  @Override
  public int getInt(int rowId) {
    return column.getInt(selection[rowId]);
  }

  @Override
  public long getLong(int rowId) {
    return column.getLong(selection[rowId]);
  }

  @Override
  public float getFloat(int rowId) {
    return column.getFloat(selection[rowId]);
  }

  @Override
  public double getDouble(int rowId) {
    return column.getDouble(selection[rowId]);
  }

  @Override
  public ColumnarArray getArray(int rowId) {
    return column.getArray(selection[rowId]);
  }

  @Override
  public ColumnarMap getMap(int ordinal) {
    return column.getMap(selection[ordinal]);
  }

  @Override
  public Decimal getDecimal(int rowId, int precision, int scale) {
    return column.getDecimal(selection[rowId], precision, scale);
  }

  @Override
  public UTF8String getUTF8String(int rowId) {
    return column.getUTF8String(selection[rowId]);
  }

  @Override
  public byte[] getBinary(int rowId) {
    return column.getBinary(selection[rowId]);
  }

  @Override
  public BinaryView getBinaryView(int rowId) {
    return column.getBinaryView(selection[rowId]);
  }

  @Override
  public ColumnVector getChild(int ordinal) {
    if (children == null) {
      children = new SelectedColumnVector[Math.max(ordinal + 1, 4)];
    } else if (ordinal >= children.length) {
      children = java.util.Arrays.copyOf(children, ordinal + 1);
    }
    if (children[ordinal] == null) {
      children[ordinal] = new SelectedColumnVector(column.getChild(ordinal), sel);
    }
    return children[ordinal];
  }
}
