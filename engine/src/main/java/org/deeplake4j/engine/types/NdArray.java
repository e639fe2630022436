package org.deeplake4j.engine.types;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * One numeric sample: a dtype, a shape and the little-endian element bytes in row-major order.
 * Immutable; the bytes may be a read-only view of a decoded chunk (no copy), so bulk accessors
 * ({@link #toFloatArray()}, {@link #copyTo(float[], int)}, ...) copy without per-element boxing.
 * Thread-safe.
 */
public final class NdArray {
  private final Dtype dtype;
  private final long[] shape;
  private final ByteBuffer data;

  /**
   * Wraps {@code data} (position to limit; little-endian element bytes). The buffer is not copied;
   * the caller must not change it afterwards.
   */
  public NdArray(Dtype dtype, long[] shape, ByteBuffer data) {
    this.dtype = dtype;
    this.shape = shape.clone();
    this.data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long n = numElements(shape);
    if (n * dtype.itemSize() != this.data.remaining()) {
      throw new IllegalArgumentException(
          "shape "
              + Arrays.toString(shape)
              + " of "
              + dtype.numpyName()
              + " needs "
              + n * dtype.itemSize()
              + " bytes, got "
              + this.data.remaining());
    }
  }

  private NdArray(Dtype dtype, long[] shape, ByteBuffer leView, boolean trusted) {
    this.dtype = dtype;
    this.shape = shape;
    this.data = leView;
  }

  /**
   * The engine's no-copy constructor: {@code shape} is shared (never modified by either side) and
   * {@code leView} is a read-only little-endian buffer holding exactly the elements from position
   * 0, owned by the array from now on. Public for the engine's readers; the buffer must be
   * read-only and owned by the array.
   */
  public static NdArray view(Dtype dtype, long[] shape, ByteBuffer leView) {
    if (numElements(shape) * dtype.itemSize() != leView.remaining()
        || leView.position() != 0
        || !leView.isReadOnly()
        || leView.order() != ByteOrder.LITTLE_ENDIAN) {
      throw new IllegalArgumentException("not an element view for shape " + Arrays.toString(shape));
    }
    return new NdArray(dtype, shape, leView, true);
  }

  /** Wraps a byte array. */
  public static NdArray of(Dtype dtype, long[] shape, byte[] bytes) {
    return new NdArray(dtype, shape, ByteBuffer.wrap(bytes));
  }

  /** Product of the dimensions. */
  public static long numElements(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n = Math.multiplyExact(n, d);
    }
    return n;
  }

  public Dtype dtype() {
    return dtype;
  }

  public long[] shape() {
    return shape.clone();
  }

  public int ndim() {
    return shape.length;
  }

  /** Number of elements. */
  public int size() {
    return data.remaining() / dtype.itemSize();
  }

  /** Whether any dimension is zero (Deep Lake's empty sample). */
  public boolean isEmpty() {
    return size() == 0;
  }

  /** A read-only little-endian view of the element bytes. */
  public ByteBuffer buffer() {
    return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
  }

  /** A copy of the element bytes. */
  public byte[] toBytes() {
    byte[] out = new byte[data.remaining()];
    data.duplicate().get(out);
    return out;
  }

  /** Element {@code i} (row-major) as a double; uint64 above 2^63 is converted unsigned. */
  public double getDouble(int i) {
    int o = i * dtype.itemSize();
    switch (dtype) {
      case FLOAT32:
        return data.getFloat(o);
      case FLOAT64:
        return data.getDouble(o);
      case FLOAT16:
        return Float16.toFloat(data.getShort(o));
      case UINT64:
        long v = data.getLong(o);
        return v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
      case COMPLEX64:
        return data.getFloat(2 * i * 4);
      case COMPLEX128:
        return data.getDouble(2 * i * 8);
      default:
        return getLong(i);
    }
  }

  /**
   * Element {@code i} as a long: integers exactly (uint64 as its two's-complement bits, use {@link
   * Long#toUnsignedString}), bool as 0/1, floats truncated.
   */
  public long getLong(int i) {
    int o = i * dtype.itemSize();
    switch (dtype) {
      case BOOL:
        return data.get(o) != 0 ? 1 : 0;
      case INT8:
        return data.get(o);
      case UINT8:
        return data.get(o) & 0xFFL;
      case INT16:
        return data.getShort(o);
      case UINT16:
        return data.getShort(o) & 0xFFFFL;
      case INT32:
        return data.getInt(o);
      case UINT32:
        return data.getInt(o) & 0xFFFF_FFFFL;
      case INT64:
      case UINT64:
        return data.getLong(o);
      default:
        return (long) getDouble(i);
    }
  }

  /** Element {@code i} as a boolean (non-zero is true). */
  public boolean getBoolean(int i) {
    return dtype.isFloating() ? getDouble(i) != 0 : getLong(i) != 0;
  }

  /** All elements as floats (float32: a bulk copy; other types converted). */
  public float[] toFloatArray() {
    float[] out = new float[size()];
    copyTo(out, 0);
    return out;
  }

  /** Copies all elements into {@code dst} at {@code offset} as floats. */
  public void copyTo(float[] dst, int offset) {
    if (dtype == Dtype.FLOAT32) {
      // data's position and order never change, so a view of it is safe from any thread.
      data.asFloatBuffer().get(dst, offset, size());
      return;
    }
    for (int i = 0, n = size(); i < n; i++) {
      dst[offset + i] = (float) getDouble(i);
    }
  }

  /** All elements as doubles. */
  public double[] toDoubleArray() {
    double[] out = new double[size()];
    if (dtype == Dtype.FLOAT64) {
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = getDouble(i);
    }
    return out;
  }

  /** All elements as longs (see {@link #getLong}). */
  public long[] toLongArray() {
    long[] out = new long[size()];
    if (dtype == Dtype.INT64 || dtype == Dtype.UINT64) {
      data.duplicate().order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(out);
      return out;
    }
    for (int i = 0; i < out.length; i++) {
      out[i] = getLong(i);
    }
    return out;
  }

  /** All elements as ints (int32/uint32 bulk; others converted; uint32 keeps its bits). */
  public int[] toIntArray() {
    int[] out = new int[size()];
    copyTo(out, 0);
    return out;
  }

  /**
   * Copies all elements into {@code dst} at {@code offset} as ints (int32/uint32: a bulk copy,
   * uint32 keeping its bits; others converted as {@link #getLong} then narrowed).
   */
  public void copyTo(int[] dst, int offset) {
    if (dtype == Dtype.INT32 || dtype == Dtype.UINT32) {
      data.asIntBuffer().get(dst, offset, size());
      return;
    }
    for (int i = 0, n = size(); i < n; i++) {
      dst[offset + i] = (int) getLong(i);
    }
  }

  /**
   * Puts the element bytes (little-endian, this dtype) into {@code dst} at its position, advancing
   * it; throws {@link java.nio.BufferOverflowException} if they do not fit.
   */
  public void copyTo(ByteBuffer dst) {
    dst.put(data.duplicate());
  }

  @Override
  public String toString() {
    return "NdArray(" + dtype.numpyName() + ", " + Arrays.toString(shape) + ")";
  }
}
