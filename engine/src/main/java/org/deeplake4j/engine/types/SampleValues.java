package org.deeplake4j.engine.types;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.deeplake4j.engine.errors.InvalidValueException;

/**
 * The one rule for values written to tensors, shared by the Java API (the write path's sample
 * encoder) and {@code deeplake import}: a value that the tensor's dtype cannot hold as given is
 * refused, never changed.
 *
 * <ul>
 *   <li>integer dtypes take integers in their range only: not 1.5, 2.0, NaN (no truncation), not
 *       300 into uint8 (no wrapping), not booleans;
 *   <li>float dtypes take integers they hold exactly (16777217 into float32 is refused, 2^53 + 1
 *       into float64 too) and floats rounded to their nearest value (0.1 into float32, as numpy and
 *       Python deeplake round) unless that overflows to infinity (1e300 into float32); NaN and
 *       infinities are kept;
 *   <li>bool takes only booleans, and booleans go only into bool (true is not changed to 1);
 *   <li>no string (text, json keys and values, list and tag items, class names, link paths) may
 *       hold a lone UTF-16 surrogate: it is not a character and UTF-8 cannot store it.
 * </ul>
 *
 * Integers are Java's integer {@link Number}s ({@code Long}, {@code Integer}, {@code BigInteger},
 * ...) and the elements of integer arrays; floats are {@code Double}, {@code Float}, {@code
 * BigDecimal} and the elements of float arrays. Refusals are {@link Refused}: the problem and the
 * offending element; the write path adds the tensor and row.
 */
public final class SampleValues {
  private static final int SHOWN_CHARS = 40;

  private SampleValues() {}

  /** A refused value: the problem (naming the value) and the offending element's index, or -1. */
  public static final class Refused extends InvalidValueException {
    private static final long serialVersionUID = 1L;
    private final int element;

    Refused(String problem, int element) {
      super(problem);
      this.element = element;
    }

    /** The row-major index of the offending element of an array value, or -1. */
    public int element() {
      return element;
    }
  }

  // ------------------------------------------------------------------------------ strings

  /** Index of the first surrogate of {@code s} that is not part of a pair, or -1. */
  public static int loneSurrogate(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** Refuses {@code s} (a "string" or a "key") if it holds a lone surrogate. */
  public static void checkString(String s, String what) {
    int i = loneSurrogate(s);
    if (i >= 0) {
      throw new Refused(
          what
              + " "
              + quote(s)
              + " holds a lone UTF-16 surrogate "
              + String.format("\\u%04x", (int) s.charAt(i))
              + " at index "
              + i
              + ": it is not a character and UTF-8 cannot store it",
          -1);
    }
  }

  /** Refuses a lone surrogate in any string or object key of {@code v}. */
  public static void checkJson(JsonNode v) {
    if (v.isTextual()) {
      checkString(v.textValue(), "string");
    } else if (v.isArray()) {
      for (JsonNode x : v) {
        checkJson(x);
      }
    } else if (v.isObject()) {
      for (var it = v.fields(); it.hasNext(); ) {
        var e = it.next();
        checkString(e.getKey(), "key");
        checkJson(e.getValue());
      }
    }
  }

  /** {@code s} in quotes for a message, lone surrogates as backslash-u escapes, abbreviated. */
  static String quote(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int i = 0; i < s.length() && i < SHOWN_CHARS; i++) {
      char c = s.charAt(i);
      boolean paired =
          Character.isHighSurrogate(c)
                  && i + 1 < s.length()
                  && Character.isLowSurrogate(s.charAt(i + 1))
              || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(s.length() > SHOWN_CHARS ? "...\"" : "\"").toString();
  }

  // ------------------------------------------------------------------------------ numbers

  /** Whether {@code v} is a scalar this rule converts: a {@link Number} or a {@link Boolean}. */
  public static boolean isScalar(Object v) {
    return v instanceof Number || v instanceof Boolean;
  }

  /**
   * A scalar ({@link Number}, {@link Boolean}; shape [1], as Deep Lake stores it) or rectangular
   * nested {@link Collection}s of them (the nesting is the shape) as an array of {@code dtype},
   * each element by the rule above. With a null dtype the dtype is inferred as numpy infers it
   * (bool, int64, uint64 above int64, float64 when any element is a float; float64 for no
   * elements), but booleans and numbers do not mix.
   */
  public static NdArray array(Object value, Dtype dtype) {
    List<Long> shape = new ArrayList<>();
    Object cur = value;
    while (cur instanceof Collection<?> c) {
      shape.add((long) c.size());
      if (c.isEmpty()) {
        break;
      }
      cur = c.iterator().next();
    }
    List<Object> leaves = new ArrayList<>();
    flatten(value, 0, shape, leaves);
    Dtype dt = dtype == null ? infer(leaves) : dtype;
    if (dt == Dtype.COMPLEX64 || dt == Dtype.COMPLEX128) {
      throw new Refused("numbers cannot be stored as " + dt.numpyName() + " (complex)", -1);
    }
    ByteBuffer bb =
        ByteBuffer.allocate(leaves.size() * dt.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < leaves.size(); i++) {
      put(bb, dt, leaves.get(i), i);
    }
    long[] s =
        shape.isEmpty() ? new long[] {1} : shape.stream().mapToLong(Long::longValue).toArray();
    return NdArray.of(dt, s, bb.array());
  }

  private static void flatten(Object v, int dim, List<Long> shape, List<Object> out) {
    if (dim == shape.size()) {
      if (v instanceof Collection<?>) {
        throw new Refused(
            "nested arrays are not rectangular: expected shape " + shape + " from the first items",
            out.size());
      }
      if (!isScalar(v)) {
        throw new Refused(
            "expected numbers in the arrays, found "
                + (v == null ? "null" : v.getClass().getSimpleName() + " " + v),
            out.size());
      }
      out.add(v);
      return;
    }
    if (!(v instanceof Collection<?> c) || c.size() != shape.get(dim)) {
      throw new Refused(
          "nested arrays are not rectangular: expected shape " + shape + " from the first items",
          out.size());
    }
    for (Object x : c) {
      flatten(x, dim + 1, shape, out);
    }
  }

  private static boolean isIntegral(Object v) {
    return v instanceof Number && !isFloat(v);
  }

  private static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float || v instanceof BigDecimal;
  }

  private static BigInteger bigInteger(Object v) {
    return v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
  }

  private static Dtype infer(List<Object> leaves) {
    if (leaves.isEmpty()) {
      return Dtype.FLOAT64; // numpy: np.asarray([]).dtype
    }
    if (leaves.stream().allMatch(x -> x instanceof Boolean)) {
      return Dtype.BOOL;
    }
    for (int i = 0; i < leaves.size(); i++) {
      if (leaves.get(i) instanceof Boolean) {
        throw new Refused(
            "found "
                + leaves.get(i)
                + " among numbers: booleans go only into bool tensors (they are not changed to"
                + " 1 or 0)",
            i);
      }
    }
    if (leaves.stream().anyMatch(SampleValues::isFloat)) {
      return Dtype.FLOAT64;
    }
    boolean allLong = true;
    for (int i = 0; i < leaves.size(); i++) {
      BigInteger b = bigInteger(leaves.get(i));
      if (b.bitLength() > 63) {
        allLong = false;
        if (b.signum() < 0 || b.bitLength() > 64) {
          throw new Refused(b + " does not fit int64 or uint64; give the tensor a dtype", i);
        }
      }
    }
    return allLong ? Dtype.INT64 : Dtype.UINT64;
  }

  private static void put(ByteBuffer bb, Dtype dt, Object leaf, int i) {
    if (dt == Dtype.BOOL) {
      if (!(leaf instanceof Boolean b)) {
        throw new Refused("expected true or false (dtype bool), found " + show(leaf), i);
      }
      bb.put((byte) (b ? 1 : 0));
      return;
    }
    if (leaf instanceof Boolean) {
      throw refusedBoolean(dt, show(leaf), i);
    }
    if (dt.isFloating()) {
      double d;
      if (isIntegral(leaf)) {
        d = exactly(bigInteger(leaf), dt, i);
      } else {
        d = ((Number) leaf).doubleValue();
        if (!(leaf instanceof BigDecimal) && !Double.isFinite(d)) {
          putFloat(bb, dt, d); // NaN, Infinity, -Infinity as given
          return;
        }
        if (!Double.isFinite(roundTo(dt, d))) {
          checkFinite(d, dt, show(leaf), i); // the message only when refused
        }
      }
      putFloat(bb, dt, d);
      return;
    }
    if (!isIntegral(leaf)) {
      throw refusedNonInteger(dt, show(leaf), i);
    }
    BigInteger b = bigInteger(leaf);
    checkRange(b, dt, i);
    putInt(bb, dt, b.longValue()); // uint64 above 2^63: the two's-complement bits
  }

  private static Refused refusedBoolean(Dtype dt, String shown, int i) {
    return new Refused(
        "expected numbers (dtype "
            + dt.numpyName()
            + "), found "
            + shown
            + ": booleans go only into bool tensors (they are not changed to 1 or 0)",
        i);
  }

  private static Refused refusedNonInteger(Dtype dt, String shown, int i) {
    return new Refused("expected integers (dtype " + dt.numpyName() + "), found " + shown, i);
  }

  /** {@code b} as a double of float dtype {@code dt}, if {@code dt} holds it exactly. */
  private static double exactly(BigInteger b, Dtype dt, int i) {
    double stored = roundTo(dt, b.doubleValue());
    if (!Double.isFinite(stored) || new BigDecimal(stored).compareTo(new BigDecimal(b)) != 0) {
      throw new Refused(
          b
              + " cannot be stored exactly as "
              + dt.numpyName()
              + (Double.isFinite(stored)
                  ? " (it would become " + new BigDecimal(stored).toPlainString() + ")"
                  : " (it is out of range)"),
          i);
    }
    return stored;
  }

  /** Refuses a finite {@code d} that rounds to infinity in float dtype {@code dt}. */
  private static void checkFinite(double d, Dtype dt, String shown, int i) {
    if (!Double.isFinite(roundTo(dt, d))) {
      throw new Refused(
          shown
              + " is out of range for "
              + dt.numpyName()
              + " (it would become "
              + (d > 0 ? "Infinity" : "-Infinity")
              + "; the largest finite "
              + dt.numpyName()
              + " is "
              + largestFinite(dt)
              + ")",
          i);
    }
  }

  private static void checkRange(BigInteger b, Dtype dt, int i) {
    int bits = dt.itemSize() * 8;
    BigInteger min;
    BigInteger max;
    if (dt.isUnsigned()) {
      min = BigInteger.ZERO;
      max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    } else {
      min = BigInteger.ONE.shiftLeft(bits - 1).negate();
      max = BigInteger.ONE.shiftLeft(bits - 1).subtract(BigInteger.ONE);
    }
    if (b.compareTo(min) < 0 || b.compareTo(max) > 0) {
      throw new Refused(
          b + " is out of range for " + dt.numpyName() + " [" + min + ", " + max + "]", i);
    }
  }

  /**
   * {@code a} as an array of {@code to}, each element by the rule above (by the element's type: an
   * element of a bool array is a boolean, of an integer array an integer, of a float array a
   * float). The same array when it already has dtype {@code to}.
   */
  public static NdArray cast(NdArray a, Dtype to) {
    Dtype from = a.dtype();
    if (from == to) {
      return a;
    }
    int n = a.size();
    boolean fromComplex = from == Dtype.COMPLEX64 || from == Dtype.COMPLEX128;
    boolean toComplex = to == Dtype.COMPLEX64 || to == Dtype.COMPLEX128;
    if ((fromComplex || toComplex) && n > 0) {
      throw new Refused(
          from.numpyName() + " values cannot be stored as " + to.numpyName() + " (complex)", 0);
    }
    ByteBuffer out = ByteBuffer.allocate(n * to.itemSize()).order(ByteOrder.LITTLE_ENDIAN);
    if (n == 0) {
      return new NdArray(to, a.shape(), out);
    }
    if (from == Dtype.BOOL) {
      throw refusedBoolean(to, "boolean " + a.getBoolean(0), 0);
    }
    if (from.isFloating()) {
      if (to == Dtype.BOOL) {
        throw new Refused("expected true or false (dtype bool), found " + showFloat(a, 0), 0);
      }
      if (!to.isFloating()) {
        throw refusedNonInteger(to, showFloat(a, 0), 0);
      }
      for (int i = 0; i < n; i++) {
        double d = a.getDouble(i);
        if (Double.isFinite(d) && !Double.isFinite(roundTo(to, d))) {
          checkFinite(d, to, showFloat(a, i), i); // the message only when refused
        }
        putFloat(out, to, d);
      }
    } else if (to == Dtype.BOOL) {
      throw new Refused("expected true or false (dtype bool), found number " + showInt(a, 0), 0);
    } else if (to.isFloating()) {
      boolean u64 = from == Dtype.UINT64;
      for (int i = 0; i < n; i++) {
        long v = a.getLong(i);
        double d;
        if (u64 && v < 0) {
          d = exactly(new BigInteger(Long.toUnsignedString(v)), to, i);
        } else {
          d = roundTo(to, (double) v);
          if (!Double.isFinite(d) || d >= 0x1p63 || (long) d != v) {
            d = exactly(BigInteger.valueOf(v), to, i); // throws
          }
        }
        putFloat(out, to, d);
      }
    } else {
      boolean u64 = from == Dtype.UINT64;
      long[] range = range(to);
      for (int i = 0; i < n; i++) {
        long v = a.getLong(i);
        boolean fits;
        if (u64 && v < 0) {
          fits = to == Dtype.UINT64; // at or above 2^63
        } else if (to == Dtype.UINT64) {
          fits = v >= 0;
        } else {
          fits = v >= range[0] && v <= range[1];
        }
        if (!fits) {
          checkRange(new BigInteger(u64 ? Long.toUnsignedString(v) : Long.toString(v)), to, i);
        }
        putInt(out, to, v);
      }
    }
    out.flip();
    return new NdArray(to, a.shape(), out);
  }

  /** Min and max of integer dtype {@code dt} (uint64: its max is not a long; not used). */
  private static long[] range(Dtype dt) {
    return switch (dt) {
      case INT8 -> new long[] {Byte.MIN_VALUE, Byte.MAX_VALUE};
      case UINT8 -> new long[] {0, 0xFF};
      case INT16 -> new long[] {Short.MIN_VALUE, Short.MAX_VALUE};
      case UINT16 -> new long[] {0, 0xFFFF};
      case INT32 -> new long[] {Integer.MIN_VALUE, Integer.MAX_VALUE};
      case UINT32 -> new long[] {0, 0xFFFF_FFFFL};
      default -> new long[] {Long.MIN_VALUE, Long.MAX_VALUE};
    };
  }

  private static String showFloat(NdArray a, int i) {
    double d = a.getDouble(i);
    return "number "
        + (a.dtype() == Dtype.FLOAT64 ? Double.toString(d) : Float.toString((float) d));
  }

  private static String showInt(NdArray a, int i) {
    long v = a.getLong(i);
    return a.dtype() == Dtype.UINT64 ? Long.toUnsignedString(v) : Long.toString(v);
  }

  private static void putFloat(ByteBuffer bb, Dtype dt, double d) {
    switch (dt) {
      case FLOAT16 -> bb.putShort(doubleToHalf(d));
      case FLOAT32 -> bb.putFloat((float) d);
      default -> bb.putDouble(d);
    }
  }

  private static void putInt(ByteBuffer bb, Dtype dt, long x) {
    switch (dt.itemSize()) {
      case 1 -> bb.put((byte) x);
      case 2 -> bb.putShort((short) x);
      case 4 -> bb.putInt((int) x);
      default -> bb.putLong(x);
    }
  }

  /** {@code d} rounded to float dtype {@code dt}, as a double. */
  private static double roundTo(Dtype dt, double d) {
    return switch (dt) {
      case FLOAT16 -> Float16.toFloat(doubleToHalf(d));
      case FLOAT32 -> (float) d;
      default -> d;
    };
  }

  private static String largestFinite(Dtype dt) {
    return switch (dt) {
      case FLOAT16 -> "65504";
      case FLOAT32 -> "3.4028235e38";
      default -> "1.7976931348623157e308";
    };
  }

  /** A scalar in a message: "boolean true", "number 1.5", "number 16777217". */
  static String show(Object v) {
    if (v instanceof Boolean) {
      return "boolean " + v;
    }
    String text = String.valueOf(v);
    if (text.length() > SHOWN_CHARS) {
      text = text.substring(0, SHOWN_CHARS) + "...";
    }
    return "number " + text;
  }

  /**
   * IEEE 754 binary16 bits of {@code d}, rounded to nearest even from the double as numpy's {@code
   * np.float16(d)} rounds (overflow to infinity, underflow through subnormals to zero).
   */
  public static short doubleToHalf(double d) {
    long bits = Double.doubleToRawLongBits(d);
    int sign = (int) (bits >>> 48) & 0x8000;
    int exp = (int) ((bits >>> 52) & 0x7ff);
    long mant = bits & 0xF_FFFF_FFFF_FFFFL;
    if (exp == 0x7ff) {
      return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 : 0));
    }
    int e = exp - 1023 + 15;
    if (e >= 0x1f) {
      return (short) (sign | 0x7c00);
    }
    long m;
    int shift;
    if (e <= 0) {
      if (e < -10) {
        return (short) sign;
      }
      m = mant | (1L << 52);
      shift = 43 - e; // half subnormal: value / 2^-24
    } else {
      m = mant;
      shift = 42;
    }
    long h = m >>> shift;
    long rem = m & ((1L << shift) - 1);
    long half = 1L << (shift - 1);
    if (rem > half || (rem == half && (h & 1) == 1)) {
      h++;
    }
    int out = e <= 0 ? (int) h : (e << 10) + (int) h; // a carry moves into the exponent
    return (short) (sign | out);
  }
}
