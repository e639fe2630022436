package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.storage.InvalidKeyException;
import org.deeplake4j.engine.storage.Keys;

/**
 * A version's {@code dataset_meta.json}, immutable.
 *
 * @param version writer version
 * @param tensors tensor keys in creation order, hidden ones included
 * @param tensorNames user-visible name to key (identity over {@code tensors} when the file has
 *     none)
 * @param hiddenTensors keys of hidden tensors
 * @param groups every group path, ancestors included
 * @param raw the whole JSON object
 */
public record DatasetMeta(
    String version,
    List<String> tensors,
    Map<String, String> tensorNames,
    List<String> hiddenTensors,
    List<String> groups,
    ObjectNode raw) {

  public DatasetMeta {
    tensors = List.copyOf(tensors);
    tensorNames = Collections.unmodifiableMap(new LinkedHashMap<>(tensorNames));
    hiddenTensors = List.copyOf(hiddenTensors);
    groups = List.copyOf(groups);
    raw = raw.deepCopy();
  }

  /** Parses {@code dataset_meta.json} bytes read from {@code key}. */
  public static DatasetMeta parse(byte[] bytes, String key) {
    JsonNode root = Json.parse(bytes, key);
    JsonFields f = new JsonFields(root, key);
    String version = f.string("version", VersionStrings.WRITTEN);
    VersionStrings.requireV3(version, key);
    List<String> tensors = f.stringList("tensors");
    for (String t : tensors) {
      try {
        Keys.check(t);
      } catch (InvalidKeyException e) {
        throw new CorruptDataException(key, "tensor key '" + t + "' is not a storage key", e);
      }
    }
    Map<String, String> names = new LinkedHashMap<>();
    JsonNode tn = f.raw("tensor_names");
    if (tn != null && !tn.isNull()) {
      if (!tn.isObject()) {
        throw new CorruptDataException(key, "field 'tensor_names' must be an object");
      }
      var it = tn.fields();
      while (it.hasNext()) {
        var e = it.next();
        if (!e.getValue().isTextual()) {
          throw new CorruptDataException(
              key, "tensor_names['" + e.getKey() + "'] must be a string");
        }
        names.put(e.getKey(), e.getValue().textValue());
      }
    }
    if (names.isEmpty()) {
      for (String t : tensors) {
        names.put(t, t);
      }
    }
    for (Map.Entry<String, String> e : names.entrySet()) {
      if (!tensors.contains(e.getValue())) {
        throw new CorruptDataException(
            key,
            "tensor_names maps '"
                + e.getKey()
                + "' to key '"
                + e.getValue()
                + "', which is not in 'tensors'");
      }
    }
    return new DatasetMeta(
        version,
        tensors,
        names,
        f.stringList("hidden_tensors"),
        f.stringList("groups"),
        (ObjectNode) root);
  }

  /** Tensor name for a key, or null. */
  public String nameOfKey(String key) {
    for (Map.Entry<String, String> e : tensorNames.entrySet()) {
      if (e.getValue().equals(key)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Tensor names in the order of {@link #tensors()} (keys order), skipping transient ones. */
  public List<String> namesInKeyOrder() {
    List<String> out = new ArrayList<>();
    for (String k : tensors) {
      if (k.startsWith("__temp") || k.contains("/__temp")) {
        continue;
      }
      String n = nameOfKey(k);
      if (n != null) {
        out.add(n);
      }
    }
    return out;
  }

  @Override
  public ObjectNode raw() {
    return raw.deepCopy();
  }
}
