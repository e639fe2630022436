package org.deeplake4j.engine.internal.tql;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Converts rectangular JSON arrays of numbers or booleans to {@link Val.Arr}. */
final class JsonArrays {
  private JsonArrays() {}

  /** The array as an {@link Val.Arr}, or null if it is ragged or holds other values. */
  static Val.Arr numeric(JsonNode n) {
    List<Long> shape = new ArrayList<>();
    JsonNode cur = n;
    while (cur.isArray()) {
      shape.add((long) cur.size());
      if (cur.size() == 0) {
        break;
      }
      cur = cur.get(0);
    }
    long total = 1;
    for (long s : shape) {
      total *= s;
    }
    if (total > Integer.MAX_VALUE) {
      return null;
    }
    int size = (int) total;
    long[] ls = new long[size];
    double[] ds = new double[size];
    boolean[] kinds = new boolean[3]; // any bool, any integer, any floating
    int[] at = {0};
    if (!fill(n, shape, 0, ls, ds, kinds, at)) {
      return null;
    }
    long[] sh = shape.stream().mapToLong(Long::longValue).toArray();
    if (size == 0) {
      return new Val.Arr(sh, new long[0], null, false);
    }
    if (kinds[2]) {
      return new Val.Arr(sh, null, ds, false);
    }
    return new Val.Arr(sh, ls, null, kinds[0] && !kinds[1]);
  }

  private static boolean fill(
      JsonNode n, List<Long> shape, int dim, long[] ls, double[] ds, boolean[] kinds, int[] at) {
    if (dim == shape.size()) {
      if (n.isBoolean()) {
        kinds[0] = true;
        ls[at[0]] = n.booleanValue() ? 1 : 0;
        ds[at[0]] = ls[at[0]];
      } else if (n.isIntegralNumber() && n.canConvertToLong()) {
        kinds[1] = true;
        ls[at[0]] = n.longValue();
        ds[at[0]] = n.longValue();
      } else if (n.isNumber()) {
        kinds[2] = true;
        ds[at[0]] = n.doubleValue();
      } else {
        return false;
      }
      at[0]++;
      return true;
    }
    if (!n.isArray() || n.size() != shape.get(dim)) {
      return false;
    }
    for (JsonNode c : n) {
      if (!fill(c, shape, dim + 1, ls, ds, kinds, at)) {
        return false;
      }
    }
    return true;
  }
}
