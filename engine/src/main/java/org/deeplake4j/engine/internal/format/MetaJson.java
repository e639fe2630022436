package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * JSON as Python deeplake writes it: metas sorted by key with 4-space indentation ({@code
 * json.dumps(sort_keys=True, indent=4)}), other documents compact with Python's {@code ", "} and
 * {@code ": "} separators; non-finite floats as bare {@code NaN}/{@code Infinity} like Python.
 */
public final class MetaJson {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder().disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS).build();

  private MetaJson() {}

  /** Sorted, indented bytes of a meta-object (dataset_meta, tensor_meta, info files). */
  public static byte[] bytes(JsonNode node) {
    DefaultPrettyPrinter pp =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withArrayIndenter(new DefaultIndenter("    ", "\n"))
            .withObjectIndenter(new DefaultIndenter("    ", "\n"));
    try {
      return MAPPER.writer(pp).writeValueAsBytes(sorted(node));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Compact bytes with Python's separators (version_control_info, commit_info, ...). */
  public static byte[] compact(JsonNode node) {
    return compactString(node).getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Compact text with Python's {@code ", "} / {@code ": "} separators. */
  public static String compactString(JsonNode node) {
    StringBuilder sb = new StringBuilder();
    compact(node, sb);
    return sb.toString();
  }

  private static void compact(JsonNode n, StringBuilder sb) {
    try {
      if (n.isObject()) {
        sb.append('{');
        boolean first = true;
        for (var e : (Iterable<java.util.Map.Entry<String, JsonNode>>) n.properties()::iterator) {
          if (!first) {
            sb.append(", ");
          }
          first = false;
          sb.append(MAPPER.writeValueAsString(e.getKey())).append(": ");
          compact(e.getValue(), sb);
        }
        sb.append('}');
      } else if (n.isArray()) {
        sb.append('[');
        for (int i = 0; i < n.size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          compact(n.get(i), sb);
        }
        sb.append(']');
      } else {
        sb.append(MAPPER.writeValueAsString(n));
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode sorted(JsonNode n) {
    if (n.isObject()) {
      List<String> names = new ArrayList<>();
      n.fieldNames().forEachRemaining(names::add);
      Collections.sort(names);
      ObjectNode o = JsonNodeFactory.instance.objectNode();
      for (String k : names) {
        o.set(k, sorted(n.get(k)));
      }
      return o;
    }
    if (n.isArray()) {
      ArrayNode a = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> a.add(sorted(x)));
      return a;
    }
    return n;
  }
}
