package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;

/**
 * Edits of a raw dataset_meta.json ({@code tensors}, {@code tensor_names}, {@code hidden_tensors},
 * {@code groups}) staged by {@link DatasetWriter}, and the tensor/group name rules Python applies.
 */
final class DatasetMetaEdits {
  private DatasetMetaEdits() {}

  static void checkName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      throw new DeepLakeException("invalid tensor name '" + name + "'");
    }
    String leaf = name.substring(name.lastIndexOf('/') + 1);
    if (RESERVED_NAMES.contains(leaf)) {
      throw new DeepLakeException(
          "tensor name '" + name + "' is reserved in Deep Lake 3.x (a Dataset attribute)");
    }
    org.deeplake4j.engine.storage.Keys.check(name);
  }

  /**
   * Refuses a tensor whose files would go under a dataset file of the layout: {@code <T>/...} of a
   * tensor named {@code dataset_meta.json} (or in a group of that name) cannot sit next to the file
   * {@code dataset_meta.json} of the same folder. Files of every version folder always collide;
   * files only at the root collide while this HEAD is the first commit (stored at the root). Other
   * names of the layout ({@code versions}, {@code chunks}, ...) do not collide and stay accepted,
   * as in Python 3.9.52.
   */
  static void checkLayoutCollision(String name, boolean headAtRoot) {
    String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
    if (VERSIONED_FILES.contains(top) || (headAtRoot && ROOT_FILES.contains(top))) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "' cannot be created: its files would go under '"
              + top
              + "/', which collides with the dataset file '"
              + top
              + "'"
              + (VERSIONED_FILES.contains(top)
                  ? ""
                  : " at the root (where the first commit is stored; after a commit it is free)"));
    }
  }

  /** Dataset files of every version folder (the root for the first commit). */
  static final java.util.Set<String> VERSIONED_FILES =
      java.util.Set.of(
          Layout.DATASET_META,
          Layout.DATASET_INFO,
          Layout.DATASET_DIFF,
          VersionGraph.COMMIT_INFO_KEY,
          DatasetLock.LOCK_FILE);

  /** Dataset files only at the root, which Python and this engine write. */
  static final java.util.Set<String> ROOT_FILES =
      java.util.Set.of(
          VersionGraph.VERSION_INFO_KEY,
          DatasetLock.VERSION_INFO_LOCK_KEY,
          Layout.LINKED_CREDS,
          Layout.QUERIES,
          DatasetLock.QUERIES_LOCK_KEY);

  /** Dataset attribute names Python deeplake 3.x refuses as tensor or group names. */
  static final java.util.Set<String> RESERVED_NAMES =
      java.util.Set.of(
          "meta",
          "info",
          "tensors",
          "commit",
          "index",
          "version_state",
          "path",
          "log",
          "branch",
          "branches",
          "commits",
          "checkout",
          "merge",
          "query",
          "pytorch",
          "tensorflow",
          "append",
          "extend",
          "summary",
          "diff",
          "delete",
          "rename",
          "copy",
          "groups",
          "storage",
          "read_only",
          "max_len",
          "min_len",
          "client",
          "commit_id");

  static Map<String, String> namesOf(ObjectNode m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.path("tensor_names").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  static List<String> keysOf(ObjectNode m) {
    List<String> out = new ArrayList<>();
    m.path("tensors").forEach(x -> out.add(x.asText()));
    return out;
  }

  static void register(ObjectNode m, String name, String key, boolean hidden) {
    ((ArrayNode) m.get("tensors")).add(key);
    ((ObjectNode) m.get("tensor_names")).put(name, key);
    if (hidden) {
      ((ArrayNode) m.get("hidden_tensors")).add(key);
    }
    int slash = name.lastIndexOf('/');
    if (slash > 0) {
      addGroups(m, name.substring(0, slash));
    }
  }

  static void addGroups(ObjectNode m, String group) {
    // Python lists a new group path deepest first: "a/b", then "a".
    ArrayNode groups = (ArrayNode) m.get("groups");
    List<String> paths = new ArrayList<>();
    for (String p = group;
        !p.isEmpty();
        p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
      paths.add(p);
    }
    for (String p : paths) {
      boolean present = false;
      for (JsonNode g : groups) {
        present |= g.asText().equals(p);
      }
      if (!present) {
        groups.add(p);
      }
    }
  }

  static void removeFromArray(ArrayNode a, String value) {
    for (int i = a.size() - 1; i >= 0; i--) {
      if (a.get(i).asText().equals(value)) {
        a.remove(i);
      }
    }
  }

  static String namesOfKey(ObjectNode names, String key) {
    for (var e : names.properties()) {
      if (e.getValue().asText().equals(key)) {
        return e.getKey();
      }
    }
    return null;
  }
}
