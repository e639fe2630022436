package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * An {@link NdArray} as JSON values, the way numpy's {@code tolist()} and the reference records of
 * Python deeplake 3.9.52 write them: float elements as the exact double of the stored value, uint64
 * unsigned, complex as {@code [re, im]} pairs. Used by {@link HubJson#decodeArrays} and by the
 * expected.json records ({@code org.deeplake4j.engine.records}).
 */
public final class NdArrayJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private NdArrayJson() {}

  /** Nested lists of an array, as numpy's {@code tolist()}; a bare value for a 0-d array. */
  public static JsonNode nested(NdArray a) {
    long[] s = a.shape();
    if (s.length == 0) {
      ArrayNode one = F.arrayNode();
      addElement(one, a, 0);
      return one.get(0);
    }
    return nested(a, s, 0, 0);
  }

  private static ArrayNode nested(NdArray a, long[] s, int dim, int offset) {
    ArrayNode out = F.arrayNode();
    long stride = 1;
    for (int d = dim + 1; d < s.length; d++) {
      stride *= s[d];
    }
    for (int i = 0; i < s[dim]; i++) {
      if (dim == s.length - 1) {
        addElement(out, a, offset + i);
      } else {
        out.add(nested(a, s, dim + 1, (int) (offset + i * stride)));
      }
    }
    return out;
  }

  /** Appends flat element {@code i} of {@code a} to {@code out}. */
  public static void addElement(ArrayNode out, NdArray a, int i) {
    Dtype d = a.dtype();
    switch (d) {
      case BOOL -> out.add(a.getBoolean(i));
      case UINT64 -> {
        long v = a.getLong(i);
        if (v >= 0) {
          out.add(v);
        } else {
          out.add(new BigInteger(Long.toUnsignedString(v)));
        }
      }
      case FLOAT16, FLOAT32, FLOAT64 -> out.add(a.getDouble(i));
      case COMPLEX64, COMPLEX128 -> {
        ByteBuffer b = a.buffer();
        ArrayNode pair = out.addArray();
        if (d == Dtype.COMPLEX64) {
          pair.add((double) b.getFloat(8 * i)).add((double) b.getFloat(8 * i + 4));
        } else {
          pair.add(b.getDouble(16 * i)).add(b.getDouble(16 * i + 8));
        }
      }
      default -> out.add(a.getLong(i));
    }
  }
}
