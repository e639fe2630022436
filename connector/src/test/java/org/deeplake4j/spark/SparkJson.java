package org.deeplake4j.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import org.apache.spark.sql.Row;

/** Spark external values (from {@code collect()}) as JSON, numbers exactly. */
final class SparkJson {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SparkJson() {}

  static JsonNode toJson(Object v) {
    if (v == null) {
      return F.nullNode();
    }
    if (v instanceof Float f) {
      return F.numberNode((double) f); // the exact double of the float, as expected.json holds
    }
    if (v instanceof Double d) {
      return F.numberNode(d);
    }
    if (v instanceof Long l) {
      return F.numberNode(l);
    }
    if (v instanceof Integer i) {
      return F.numberNode(i);
    }
    if (v instanceof Short s) {
      return F.numberNode(s);
    }
    if (v instanceof Byte b) {
      return F.numberNode(b);
    }
    if (v instanceof BigDecimal d) {
      return F.numberNode(d);
    }
    if (v instanceof Boolean b) {
      return F.booleanNode(b);
    }
    if (v instanceof String s) {
      return F.textNode(s);
    }
    if (v instanceof byte[] b) {
      return F.binaryNode(b);
    }
    if (v instanceof Row r) {
      ObjectNode o = F.objectNode();
      for (int i = 0; i < r.size(); i++) {
        o.set(r.schema().fieldNames()[i], toJson(r.get(i)));
      }
      return o;
    }
    if (v instanceof scala.collection.Seq<?> s) {
      return toJson(scala.jdk.javaapi.CollectionConverters.asJava(s));
    }
    if (v instanceof List<?> l) {
      ArrayNode a = F.arrayNode();
      for (Object x : l) {
        a.add(toJson(x));
      }
      return a;
    }
    throw new IllegalArgumentException("no JSON for " + v.getClass() + ": " + v);
  }

  /** The value at a (nested, for groups) column path of a row. */
  static Object at(Row row, String[] path) {
    Object v = row;
    for (String p : path) {
      Row r = (Row) v;
      v = r.get(r.fieldIndex(p));
    }
    return v;
  }
}
