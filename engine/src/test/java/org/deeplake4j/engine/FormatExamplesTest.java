package org.deeplake4j.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;

/**
 * The golden examples of ../shared/format/deeplake_v3_examples (written by deeplake 3.9.52 and by
 * an independent spec writer), checked against the values its README lists. They cover what the
 * fixtures do not: tiling, sequences, links with creds, padding, renames and deletes, the root
 * after commits, a dataset without version_control_info.json.
 */
class FormatExamplesTest {
  private static String ex(String name) {
    return Fixtures.formatExamples().resolve(name).toString();
  }

  private static long[] longs(NdArray a) {
    return a.toLongArray();
  }

  @Test
  void basicUint8WithCompanions() {
    try (Dataset ds = Dataset.open(ex("01_basic_uint8"))) {
      Tensor x = ds.tensor("x");
      assertThat(x.dtype()).isEqualTo(Dtype.UINT8);
      assertThat(longs(x.numpy(0))).containsExactly(0, 1);
      assertThat(longs(x.numpy(2))).containsExactly(4, 5);
      Tensor shape = ds.tensor("_x_shape");
      assertThat(shape.isHidden()).isTrue();
      assertThat(shape.dtype()).isEqualTo(Dtype.INT64);
      for (int i = 0; i < 3; i++) {
        assertThat(longs(shape.numpy(i))).containsExactly(2);
      }
      assertThat(ds.tensorNames()).containsExactly("x");
      assertThat(ds.tensorNames(true)).containsExactly("x", "_x_shape", "_x_id");
    }
  }

  @Test
  void threeChunksOf100And50And7() {
    try (Dataset ds = Dataset.open(ex("02_chunks_100_50_7"))) {
      Tensor v = ds.tensor("v");
      assertThat(v.numChunks()).isEqualTo(3);
      assertThat(v.length()).isEqualTo(157);
      for (int i = 0; i < 157; i++) {
        NdArray a = v.numpy(i);
        int expectedLen = i < 100 ? 10 : 20;
        long expectedValue = i < 100 ? 0 : i < 150 ? 1 : 2;
        assertThat(a.size()).as("sample %d", i).isEqualTo(expectedLen);
        for (long e : longs(a)) {
          assertThat(e).as("sample %d", i).isEqualTo(expectedValue);
        }
      }
    }
  }

  @Test
  void htypesAndCodecs() {
    try (Dataset ds = Dataset.open(ex("03_htypes_and_codecs"))) {
      byte[] arange = new byte[60];
      for (int i = 0; i < 60; i++) {
        arange[i] = (byte) i;
      }
      Tensor png = ds.tensor("img_png");
      assertThat(png.numpy(0).toBytes()).isEqualTo(arange);
      assertThat(png.numpy(0).shape()).containsExactly(4, 5, 3);
      assertThat(png.numpy(1).toBytes()).isEqualTo(arange);
      Tensor cc = ds.tensor("img_cc");
      assertThat(cc.meta().chunkCompression()).isEqualTo("png");
      assertThat(cc.numpy(0).toBytes()).isEqualTo(arange);
      NdArray crop = cc.numpy(1);
      assertThat(crop.shape()).containsExactly(2, 3, 3);
      byte[] expectedCrop = new byte[18];
      for (int y = 0, k = 0; y < 2; y++) {
        for (int x = 0; x < 3; x++) {
          for (int c = 0; c < 3; c++) {
            expectedCrop[k++] = (byte) ((y * 5 + x) * 3 + c);
          }
        }
      }
      assertThat(crop.toBytes()).isEqualTo(expectedCrop);
      assertThat(longs(ds.tensor("lz").numpy(0))).containsExactly(0, 1, 2, 3);
      assertThat(longs(ds.tensor("lz").numpy(1))).containsExactly(4, 5, 6, 7);
      assertThat(longs(ds.tensor("slz").numpy(0))).containsExactly(0, 1, 2);
      assertThat(longs(ds.tensor("slz").numpy(1))).containsExactly(0, 1, 2, 3, 4);
      assertThat(ds.tensor("txt").text(0)).isEqualTo("hi");
      assertThat(ds.tensor("txt").text(1)).isEqualTo("h\u00e9llo");
      JsonNode js0 = ds.tensor("js").json(0);
      assertThat(js0.get("a").asInt()).isEqualTo(1);
      assertThat(js0.get("b").toString()).isEqualTo("[1,2]");
      JsonNode arr = ds.tensor("js").json(1).get("arr");
      assertThat(arr.get("_hub_custom_type").asText()).isEqualTo("ndarray");
      assertThat(ds.tensor("lst").json(0).toString()).isEqualTo("[\"x\",\"y\",3]");
      Tensor lbl = ds.tensor("lbl");
      assertThat(lbl.classNames()).containsExactly("cat", "dog", "bird");
      assertThat(longs(lbl.numpy(2))).containsExactly(1);
      assertThat(longs(lbl.numpy(3))).containsExactly(2);
      assertThat(longs(lbl.numpy(4))).containsExactly(0, 1);
      assertThat(Records.sample(lbl, 4).get("text").toString()).isEqualTo("[\"cat\",\"dog\"]");
      assertThat(ds.tensor("bb").numpy(0).toFloatArray()).containsExactly(1f, 2f, 3f, 4f);
      assertThat(ds.tensor("bb").info().get("coords")).isNotNull();
      assertThat(ds.tensor("emb").numpy(0).toFloatArray()).containsExactly(1f, 1f, 1f, 1f);
      assertThat(ds.tensor("tg").json(0).toString()).isEqualTo("[\"a\",\"b\"]");
      assertThat(ds.tensor("grp/sub").numpy(0).toDoubleArray()).containsExactly(1.5);
      assertThat(ds.groups()).containsExactly("grp");
      assertThat(ds.info().size()).isPositive();
    }
  }

  @Test
  void tilingSequencesAndLinks() {
    try (Dataset ds = Dataset.open(ex("04_tiling_sequence_link"))) {
      Tensor big = ds.tensor("big");
      assertThat(big.numChunks()).isEqualTo(6);
      assertThat(longs(big.numpy(0))).hasSize(12).containsOnly(1);
      NdArray tiled = big.numpy(1);
      assertThat(tiled.shape()).containsExactly(10, 12);
      long[] expected = new long[120];
      Arrays.setAll(expected, i -> i);
      assertThat(longs(tiled)).containsExactly(expected);
      assertThat(longs(big.numpy(2))).containsExactly(7, 7, 7, 7);

      Tensor seq = ds.tensor("seq");
      assertThat(seq.htype()).isEqualTo("sequence[generic]");
      assertThat(seq.length()).isEqualTo(3);
      assertThat(seq.numItems()).isEqualTo(6);
      long[] r2 = seq.sequenceRange(2);
      assertThat(r2).containsExactly(3, 6);
      assertThat(longs(seq.itemNumpy(3))).containsExactly(7, 8);
      assertThat(longs(seq.itemNumpy(4))).containsExactly(9, 9);
      assertThat(Records.sample(seq, 1).toString())
          .isEqualTo("{\"value\":[{\"value\":[5,6],\"shape\":[2]}],\"seq_len\":1}");

      Tensor lnk = ds.tensor("lnk");
      assertThat(lnk.htype()).isEqualTo("link[image]");
      assertThat(lnk.linkPath(0)).isEqualTo("/srv/ex/img.png");
      Tensor lnk2 = ds.tensor("lnk2");
      assertThat(lnk2.itemCredsKey(0)).contains("my_s3");
      assertThat(lnk2.itemCredsKey(1)).isEmpty();
      assertThatThrownBy(() -> lnk2.numpy(0)).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void linkedImageDecodesFromTheLinkedFile() throws Exception {
    byte[] png = Files.readAllBytes(Fixtures.formatExamples().resolve("img.png"));
    NdArray px = Images.decode(png, 0, png.length, "png", "img.png");
    try (Dataset ds = Dataset.open(ex("04_tiling_sequence_link"))) {
      Path target = Path.of(ds.tensor("lnk").linkPath(0));
      if (Files.isReadable(target)) {
        assertThat(ds.tensor("lnk").numpy(0).toBytes()).isEqualTo(px.toBytes());
      }
    }
    assertThat(px.shape()).hasSize(3);
  }

  @Test
  void versionControlCopyOnWriteAndRoot() {
    String path = ex("05_version_control_and_view");
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.branch()).isEqualTo("main");
      assertThat(longs(ds.tensor("a").numpy(1))).containsExactly(100);
      long[] values = new long[12];
      for (int i = 0; i < 12; i++) {
        values[i] = ds.tensor("a").numpy(i).getLong(0);
      }
      assertThat(values).containsExactly(0, 100, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12);
      assertThat(ds.log()).hasSize(2);
    }
    try (Dataset ds = Dataset.open(path, VersionGraph.FIRST_COMMIT_ID)) {
      for (int i = 0; i < 12; i++) {
        assertThat(ds.tensor("a").numpy(i).getLong(0)).isEqualTo(i);
      }
      assertThat(ds.hasHeadChanges()).isFalse();
    }
    try (Dataset ds = Dataset.open(path + "@alt")) {
      assertThat(ds.branch()).isEqualTo("alt");
      Tensor a = ds.tensor("a");
      assertThat(a.numpy((int) a.length() - 1).getLong(0)).isEqualTo(99);
      assertThat(longs(ds.tensor("b").numpy(0))).containsExactly(1);
    }
  }

  @Test
  void emptySamplesAndPadding() {
    try (Dataset ds = Dataset.open(ex("06_empty_samples_and_padding"))) {
      Tensor a = ds.tensor("a");
      assertThat(longs(a.numpy(0))).containsExactly(1, 2);
      assertThat(a.numpy(1).isEmpty()).isTrue();
      assertThat(longs(a.numpy(2))).containsExactly(3);
      Tensor im = ds.tensor("im");
      assertThat(im.shape(1)).containsExactly(0, 0, 0);
      assertThat(im.numpy(1).isEmpty()).isTrue();
      Tensor p = ds.tensor("p");
      assertThat(p.length()).isEqualTo(5);
      assertThat(longs(p.numpy(0))).containsExactly(5);
      for (int i = 1; i < 4; i++) {
        assertThat(p.numpy(i).isEmpty()).as("padded %d", i).isTrue();
      }
      assertThat(longs(p.numpy(4))).containsExactly(9);
    }
  }

  @Test
  void renamedDeletedAndRecreatedTensors() {
    try (Dataset ds = Dataset.open(ex("07_rename_and_delete"))) {
      assertThat(ds.hasTensor("b")).isFalse();
      assertThat(ds.tensor("a_new").key()).isEqualTo("a");
      assertThat(longs(ds.tensor("a_new").numpy(0))).containsExactly(1);
      assertThat(ds.tensor("a").key()).isEqualTo("a_76dd");
      assertThat(longs(ds.tensor("a").numpy(0))).containsExactly(3);
      assertThat(ds.tensor("e").length()).isZero();
      assertThat(ds.tensor("e").baseHtype()).isEqualTo("generic");
      assertThatThrownBy(() -> ds.tensor("b"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no tensor 'b'");
    }
  }

  @Test
  void minimalIndependentWriterWithoutVersionInfo() {
    try (Dataset ds = Dataset.open(ex("08_minimal_independent_writer"))) {
      Tensor t = ds.tensor("t");
      assertThat(t.numpy(0).toFloatArray()).containsExactly(0f, 1f);
      assertThat(t.numpy(3).toFloatArray()).containsExactly(10f, 11f, 12f);
      assertThat(t.numpy(4).toFloatArray()).containsExactly(13f, 14f, 15f);
      assertThat(ds.branches()).containsExactly("main");
      assertThat(ds.nodeId()).isEqualTo(VersionGraph.FIRST_COMMIT_ID);
    }
  }

  @Test
  void minimalAfterPythonAppendAndCommit() {
    String path = ex("09_minimal_after_python_append_commit");
    try (Dataset ds = Dataset.open(path)) {
      Tensor t = ds.tensor("t");
      assertThat(t.length()).isEqualTo(7);
      assertThat(t.numpy(5).toFloatArray()).containsExactly(7f, 8f, 9f);
      assertThat(t.numpy(6).toFloatArray()).containsExactly(1f, 1f, 1f);
    }
    try (Dataset ds = Dataset.open(path, VersionGraph.FIRST_COMMIT_ID)) {
      assertThat(ds.tensor("t").length()).isEqualTo(6);
    }
  }
}
