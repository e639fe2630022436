package org.deeplake4j.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Images;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Java writes, Java reads back exactly what was written. */
class WriteRoundTripTest {
  @TempDir Path dir;

  private static NdArray floats(long[] shape, float... v) {
    byte[] b = new byte[v.length * 4];
    java.nio.ByteBuffer.wrap(b).order(java.nio.ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(v);
    return NdArray.of(Dtype.FLOAT32, shape, b);
  }

  @Test
  void numericTextJsonListLabelsImagesRoundTrip() {
    String path = dir.resolve("ds").toString();
    byte[] rgb = new byte[4 * 5 * 3];
    for (int i = 0; i < rgb.length; i++) {
      rgb[i] = (byte) (i * 3);
    }
    NdArray img = NdArray.of(Dtype.UINT8, new long[] {4, 5, 3}, rgb);
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32").withMaxChunkSize(64));
      ds.createTensor("f", TensorSpec.of("embedding"));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.createTensor("j", TensorSpec.of("json"));
      ds.createTensor("l", TensorSpec.of("list"));
      ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("cat", "dog")));
      ds.createTensor("img", TensorSpec.of("image").withSampleCompression("png"));
      ds.createTensor("grp/z", TensorSpec.generic().withChunkCompression("lz4"));
      for (int i = 0; i < 20; i++) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("x", new int[] {i, i + 1, i + 2});
        row.put("f", new float[] {i, -i, 0.5f});
        row.put("t", "row " + i + " \u00e9\u65e5");
        row.put("j", Map.of("i", i, "even", i % 2 == 0));
        row.put("l", List.of("a", String.valueOf(i)));
        row.put("lbl", i % 3 == 2 ? "bird" : (Object) (i % 2));
        row.put("img", img);
        row.put("grp/z", i % 5 == 0 ? null : new double[] {i, i});
        ds.append(row);
      }
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.length()).isEqualTo(20);
      assertThat(ds.tensorNames()).containsExactly("x", "f", "t", "j", "l", "lbl", "img", "grp/z");
      assertThat(ds.groups()).containsExactly("grp");
      Tensor x = ds.tensor("x");
      assertThat(x.numChunks()).isGreaterThan(1);
      for (int i = 0; i < 20; i++) {
        assertThat(x.numpy(i).toIntArray()).containsExactly(i, i + 1, i + 2);
        assertThat(ds.tensor("f").numpy(i).toFloatArray()).containsExactly(i, -i, 0.5f);
        assertThat(ds.tensor("t").text(i)).isEqualTo("row " + i + " \u00e9\u65e5");
        JsonNode j = ds.tensor("j").json(i);
        assertThat(j.get("i").asInt()).isEqualTo(i);
        assertThat(ds.tensor("l").json(i).get(1).asText()).isEqualTo(String.valueOf(i));
        long expectedLabel = i % 3 == 2 ? 2 : i % 2;
        assertThat(ds.tensor("lbl").numpy(i).toLongArray()).containsExactly(expectedLabel);
        assertThat(ds.tensor("img").numpy(i).toBytes()).isEqualTo(rgb);
        NdArray z = ds.tensor("grp/z").numpy(i);
        if (i % 5 == 0) {
          assertThat(z.isEmpty()).isTrue();
        } else {
          assertThat(z.toDoubleArray()).containsExactly(i, i);
        }
      }
      assertThat(ds.tensor("lbl").classNames()).containsExactly("cat", "dog", "bird");
      assertThat(ds.tensor("x").meta().minShape()).containsExactly(3);
      assertThat(ds.tensor("grp/z").meta().minShape()).containsExactly(0);
      assertThat(ds.tensorNames(true)).contains("_x_id", "_x_shape", "_img_info", "_t_id");
      assertThat(ds.tensor("_x_shape").numpy(3).toLongArray()).containsExactly(3);
      assertThat(ds.tensor("_l_shape").numpy(3).toLongArray()).containsExactly(2);
      assertThat(ds.tensor("_img_info").json(0).toString()).isEqualTo("{}");
    }
  }

  @Test
  void appendsContinueTheLastChunkAfterReopen() {
    String path = dir.resolve("re").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64"));
      for (int i = 0; i < 5; i++) {
        ds.append("v", (long) i);
      }
    }
    try (Dataset ds = Dataset.openWritable(path)) {
      for (int i = 5; i < 9; i++) {
        ds.tensor("v").append((long) i);
      }
      assertThat(ds.tensor("v").length()).isEqualTo(9);
    }
    try (Dataset ds = Dataset.open(path)) {
      Tensor v = ds.tensor("v");
      assertThat(v.numChunks()).isEqualTo(1);
      for (int i = 0; i < 9; i++) {
        assertThat(v.numpy(i).getLong(0)).isEqualTo(i);
      }
      assertThat(ds.tensor("_v_id").length()).isEqualTo(9);
    }
  }

  @Test
  void tiledSamplesSequencesAndReadYourWrites() {
    String path = dir.resolve("tiles").toString();
    float[] big = new float[40 * 30];
    for (int i = 0; i < big.length; i++) {
      big[i] = i;
    }
    try (Dataset ds = Dataset.create(path)) {
      Tensor b =
          ds.createTensor(
              "big", TensorSpec.generic().withDtype("float32").withTilingThreshold(1000));
      b.append(floats(new long[] {40, 30}, big));
      b.append(floats(new long[] {2, 2}, 1, 2, 3, 4));
      assertThat(b.length()).isEqualTo(2);
      assertThat(b.numChunks()).isGreaterThan(2);
      assertThat(b.numpy(0).toFloatArray()).containsExactly(big);
      Tensor s = ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
      s.append(List.of(new int[] {1, 2}, new int[] {3, 4}));
      s.append(List.of(new int[] {5, 6}));
      s.append(List.of());
      assertThat(s.length()).isEqualTo(3);
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("big").numpy(0).toFloatArray()).containsExactly(big);
      assertThat(ds.tensor("big").numpy(1).toFloatArray()).containsExactly(1, 2, 3, 4);
      Tensor s = ds.tensor("seq");
      assertThat(s.sequenceRange(0)).containsExactly(0, 2);
      assertThat(s.sequenceRange(1)).containsExactly(2, 3);
      assertThat(s.sequenceRange(2)).containsExactly(3, 3);
      assertThat(s.itemNumpy(2).toIntArray()).containsExactly(5, 6);
      assertThat(ds.tensor("_seq_id").length()).isEqualTo(3);
      assertThat(ds.tensor("_seq_shape").length()).isEqualTo(3);
    }
  }

  @Test
  void filesAreStoredAsTheyAreAndBadValuesAreRefused() {
    String path = dir.resolve("files").toString();
    byte[] gray = new byte[6 * 7];
    NdArray px = NdArray.of(Dtype.UINT8, new long[] {6, 7}, gray);
    byte[] png = Images.encode(px, "png", "test");
    try (Dataset ds = Dataset.create(path)) {
      Tensor im = ds.createTensor("im", TensorSpec.of("image").withSampleCompression("png"));
      im.append(Samples.file(png, "png"));
      assertThat(im.bytes(0)).isEqualTo(png);
      assertThat(im.shape(0)).containsExactly(6, 7, 1);
      Tensor v = ds.createTensor("video", TensorSpec.of("video").withSampleCompression("mp4"));
      assertThatThrownBy(() -> v.append(Samples.file(new byte[] {1, 2, 3}, "mp4")))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("shape");
      v.append(Samples.file(new byte[] {1, 2, 3}, "mp4", 2, 4, 4, 3));
      assertThat(v.bytes(0)).containsExactly(1, 2, 3);
      assertThat(v.shape(0)).containsExactly(2, 4, 4, 3);
      Tensor t = ds.createTensor("n", TensorSpec.generic().withDtype("int32"));
      t.append(new int[] {1, 2});
      // int32 values (a float array is refused before its dimensions: int32 holds no floats)
      assertThatThrownBy(
              () -> t.append(NdArray.of(Dtype.INT32, new long[] {1, 1}, new byte[] {1, 0, 0, 0})))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("dimensions");
      assertThatThrownBy(() -> ds.createTensor("meta", TensorSpec.generic()))
          .hasMessageContaining("reserved");
      assertThatThrownBy(() -> ds.createTensor("n", TensorSpec.generic()))
          .hasMessageContaining("already exists");
    }
    assertThatThrownBy(() -> Dataset.create(path)).hasMessageContaining("exists");
    List<String> names = new ArrayList<>();
    try (Dataset ds = Dataset.create(path, true)) {
      names.addAll(ds.tensorNames());
    }
    assertThat(names).isEmpty();
    assertThat(Json.MAPPER).isNotNull();
  }

  @Test
  void tensorNamesThatCollideWithLayoutFilesAreRefusedByName() {
    String path = dir.resolve("layout-names").toString();
    // Files of every version folder (the root for the first commit): always in the way.
    List<String> versioned =
        List.of(
            "dataset_meta.json",
            "dataset_info.json",
            "dataset_diff",
            "commit_info.json",
            "dataset_lock.lock");
    // Files only at the root: in the way of tensors the first commit stores there.
    List<String> rootOnly =
        List.of(
            "version_control_info.json",
            "version_control_info.lock",
            "linked_creds.json",
            "queries.json",
            "queries.lock");
    // Names Python 3.9.52 accepts (no file of the layout at the tensor's key).
    List<String> fine =
        List.of("versions", "chunks", ".queries", "tensor_meta.json", "g/dataset_meta.json");
    List<String> refusedAtRoot = new ArrayList<>(versioned);
    refusedAtRoot.addAll(rootOnly);
    try (Dataset ds = Dataset.create(path)) {
      for (String file : refusedAtRoot) {
        for (String name : List.of(file, file + "/x")) {
          assertThatThrownBy(() -> ds.createTensor(name, TensorSpec.generic()))
              .as(name)
              .isInstanceOf(DeepLakeException.class)
              .isNotInstanceOf(org.deeplake4j.engine.storage.StorageException.class)
              .hasMessageContaining("tensor '" + name + "'")
              .hasMessageContaining("collides with the dataset file '" + file + "'");
        }
      }
      for (String name : fine) {
        ds.createTensor(name, TensorSpec.generic().withDtype("int64"));
        ds.append(name, 1L);
      }
      ds.commit("first");
      for (String file : versioned) {
        assertThatThrownBy(() -> ds.createTensor(file, TensorSpec.generic()))
            .isInstanceOf(DeepLakeException.class)
            .isNotInstanceOf(org.deeplake4j.engine.storage.StorageException.class)
            .hasMessageContaining("tensor '" + file + "'");
      }
      for (String name : rootOnly) {
        ds.createTensor(name, TensorSpec.generic().withDtype("int64"));
        ds.append(name, 2L);
      }
      ds.commit("second");
    }
    try (Dataset ds = Dataset.open(path)) {
      List<String> all = new ArrayList<>(fine);
      all.addAll(rootOnly);
      assertThat(ds.tensorNames()).containsExactlyInAnyOrderElementsOf(all);
      for (String name : all) {
        assertThat(ds.tensor(name).length()).as(name).isEqualTo(1);
      }
    }
  }

  @Test
  void updateAndPopRewriteChunksAndKeepCompanionsInStep() {
    String path = dir.resolve("edit").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int32").withMaxChunkSize(40));
      ds.createTensor("t", TensorSpec.of("text"));
      for (int i = 0; i < 10; i++) {
        ds.append(Map.of("v", new int[] {i, i}, "t", "s" + i));
      }
      ds.tensor("v").update(3, new int[] {30, 31, 32});
      ds.tensor("t").update(0, "first");
      ds.pop(5);
      ds.tensor("v").pop(0);
      ds.tensor("t").append("after pops");
    }
    try (Dataset ds = Dataset.open(path)) {
      Tensor v = ds.tensor("v");
      assertThat(v.length()).isEqualTo(8);
      assertThat(v.numpy(2).toIntArray()).containsExactly(30, 31, 32);
      assertThat(v.numpy(0).toIntArray()).containsExactly(1, 1);
      assertThat(v.numpy(4).toIntArray()).containsExactly(6, 6);
      assertThat(v.numpy(7).toIntArray()).containsExactly(9, 9);
      assertThat(v.meta().maxShape()).containsExactly(3);
      assertThat(ds.tensor("_v_shape").numpy(2).toLongArray()).containsExactly(3);
      assertThat(ds.tensor("_v_id").length()).isEqualTo(8);
      Tensor t = ds.tensor("t");
      assertThat(t.length()).isEqualTo(10);
      assertThat(t.text(9)).isEqualTo("after pops");
      assertThat(t.text(0)).isEqualTo("first");
      assertThat(t.text(5)).isEqualTo("s6");
    }
  }

  @Test
  void editsAtAHeadAfterCommitsAreCopyOnWrite() throws Exception {
    Path copy = dir.resolve("vc");
    org.deeplake4j.engine.testing.Fixtures.copyTree(
        org.deeplake4j.engine.testing.Fixtures.v3Fixtures().resolve("version_control/dataset"),
        copy);
    String path = copy.toString();
    long before;
    String firstNum;
    try (Dataset ds =
        Dataset.open(path, org.deeplake4j.engine.internal.version.VersionGraph.FIRST_COMMIT_ID)) {
      firstNum = java.util.Arrays.toString(ds.tensor("num").numpy(0).toBytes());
      before = ds.tensor("num").length();
    }
    try (Dataset ds = Dataset.openWritable(path)) {
      Tensor num = ds.tensor("num");
      long n = num.length();
      NdArray last = num.numpy(n - 1);
      num.update(0, last);
      num.pop(1);
      assertThat(num.length()).isEqualTo(n - 1);
      assertThat(num.numpy(0).toBytes()).isEqualTo(last.toBytes());
    }
    try (Dataset ds =
        Dataset.open(path, org.deeplake4j.engine.internal.version.VersionGraph.FIRST_COMMIT_ID)) {
      assertThat(java.util.Arrays.toString(ds.tensor("num").numpy(0).toBytes()))
          .isEqualTo(firstNum);
      assertThat(ds.tensor("num").length()).isEqualTo(before);
    }
  }

  @Test
  void renameDeleteInfoCopyLikeAndRenameDataset() {
    String path = dir.resolve("rd").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("g/a", TensorSpec.generic().withDtype("int32"));
      ds.createTensor("b", TensorSpec.of("text"));
      ds.append(Map.of("g/a", new int[] {1}, "b", "x"));
      ds.commit("base");
      ds.renameTensor("g/a", "g/z");
      assertThatThrownBy(() -> ds.renameTensor("g/z", "h/z")).hasMessageContaining("another group");
      ds.deleteTensor("b");
      ds.createTensor("b", TensorSpec.generic().withDtype("float64"));
      ds.tensor("b").append(2.5);
      ds.updateInfo(Map.of("k", 1));
      ds.tensor("g/z").updateInfo(Map.of("note", "renamed"));
      ds.createTensor("fresh", TensorSpec.of("text"));
      ds.renameTensor("fresh", "fresh2");
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensorNames()).containsExactly("g/z", "b", "fresh2");
      assertThat(ds.tensor("g/z").key()).isEqualTo("g/a");
      assertThat(ds.tensor("g/z").numpy(0).toIntArray()).containsExactly(1);
      assertThat(ds.tensor("g/z").info().get("note").asText()).isEqualTo("renamed");
      assertThat(ds.tensorNames(true)).contains("g/_z_id", "g/_z_shape");
      assertThat(ds.tensor("b").key()).isEqualTo("b");
      assertThat(ds.tensor("b").numpy(0).toDoubleArray()).containsExactly(2.5);
      assertThat(ds.info().get("k").asInt()).isEqualTo(1);
      byte[] diff = ds.storage().get("versions/" + ds.nodeId() + "/dataset_diff");
      var dd = org.deeplake4j.engine.internal.format.DatasetDiff.parse(diff, "dataset_diff");
      assertThat(dd.isInfoUpdated()).isTrue();
      assertThat(dd.renamed()).containsExactly(Map.entry("g/a", "g/z"));
      assertThat(dd.deleted()).containsExactly("b");
    }
    try (Dataset ds =
        Dataset.open(path, org.deeplake4j.engine.internal.version.VersionGraph.FIRST_COMMIT_ID)) {
      assertThat(ds.tensorNames()).containsExactly("g/a", "b");
      assertThat(ds.tensor("b").text(0)).isEqualTo("x");
    }
    String copy = dir.resolve("rd-copy").toString();
    Dataset.copy(path, copy, false);
    try (Dataset src = Dataset.open(copy)) {
      assertThat(src.branches()).containsExactly("main");
      assertThat(src.log()).hasSize(1);
      try (Dataset like = Dataset.like(dir.resolve("like").toString(), src, false)) {
        assertThat(like.tensorNames()).containsExactly("g/z", "b", "fresh2");
        assertThat(like.tensor("b").length()).isZero();
        assertThat(like.tensor("b").meta().dtype()).isEqualTo("float64");
      }
    }
    String moved = dir.resolve("rd-moved").toString();
    Dataset.rename(copy, moved);
    assertThat(Dataset.exists(copy)).isFalse();
    assertThat(Dataset.exists(moved)).isTrue();
    Dataset.delete(moved);
    assertThat(Dataset.exists(moved)).isFalse();
  }

  @Test
  void discardChangesDropsAHalfWrittenBatchAndKeepsWhatWasFlushed() {
    String path = dir.resolve("discard").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.createTensor("y", TensorSpec.generic().withDtype("int32"));
      ds.append(Map.of("x", 1, "t", "kept"));
      ds.flush();
      ds.append(Map.of("x", 2, "t", "dropped"));
      // A row that fails part-way: "x" and "t" take their values before "y" refuses a string.
      assertThatThrownBy(() -> ds.append(Map.of("x", 3, "t", "half", "y", "not a number")))
          .isInstanceOf(DeepLakeException.class);
      ds.setInfo(Map.of("dropped", true));
      ds.discardChanges();
      assertThat(ds.tensor("x").length()).isEqualTo(1);
      assertThat(ds.tensor("y").length()).isEqualTo(1);
      ds.append(Map.of("x", 4, "t", "after"));
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("x").length()).isEqualTo(2);
      assertThat(ds.tensor("t").length()).isEqualTo(2);
      assertThat(ds.tensor("x").numpy(1).getLong(0)).isEqualTo(4);
      assertThat(ds.tensor("t").text(0)).isEqualTo("kept");
      assertThat(ds.tensor("t").text(1)).isEqualTo("after");
      assertThat(ds.info().has("dropped")).isFalse();
    }
  }

  @Test
  void credsKeysForLinksAndSizeApprox() throws Exception {
    java.nio.file.Path img = dir.resolve("img.png");
    java.nio.file.Files.write(
        img, Images.encode(NdArray.of(Dtype.UINT8, new long[] {2, 3}, new byte[6]), "png", "t"));
    String path = dir.resolve("links").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.addCredsKey("my_s3");
      assertThatThrownBy(() -> ds.addCredsKey("my_s3")).hasMessageContaining("already exists");
      Tensor l = ds.createTensor("l", TensorSpec.of("link[image]").withSampleCompression("png"));
      l.append(Samples.link(img.toString(), "my_s3"));
      l.append(Samples.link(img.toString()));
      assertThatThrownBy(() -> l.append(Samples.link(img.toString(), "nope")))
          .hasMessageContaining("unknown creds key");
      ds.createTensor("v", TensorSpec.generic().withDtype("float64"));
      ds.tensor("v").append(new double[1000]);
      assertThat(ds.sizeApprox()).isGreaterThan(8000);
    }
    try (Dataset ds = Dataset.open(path)) {
      Tensor l = ds.tensor("l");
      assertThat(l.itemCredsKey(0)).contains("my_s3");
      assertThat(l.itemCredsKey(1)).isEmpty();
      assertThat(l.shape(0)).containsExactly(1);
      assertThat(l.numpy(1).shape()).containsExactly(2, 3, 1);
      JsonNode creds = Json.parse(ds.storage().get("linked_creds.json"), "linked_creds.json");
      assertThat(creds.get("creds_keys").toString()).isEqualTo("[\"my_s3\"]");
      assertThat(creds.get("used_creds_keys").toString()).isEqualTo("[\"my_s3\"]");
    }
  }

  @Test
  void rechunkMergesSmallChunksAndKeepsEverySample() {
    String path = dir.resolve("rechunk").toString();
    int[] big = new int[900];
    for (int i = 0; i < big.length; i++) {
      big[i] = i;
    }
    try (Dataset ds = Dataset.create(path)) {
      Tensor v =
          ds.createTensor(
              "v",
              TensorSpec.generic()
                  .withDtype("int32")
                  .withMaxChunkSize(200)
                  .withTilingThreshold(1000));
      for (int i = 0; i < 40; i++) {
        v.append(new int[] {i, i, i});
      }
      v.append(big);
      v.append(new int[] {7});
      ds.commit("many small chunks");
      for (int i = 0; i < 30; i += 3) {
        v.pop(i / 3 * 2);
      }
      int before = v.numChunks();
      ds.rechunk("v");
      assertThat(v.numChunks()).isLessThanOrEqualTo(before);
      assertThat(v.length()).isEqualTo(32);
    }
    try (Dataset ds = Dataset.open(path)) {
      Tensor v = ds.tensor("v");
      assertThat(v.length()).isEqualTo(32);
      assertThat(v.numpy(30).toIntArray()).containsExactly(big);
      assertThat(v.numpy(31).toIntArray()).containsExactly(7);
      assertThat(v.numpy(29).toIntArray()).containsExactly(39, 39, 39);
    }
    try (Dataset ds =
        Dataset.open(path, org.deeplake4j.engine.internal.version.VersionGraph.FIRST_COMMIT_ID)) {
      assertThat(ds.tensor("v").length()).isEqualTo(42);
      assertThat(ds.tensor("v").numpy(5).toIntArray()).containsExactly(5, 5, 5);
    }
  }
}
