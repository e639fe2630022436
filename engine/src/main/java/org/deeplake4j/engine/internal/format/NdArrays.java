package org.deeplake4j.engine.internal.format;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/** Reshaping and casting helpers for {@link NdArray}. */
public final class NdArrays {
  private NdArrays() {}

  /** Same elements with another shape of equal element count, cast to {@code dtype}. */
  public static NdArray reshapeCast(NdArray a, long[] shape, Dtype dtype, String key) {
    long need;
    try {
      need = NdArray.numElements(shape);
    } catch (ArithmeticException e) {
      need = -1; // more than 2^63: never equal
    }
    if (need != a.size()) {
      throw new org.deeplake4j.engine.errors.CorruptDataException(
          key,
          "decoded "
              + a.size()
              + " elements but the stored shape "
              + java.util.Arrays.toString(shape)
              + " needs "
              + (need < 0 ? "more than 2^63" : Long.toString(need)));
    }
    if (a.dtype() == dtype) {
      return new NdArray(dtype, shape, a.buffer());
    }
    return new NdArray(dtype, shape, cast(a, dtype));
  }

  private static ByteBuffer cast(NdArray a, Dtype to) {
    int n = a.size();
    ByteBuffer out = ByteBuffer.allocate(n * to.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < n; i++) {
      switch (to) {
        case BOOL -> out.put((byte) (a.getBoolean(i) ? 1 : 0));
        case INT8, UINT8 -> out.put((byte) a.getLong(i));
        case INT16, UINT16 -> out.putShort((short) a.getLong(i));
        case INT32, UINT32 -> out.putInt((int) a.getLong(i));
        case INT64, UINT64 -> out.putLong(a.getLong(i));
        case FLOAT32 -> out.putFloat((float) a.getDouble(i));
        case FLOAT64 -> out.putDouble(a.getDouble(i));
        default -> throw new UnsupportedOperationException("cast to " + to);
      }
    }
    out.flip();
    return out;
  }
}
