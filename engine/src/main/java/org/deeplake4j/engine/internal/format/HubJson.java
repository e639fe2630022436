package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Base64;
import java.util.Locale;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Deep Lake's special JSON objects ({@code HubJsonEncoder}): numpy arrays are stored as {@code
 * {"_hub_custom_type": "ndarray", "data": base64, "shape": [...], "dtype": "<f4"}}, raw bytes as
 * {@code {"_hub_custom_type": "bytes", "data": base64}}.
 */
public final class HubJson {
  public static final String TYPE = "_hub_custom_type";

  private HubJson() {}

  /** Decodes an ndarray object into an {@link NdArray}. */
  public static NdArray toNdArray(JsonNode o, String where) {
    String typestr = o.path("dtype").asText("");
    Dtype dt = fromTypestr(typestr);
    if (dt == null) {
      throw new CorruptDataException(where, "ndarray of unsupported dtype '" + typestr + "'");
    }
    JsonNode shapeNode = o.path("shape");
    long[] shape = new long[shapeNode.size()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = shapeNode.get(i).asLong();
    }
    byte[] data;
    try {
      data = Base64.getDecoder().decode(o.path("data").asText(""));
    } catch (IllegalArgumentException e) {
      throw new CorruptDataException(where, "ndarray data is not base64", e);
    }
    if (typestr.startsWith(">") && dt.itemSize() > 1) {
      for (int i = 0; i + dt.itemSize() <= data.length; i += dt.itemSize()) {
        for (int a = i, b = i + dt.itemSize() - 1; a < b; a++, b--) {
          byte t = data[a];
          data[a] = data[b];
          data[b] = t;
        }
      }
    }
    try {
      return NdArray.of(dt, shape, data);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new CorruptDataException(where, "ndarray: " + e.getMessage(), e);
    }
  }

  /** numpy typestr ({@code <f4}, {@code |u1}, {@code <i8}, {@code |b1}) or name to a dtype. */
  public static Dtype fromTypestr(String s) {
    Dtype byName = Dtype.parse(s);
    if (byName != null) {
      return byName;
    }
    if (s.length() < 3) {
      return null;
    }
    char kind = s.charAt(1);
    int size;
    try {
      size = Integer.parseInt(s.substring(2));
    } catch (NumberFormatException e) {
      return null;
    }
    String name =
        switch (kind) {
          case 'b' -> size == 1 ? "bool" : null;
          case 'i' -> "int" + size * 8;
          case 'u' -> "uint" + size * 8;
          case 'f' -> "float" + size * 8;
          case 'c' -> "complex" + size * 8;
          default -> null;
        };
    return name == null ? null : Dtype.parse(name.toLowerCase(Locale.ROOT));
  }

  /**
   * A copy of {@code v} in which every ndarray object is replaced by {@code {"_hub_custom_type":
   * "ndarray", "dtype": name, "shape": [...], "value": nested lists}} (the decoded view the
   * reference records use); bytes objects stay as they are.
   */
  public static JsonNode decodeArrays(JsonNode v) {
    if (v.isObject()) {
      if ("ndarray".equals(v.path(TYPE).asText(null))) {
        NdArray a = toNdArray(v, "json ndarray");
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put(TYPE, "ndarray");
        o.put("dtype", a.dtype().numpyName());
        ArrayNode sh = o.putArray("shape");
        for (long d : a.shape()) {
          sh.add(d);
        }
        o.set("value", NdArrayJson.nested(a));
        return o;
      }
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      v.properties().forEach(e -> o.set(e.getKey(), decodeArrays(e.getValue())));
      return o;
    }
    if (v.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      v.forEach(x -> a.add(decodeArrays(x)));
      return a;
    }
    return v;
  }
}
