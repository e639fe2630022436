package org.deeplake4j.engine.internal.tql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.deeplake4j.engine.internal.format.HubJson;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * A value during row-at-a-time evaluation: a numeric or boolean n-d array ({@link Arr}; scalars are
 * one-element arrays), a string ({@link Str}) or a JSON object or non-numeric JSON array ({@link
 * Json}). Values are immutable.
 */
sealed interface Val permits Val.Arr, Val.Str, Val.Json {

  /** A string (text samples, string literals, JSON strings). */
  record Str(String s) implements Val {}

  /** A JSON object, or a JSON array that is not a rectangular array of numbers. */
  record Json(JsonNode node) implements Val {}

  /**
   * A numeric or boolean array in row-major order. Integer and boolean elements are kept exactly as
   * 64-bit integers ({@link #l}), floating ones as doubles ({@link #d}); exactly one of the two is
   * non-null. Booleans are integers 0/1 with {@link #bool} set.
   */
  final class Arr implements Val {
    /** The empty array (an empty sample, a missing JSON key, an out-of-range subscript). */
    static final Arr EMPTY = new Arr(new long[] {0}, new long[0], null, false);

    static final Arr TRUE = ofBool(true);
    static final Arr FALSE = ofBool(false);

    final long[] shape;
    final long[] l;
    final double[] d;
    final boolean bool;

    Arr(long[] shape, long[] l, double[] d, boolean bool) {
      this.shape = shape;
      this.l = l;
      this.d = d;
      this.bool = bool;
    }

    static Arr ofLong(long v) {
      return new Arr(new long[0], new long[] {v}, null, false);
    }

    static Arr ofDouble(double v) {
      return new Arr(new long[0], null, new double[] {v}, false);
    }

    static Arr ofBool(boolean v) {
      return new Arr(new long[0], new long[] {v ? 1 : 0}, null, true);
    }

    static Arr ofNumber(Number n) {
      return n instanceof Long || n instanceof Integer
          ? ofLong(n.longValue())
          : ofDouble(n.doubleValue());
    }

    static Arr longs(long[] v) {
      return new Arr(new long[] {v.length}, v, null, false);
    }

    static Arr doubles(double[] v) {
      return new Arr(new long[] {v.length}, null, v, false);
    }

    static Arr bools(long[] zeroOne, long[] shape) {
      return new Arr(shape, zeroOne, null, true);
    }

    /** The elements of a sample: integers and bools exactly, uint64 and floats as doubles. */
    static Arr from(NdArray a) {
      long[] shape = a.shape();
      Dtype dt = a.dtype();
      if (dt.isFloating() || dt == Dtype.UINT64) {
        return new Arr(shape, null, a.toDoubleArray(), false);
      }
      return new Arr(shape, a.toLongArray(), null, dt == Dtype.BOOL);
    }

    int size() {
      return l != null ? l.length : d.length;
    }

    boolean isInt() {
      return l != null;
    }

    double dbl(int i) {
      return l != null ? l[i] : d[i];
    }

    /** The elements as doubles (a copy for integer arrays). */
    double[] toDoubles() {
      if (d != null) {
        return d;
      }
      double[] out = new double[l.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = l[i];
      }
      return out;
    }

    @Override
    public String toString() {
      return "Arr" + Arrays.toString(shape) + (l != null ? Arrays.toString(l) : Arrays.toString(d));
    }
  }

  /**
   * The value of a JSON node: numbers and booleans as scalars, strings as {@link Str}, null and
   * missing as {@link Arr#EMPTY}, rectangular arrays of numbers (and encoded ndarrays) as {@link
   * Arr}, anything else as {@link Json}.
   */
  static Val ofJson(JsonNode n) {
    if (n == null || n.isMissingNode() || n.isNull()) {
      return Arr.EMPTY;
    }
    if (n.isBoolean()) {
      return Arr.ofBool(n.booleanValue());
    }
    if (n.isNumber()) {
      return n.isIntegralNumber() && n.canConvertToLong()
          ? Arr.ofLong(n.longValue())
          : Arr.ofDouble(n.doubleValue());
    }
    if (n.isTextual()) {
      return new Str(n.textValue());
    }
    if (n.isObject() && "ndarray".equals(n.path(HubJson.TYPE).asText(null))) {
      return Arr.from(HubJson.toNdArray(n, "json ndarray"));
    }
    if (n.isArray()) {
      Arr a = JsonArrays.numeric(n);
      if (a != null) {
        return a;
      }
    }
    return new Json(n);
  }
}
