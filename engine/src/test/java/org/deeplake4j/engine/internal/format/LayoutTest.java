package org.deeplake4j.engine.internal.format;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;

class LayoutTest {
  @Test
  void keyBuildersSpellPythonsKeys() {
    assertThat(Layout.tensorMeta("g/x")).isEqualTo("g/x/tensor_meta.json");
    assertThat(Layout.tensorInfo("x")).isEqualTo("x/tensor_info.json");
    assertThat(Layout.commitDiff("x")).isEqualTo("x/commit_diff");
    assertThat(Layout.chunkSet("x")).isEqualTo("x/chunk_set");
    assertThat(Layout.chunksIndex("x")).isEqualTo("x/chunks_index/unsharded");
    assertThat(Layout.tilesIndex("x")).isEqualTo("x/tiles_index/unsharded");
    assertThat(Layout.sequenceIndex("x")).isEqualTo("x/sequence_index/unsharded");
    assertThat(Layout.credsIndex("x")).isEqualTo("x/creds_index/unsharded");
    assertThat(Layout.padIndex("x")).isEqualTo("x/pad_index/unsharded");
    assertThat(Layout.chunk("g/x", "0a1b")).isEqualTo("g/x/chunks/0a1b");
    assertThat(Layout.vdbIndexes("g/x")).isEqualTo("g/x/vdb_indexes/");
    assertThat(Layout.versionFolder("abc")).isEqualTo("versions/abc/");
    assertThat(Layout.companion("g/", "x", "id")).isEqualTo("g/_x_id");
    assertThat(Layout.companion("", "x", "shape")).isEqualTo("_x_shape");
  }

  /** Every object of a dataset Python wrote with commits and branches is named by this class. */
  @Test
  void namesEveryKeyOfAPythonWrittenHistory() throws IOException {
    Path root = Fixtures.v3Fixtures().resolve("version_control/dataset");
    Set<String> atRoot =
        Set.of(
            Layout.VERSION_CONTROL_INFO, Layout.QUERIES, Layout.DATASET_LOCK, Layout.LINKED_CREDS);
    Set<String> perVersion =
        Set.of(Layout.COMMIT_INFO, Layout.DATASET_META, Layout.DATASET_INFO, Layout.DATASET_DIFF);
    List<String> perTensor =
        List.of(
            Layout.TENSOR_META,
            Layout.TENSOR_INFO,
            Layout.COMMIT_DIFF,
            Layout.CHUNK_SET,
            Layout.CHUNKS_INDEX,
            Layout.TILES_INDEX,
            Layout.SEQUENCE_INDEX,
            Layout.CREDS_INDEX,
            Layout.PAD_INDEX);
    List<String> keys;
    try (Stream<Path> s = Files.walk(root)) {
      keys =
          s.filter(Files::isRegularFile)
              .map(p -> root.relativize(p).toString().replace('\\', '/'))
              .toList();
    }
    assertThat(keys).anyMatch(k -> k.startsWith(Layout.VERSIONS_FOLDER));
    for (String key : keys) {
      String k = key;
      if (k.startsWith(Layout.VERSIONS_FOLDER)) {
        String id = k.substring(Layout.VERSIONS_FOLDER.length(), k.indexOf('/', 9));
        assertThat(k).startsWith(Layout.versionFolder(id));
        k = k.substring(Layout.versionFolder(id).length());
      } else if (atRoot.contains(k)) {
        continue;
      }
      String rest = k;
      boolean named =
          perVersion.contains(rest)
              || perTensor.stream().anyMatch(f -> rest.endsWith("/" + f))
              || rest.matches(".+/" + Layout.CHUNKS + "/[0-9a-f]+");
      assertThat(named).as(key).isTrue();
    }
  }
}
