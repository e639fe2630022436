package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplake4j.engine.errors.CorruptDataException;

/** Typed field access on parsed metadata JSON; a wrong type names the file and the field. */
final class JsonFields {
  private final JsonNode node;
  private final String key;

  JsonFields(JsonNode node, String key) {
    if (!node.isObject()) {
      throw new CorruptDataException(key, "expected a JSON object, found " + node.getNodeType());
    }
    this.node = node;
    this.key = key;
  }

  private CorruptDataException wrong(String field, String expected) {
    return new CorruptDataException(
        key, "field '" + field + "' must be " + expected + ", found " + node.get(field));
  }

  boolean isNull(String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull();
  }

  String string(String field, String dflt) {
    if (isNull(field)) {
      return dflt;
    }
    JsonNode v = node.get(field);
    if (!v.isTextual()) {
      throw wrong(field, "a string");
    }
    return v.textValue();
  }

  String requireString(String field) {
    String s = string(field, null);
    if (s == null) {
      throw new CorruptDataException(key, "missing field '" + field + "'");
    }
    return s;
  }

  boolean bool(String field, boolean dflt) {
    if (isNull(field)) {
      return dflt;
    }
    JsonNode v = node.get(field);
    if (!v.isBoolean()) {
      throw wrong(field, "true or false");
    }
    return v.booleanValue();
  }

  Long optLong(String field) {
    if (isNull(field)) {
      return null;
    }
    JsonNode v = node.get(field);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw wrong(field, "an integer");
    }
    return v.longValue();
  }

  long nonNegativeLong(String field, long dflt) {
    Long v = optLong(field);
    if (v == null) {
      return dflt;
    }
    if (v < 0) {
      throw wrong(field, "a non-negative integer");
    }
    return v;
  }

  long[] longArray(String field) {
    if (isNull(field)) {
      return new long[0];
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw wrong(field, "an array of integers");
    }
    long[] out = new long[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = v.get(i);
      if (!e.isIntegralNumber() || !e.canConvertToLong() || e.longValue() < 0) {
        throw wrong(field, "an array of non-negative integers");
      }
      out[i] = e.longValue();
    }
    return out;
  }

  List<String> stringList(String field) {
    List<String> out = new ArrayList<>();
    if (isNull(field)) {
      return out;
    }
    JsonNode v = node.get(field);
    if (!v.isArray()) {
      throw wrong(field, "an array of strings");
    }
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw wrong(field, "an array of strings");
      }
      out.add(e.textValue());
    }
    return out;
  }

  JsonNode raw(String field) {
    return node.get(field);
  }
}
