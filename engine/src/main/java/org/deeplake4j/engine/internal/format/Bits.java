package org.deeplake4j.engine.internal.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.deeplake4j.engine.types.Float16;

/** Unaligned little/big-endian primitive access to byte arrays, via VarHandles (intrinsified). */
public final class Bits {
  private static final VarHandle INT_LE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_BE =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG_BE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
  private static final VarHandle SHORT_LE =
      MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FLOAT_LE =
      MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle DOUBLE_LE =
      MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

  private Bits() {}

  public static int getIntLE(byte[] b, int off) {
    return (int) INT_LE.get(b, off);
  }

  public static int getIntBE(byte[] b, int off) {
    return (int) INT_BE.get(b, off);
  }

  public static long getLongLE(byte[] b, int off) {
    return (long) LONG_LE.get(b, off);
  }

  public static long getLongBE(byte[] b, int off) {
    return (long) LONG_BE.get(b, off);
  }

  public static short getShortLE(byte[] b, int off) {
    return (short) SHORT_LE.get(b, off);
  }

  public static float getFloatLE(byte[] b, int off) {
    return (float) FLOAT_LE.get(b, off);
  }

  public static double getDoubleLE(byte[] b, int off) {
    return (double) DOUBLE_LE.get(b, off);
  }

  public static void putIntLE(byte[] b, int off, int v) {
    INT_LE.set(b, off, v);
  }

  public static void putLongLE(byte[] b, int off, long v) {
    LONG_LE.set(b, off, v);
  }

  public static void putIntBE(byte[] b, int off, int v) {
    INT_BE.set(b, off, v);
  }

  public static void putLongBE(byte[] b, int off, long v) {
    LONG_BE.set(b, off, v);
  }

  /** IEEE 754 half-precision bits to float (exact; NaN payloads kept); see {@link Float16}. */
  public static float halfToFloat(short h) {
    return Float16.toFloat(h);
  }
}
