package org.deeplake4j.spark;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.vector.FieldVector;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.Decimal;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarArray;
import org.apache.spark.sql.vectorized.ColumnarMap;
import org.apache.spark.unsafe.types.UTF8String;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.spark.SparkTypes.TensorColumn;

/**
 * A one-dimensional fixed-shape numeric array column (an embedding) whose stored element bytes are
 * Spark's: signed integers or floats of the same width, little-endian. Each batch is one bulk read
 * ({@link Tensor#readStoredRange}) into a heap buffer, and Spark reads the elements straight from
 * it: row {@code r} is elements {@code [r * d, (r + 1) * d)}, so there are no offsets to look up
 * and no per-element validity (only rows past a shorter tensor's end are null). Element reads
 * through Arrow's vectors check a validity bit and the buffer bounds per element, which doubled the
 * cost of {@code explode(embedding)}. Not thread-safe; the vectors are valid until the next fill.
 */
final class HeapArrayColumn implements ArrowColumns.Column {
  private final Tensor tensor;
  private final int dim;
  private final int itemSize;
  private final long length;
  private final ByteBuffer data;
  private final Elements elements;
  private final Arrays arrays;

  /** Whether {@code c} (of {@code t}) is a column this class reads. */
  static boolean supports(Tensor t, TensorColumn c) {
    Dtype d = c.dtype();
    return ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN
        && c.ndim() == 1
        && c.fixedShape() != null
        && c.fixedShape().length == 1
        && c.dataType() instanceof ArrayType
        && t.baseType() != Htype.CLASS_LABEL
        && (d == Dtype.INT8
            || d == Dtype.INT16
            || d == Dtype.INT32
            || d == Dtype.INT64
            || d == Dtype.FLOAT32
            || d == Dtype.FLOAT64);
  }

  HeapArrayColumn(Tensor t, TensorColumn c, int capacity) {
    this.tensor = t;
    this.dim = Math.toIntExact(c.fixedShape()[0]);
    this.itemSize = c.dtype().itemSize();
    this.length = t.length();
    this.data =
        ByteBuffer.allocate(Math.multiplyExact(Math.multiplyExact(capacity, dim), itemSize))
            .order(ByteOrder.LITTLE_ENDIAN);
    this.elements = new Elements(((ArrayType) c.dataType()).elementType(), data, itemSize);
    this.arrays = new Arrays(c.dataType(), elements, dim);
  }

  @Override
  public FieldVector vector() {
    throw new UnsupportedOperationException("heap column: read sparkVector()");
  }

  @Override
  public ColumnVector sparkVector() {
    return arrays;
  }

  @Override
  public void fill(long start, int n) {
    int valid = (int) Math.max(0, Math.min(n, length - start));
    data.clear();
    if (valid > 0) {
      long got = tensor.readStoredRange(start, start + valid, data);
      long expected = (long) valid * dim * itemSize;
      if (got != expected) {
        throw new CorruptDataException(
            tensor.key(),
            "rows ["
                + start
                + ", "
                + (start + valid)
                + ") of tensor '"
                + tensor.name()
                + "' hold "
                + got
                + " bytes, but their fixed shape needs "
                + expected);
      }
    }
    arrays.rows = n;
    arrays.valid = valid;
  }

  @Override
  public void close() {
    // heap only
  }

  /** The array column: row r is a slice of {@link Elements}; rows from {@code valid} are null. */
  private static final class Arrays extends ColumnVector {
    private final Elements elements;
    private final int dim;
    int rows;
    int valid;

    Arrays(DataType type, Elements elements, int dim) {
      super(type);
      this.elements = elements;
      this.dim = dim;
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      return isNullAt(rowId) ? null : new ColumnarArray(elements, rowId * dim, dim);
    }

    @Override
    public boolean hasNull() {
      return valid < rows;
    }

    @Override
    public int numNulls() {
      return rows - valid;
    }

    @Override
    public boolean isNullAt(int rowId) {
      return rowId >= valid;
    }

    @Override
    public void close() {}

    @Override
    public void closeIfFreeable() {
      // refilled by the next batch
    }

    @Override
    public boolean getBoolean(int rowId) {
      throw unsupported();
    }

    @Override
    public byte getByte(int rowId) {
      throw unsupported();
    }

    @Override
    public short getShort(int rowId) {
      throw unsupported();
    }

    @Override
    public int getInt(int rowId) {
      throw unsupported();
    }

    @Override
    public long getLong(int rowId) {
      throw unsupported();
    }

    @Override
    public float getFloat(int rowId) {
      throw unsupported();
    }

    @Override
    public double getDouble(int rowId) {
      throw unsupported();
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw unsupported();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      throw unsupported();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      throw unsupported();
    }

    @Override
    public byte[] getBinary(int rowId) {
      throw unsupported();
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      return ordinal == 0 ? elements : null;
    }

    private UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException("array column: " + dataType());
    }
  }

  /** The elements of every row, back to back, read from the little-endian heap buffer. */
  private static final class Elements extends ColumnVector {
    private final ByteBuffer data;
    private final int shift;

    Elements(DataType type, ByteBuffer data, int itemSize) {
      super(type);
      this.data = data;
      this.shift = Integer.numberOfTrailingZeros(itemSize);
    }

    @Override
    public boolean hasNull() {
      return false;
    }

    @Override
    public int numNulls() {
      return 0;
    }

    @Override
    public boolean isNullAt(int rowId) {
      return false;
    }

    @Override
    public void close() {}

    @Override
    public void closeIfFreeable() {}

    @Override
    public byte getByte(int rowId) {
      return data.get(rowId);
    }

    @Override
    public short getShort(int rowId) {
      return data.getShort(rowId << shift);
    }

    @Override
    public int getInt(int rowId) {
      return data.getInt(rowId << shift);
    }

    @Override
    public long getLong(int rowId) {
      return data.getLong(rowId << shift);
    }

    @Override
    public float getFloat(int rowId) {
      return data.getFloat(rowId << shift);
    }

    @Override
    public double getDouble(int rowId) {
      return data.getDouble(rowId << shift);
    }

    @Override
    public boolean getBoolean(int rowId) {
      throw unsupported();
    }

    @Override
    public ColumnarArray getArray(int rowId) {
      throw unsupported();
    }

    @Override
    public ColumnarMap getMap(int ordinal) {
      throw unsupported();
    }

    @Override
    public Decimal getDecimal(int rowId, int precision, int scale) {
      throw unsupported();
    }

    @Override
    public UTF8String getUTF8String(int rowId) {
      throw unsupported();
    }

    @Override
    public byte[] getBinary(int rowId) {
      throw unsupported();
    }

    @Override
    public ColumnVector getChild(int ordinal) {
      return null;
    }

    private UnsupportedOperationException unsupported() {
      return new UnsupportedOperationException("element column: " + dataType());
    }
  }
}
