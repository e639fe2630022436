package org.deeplake4j.engine.internal.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Vector indexes of Python deeplake 3.9.52 (HNSW on embedding tensors, inverted indexes on text
 * tensors), which the closed-source {@code indra} library builds and this engine never builds or
 * reads. What the engine needs to know (format spec §1.3, {@code docs/commit-protocol.md} §5):
 *
 * <ul>
 *   <li>A tensor's {@code tensor_meta.json} lists its indexes in {@code vdb_indexes}: {@code
 *       [{"id": ..., "type": "hnsw"|"inverted_index", "distance": ..., "additional_params": ...}]}.
 *   <li>The files of index {@code ID} lie in the folder of the node whose tensor_meta lists it:
 *       {@code TENSOR/vdb_indexes/ID} (one HNSW), or {@code ID_partition_metadata} and {@code
 *       ID_<part>} (a partitioned HNSW), or {@code ID_inverted_metadata} and {@code ID_inv_<name>}
 *       (an inverted index) ({@code get_tensor_vdb_index_key}). indra loads them from that node's
 *       own folder only, never from an ancestor's: a node whose meta lists an index it does not
 *       hold fails Python's {@code load_vdb_index} and every Python append, update or pop of the
 *       tensor ("Key not found").
 *   <li>Python maintains an index on each of its own writes of the tensor; a write that does not
 *       maintain it must drop it (as Python's {@code delete_vdb_index} does: the entry leaves
 *       {@code vdb_indexes}, the files are deleted), or Python searches a stale index.
 * </ul>
 */
public final class VdbIndexes {
  /** The {@code tensor_meta.json} field listing a tensor's indexes. */
  public static final String FIELD = "vdb_indexes";

  private VdbIndexes() {}

  /** The ids {@code vdb_indexes} of a tensor_meta lists (entries without an id are skipped). */
  public static List<String> ids(JsonNode tensorMeta) {
    List<String> out = new ArrayList<>();
    JsonNode a = tensorMeta.get(FIELD);
    if (a != null && a.isArray()) {
      for (JsonNode e : a) {
        JsonNode id = e.get("id");
        if (id != null && id.isTextual()) {
          out.add(id.asText());
        }
      }
    }
    return out;
  }

  /** Whether the tensor_meta lists any index. */
  public static boolean lists(JsonNode tensorMeta) {
    JsonNode a = tensorMeta.get(FIELD);
    return a != null && a.isArray() && !a.isEmpty();
  }

  /**
   * Whether {@code fileName} (a name in {@code TENSOR/vdb_indexes/}) can be a file of one of the
   * indexes {@code ids}: the id itself, or the id followed by {@code _} and a suffix. A name that
   * fits an id of another index too ({@code hnsw_1} for ids {@code hnsw} and {@code hnsw_1}) counts
   * as a file of both.
   */
  public static boolean isFileOf(String fileName, Collection<String> ids) {
    for (String id : ids) {
      if (fileName.equals(id) || fileName.startsWith(id + "_")) {
        return true;
      }
    }
    return false;
  }

  /**
   * The tensor_meta.json bytes {@code meta} (read from {@code key}) with an empty {@code
   * vdb_indexes}, for a node that does not hold the listed indexes' files; {@code meta} itself when
   * it lists none (so unchanged metas stay byte-identical).
   */
  public static byte[] withoutIndexes(byte[] meta, String key) {
    JsonNode root = Json.parse(meta, key);
    if (!lists(root) || !(root instanceof ObjectNode o)) {
      return meta;
    }
    o.putArray(FIELD);
    return MetaJson.bytes(o);
  }
}
