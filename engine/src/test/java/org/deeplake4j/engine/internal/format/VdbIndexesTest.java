package org.deeplake4j.engine.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Which files belong to which vector index ({@code get_tensor_vdb_index_key} of deeplake 3.9.52:
 * {@code ID}, or {@code ID_partition_metadata} and {@code ID_<part>}, or {@code
 * ID_inverted_metadata} and {@code ID_inv_<segment>}), and dropping the indexes a meta lists.
 */
class VdbIndexesTest {
  /** A tensor_meta.json as Python 3.9.52 writes it after {@code create_vdb_index("hnsw_1")}. */
  private static final String INDEXED =
      "{\"chunk_compression\": null, \"dtype\": \"float32\", \"hidden\": false, \"htype\":"
          + " \"embedding\", \"is_link\": false, \"is_sequence\": false, \"length\": 2, \"links\":"
          + " {}, \"max_chunk_size\": null, \"max_shape\": [4], \"min_shape\": [4], \"name\":"
          + " \"embedding\", \"sample_compression\": null, \"tiling_threshold\": null, \"typestr\":"
          + " null, \"vdb_indexes\": [{\"additional_params\": null, \"distance\":"
          + " \"cosine_similarity\", \"id\": \"hnsw_1\", \"type\": \"hnsw\"}], \"verify\": true,"
          + " \"version\": \"3.9.52\"}";

  @Test
  void filesOfAnIndexAreItsIdAndItsIdWithASuffix() {
    assertThat(VdbIndexes.isFileOf("hnsw_1", List.of("hnsw_1"))).isTrue();
    assertThat(VdbIndexes.isFileOf("hnsw_p_partition_metadata", List.of("hnsw_p"))).isTrue();
    assertThat(VdbIndexes.isFileOf("hnsw_p_part_3", List.of("hnsw_p"))).isTrue();
    assertThat(VdbIndexes.isFileOf("inv_inverted_metadata", List.of("inv"))).isTrue();
    assertThat(VdbIndexes.isFileOf("inv_inv_seg0", List.of("inv"))).isTrue();
    assertThat(VdbIndexes.isFileOf("hnsw_2", List.of("hnsw_1"))).isFalse();
    assertThat(VdbIndexes.isFileOf("hnsw", List.of("hnsw_1"))).isFalse();
    assertThat(VdbIndexes.isFileOf("hnsw_10", List.of("hnsw_1"))).isFalse();
    assertThat(VdbIndexes.isFileOf("hnsw_1", List.of())).isFalse();
  }

  @Test
  void dropsTheListedIndexesAndKeepsEverythingElse() {
    byte[] b = INDEXED.getBytes(StandardCharsets.UTF_8);
    assertThat(VdbIndexes.ids(Json.parse(b, "m"))).containsExactly("hnsw_1");
    byte[] dropped = VdbIndexes.withoutIndexes(b, "m");
    var m = Json.parse(dropped, "m");
    assertThat(m.get("vdb_indexes").isArray()).isTrue();
    assertThat(m.get("vdb_indexes").isEmpty()).isTrue();
    ObjectNode rest = ((ObjectNode) m).without("vdb_indexes");
    ObjectNode before = ((ObjectNode) Json.parse(b, "m")).without("vdb_indexes");
    assertThat((Object) rest).isEqualTo(before);
    assertThat(VdbIndexes.withoutIndexes(dropped, "m")).isSameAs(dropped);

    TensorMetaBuilder t = TensorMeta.parse(b, "m").toBuilder();
    assertThat(t.dropVdbIndexes()).containsExactly("hnsw_1");
    assertThat(t.dropVdbIndexes()).isEmpty();
    assertThat(t.toBytes()).isEqualTo(dropped);
  }
}
