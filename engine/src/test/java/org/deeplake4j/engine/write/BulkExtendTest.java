package org.deeplake4j.engine.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Tensor#extend(NdArray)} writes what appending each first-axis slice writes. */
class BulkExtendTest {
  @TempDir Path dir;

  private static NdArray ints(long[] shape, int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asIntBuffer().put(v);
    return NdArray.of(Dtype.INT32, shape, b.array());
  }

  private static NdArray floats(long[] shape, float... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(v);
    return NdArray.of(Dtype.FLOAT32, shape, b.array());
  }

  private static void createTensors(Dataset ds) {
    ds.createTensor("s", TensorSpec.generic().withDtype("int32").withMaxChunkSize(256));
    ds.createTensor("e", TensorSpec.of("embedding").withMaxChunkSize(200));
    ds.createTensor("z", TensorSpec.generic().withChunkCompression("lz4").withMaxChunkSize(128));
    ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("a", "b")));
  }

  @Test
  void bulkExtendEqualsAppendingEverySlice() throws Exception {
    int n = 300;
    int[] s = new int[n];
    float[] e = new float[n * 3];
    int[] z = new int[n * 2];
    int[] lbl = new int[n];
    for (int i = 0; i < n; i++) {
      s[i] = i * 7 - 1000;
      e[3 * i] = i;
      e[3 * i + 1] = -i;
      e[3 * i + 2] = i / 4f;
      z[2 * i] = i;
      z[2 * i + 1] = i * i;
      lbl[i] = i % 2;
    }
    String one = dir.resolve("one").toString();
    String bulk = dir.resolve("bulk").toString();
    try (Dataset ds = Dataset.create(one)) {
      createTensors(ds);
      for (int i = 0; i < n; i++) {
        ds.tensor("s").append(s[i]);
        ds.tensor("e").append(new float[] {e[3 * i], e[3 * i + 1], e[3 * i + 2]});
        ds.tensor("z").append(new int[] {z[2 * i], z[2 * i + 1]});
        ds.tensor("lbl").append(lbl[i]);
      }
      ds.flush();
    }
    try (Dataset ds = Dataset.create(bulk)) {
      createTensors(ds);
      // Two batches each, so the second continues the open chunk of the first.
      ds.tensor("s").extend(ints(new long[] {100}, java.util.Arrays.copyOf(s, 100)));
      ds.tensor("s").extend(ints(new long[] {200}, java.util.Arrays.copyOfRange(s, 100, n)));
      ds.tensor("e").extend(floats(new long[] {n, 3}, e));
      ds.tensor("z").extend(ints(new long[] {120, 2}, java.util.Arrays.copyOf(z, 240)));
      ds.tensor("z")
          .extend(ints(new long[] {n - 120, 2}, java.util.Arrays.copyOfRange(z, 240, 2 * n)));
      ds.tensor("lbl").extend(ints(new long[] {n}, lbl));
      ds.flush();
    }
    try (Dataset a = Dataset.open(one);
        Dataset b = Dataset.open(bulk)) {
      for (String name : List.of("s", "e", "z", "lbl", "_s_id", "_e_id", "_z_shape", "_e_shape")) {
        if (!a.hasTensor(name)) {
          continue;
        }
        Tensor ta = a.tensor(name);
        Tensor tb = b.tensor(name);
        assertThat(tb.length()).as(name).isEqualTo(n);
        assertThat(tb.meta().raw()).as("tensor_meta of %s", name).isEqualTo(ta.meta().raw());
        assertThat(tb.numChunks()).as("chunks of %s", name).isEqualTo(ta.numChunks());
        if (name.endsWith("_id")) {
          continue; // random ids
        }
        for (long i = 0; i < n; i++) {
          assertThat(tb.shape(i)).as("%s[%d] shape", name, i).isEqualTo(ta.shape(i));
          assertThat(tb.numpy(i).toBytes()).as("%s[%d]", name, i).isEqualTo(ta.numpy(i).toBytes());
        }
      }
      assertThat(b.tensor("s").numpy(299).getLong(0)).isEqualTo(299 * 7 - 1000);
      assertThat(b.tensor("e").numpy(8).toFloatArray()).containsExactly(8f, -8f, 2f);
    }
    for (String key : List.of("s", "e", "z", "lbl", "_e_shape")) {
      assertThat(chunkFiles(dir.resolve("bulk"), key))
          .as("chunk files of %s", key)
          .isEqualTo(chunkFiles(dir.resolve("one"), key));
    }
  }

  /**
   * The bytes of every chunk file of tensor key {@code key} (names are random ids), in a stable
   * order: two tensors with equal lists were chunked and serialized alike.
   */
  static List<String> chunkFiles(Path ds, String key) throws java.io.IOException {
    Path chunks = ds.resolve(key).resolve("chunks"); // the root version's folder
    try (java.util.stream.Stream<Path> s = java.nio.file.Files.list(chunks)) {
      return s.map(
              p -> {
                try {
                  return java.util.HexFormat.of().formatHex(java.nio.file.Files.readAllBytes(p));
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .sorted()
          .toList();
    }
  }

  @Test
  void textExtendEqualsAppendingEveryString() throws Exception {
    List<String> texts = new java.util.ArrayList<>();
    for (int i = 0; i < 400; i++) {
      texts.add(
          switch (i % 6) {
            case 0 -> "row " + i;
            case 1 -> "";
            case 2 -> "caf\u00e9 \u65e5\u672c " + i;
            case 3 -> "emoji \ud83d\ude00 " + "x".repeat(i % 40);
            case 4 -> "a".repeat(1 + i % 90);
            default -> "same size";
          });
    }
    texts.set(7, null); // an empty sample: stored as ""
    texts.set(8, "what? where?? 0123456789?"); // '?' is text: only lone surrogates are refused
    String one = dir.resolve("t-one").toString();
    String bulk = dir.resolve("t-bulk").toString();
    TensorSpec spec = TensorSpec.of("text").withMaxChunkSize(600);
    try (Dataset ds = Dataset.create(one)) {
      ds.createTensor("t", spec);
      for (String t : texts) {
        ds.tensor("t").append(t);
      }
      ds.flush();
    }
    try (Dataset ds = Dataset.create(bulk)) {
      ds.createTensor("t", spec);
      ds.extend("t", texts.subList(0, 123)); // the second batch continues the open chunk
      ds.extend("t", texts.subList(123, texts.size()));
      ds.flush();
    }
    try (Dataset a = Dataset.open(one);
        Dataset b = Dataset.open(bulk)) {
      for (String name : List.of("t", "_t_id")) {
        assertThat(b.tensor(name).meta().raw()).as(name).isEqualTo(a.tensor(name).meta().raw());
        assertThat(b.tensor(name).numChunks()).isEqualTo(a.tensor(name).numChunks());
      }
      assertThat(b.tensor("t").numChunks()).isGreaterThan(3);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(b.tensor("t").text(i)).isEqualTo(texts.get(i) == null ? "" : texts.get(i));
      }
      java.util.Set<Long> ids = new java.util.HashSet<>();
      for (int i = 0; i < texts.size(); i++) {
        ids.add(b.tensor("_t_id").numpy(i).getLong(0));
      }
      assertThat(ids).hasSize(texts.size());
    }
    assertThat(chunkFiles(dir.resolve("t-bulk"), "t"))
        .isEqualTo(chunkFiles(dir.resolve("t-one"), "t"));
  }

  @Test
  void textExtendRefusesALoneSurrogateNamingItsRowAndAppendsNothing() {
    try (Dataset ds = Dataset.create(dir.resolve("t-bad").toString())) {
      ds.createTensor("t", TensorSpec.of("text"));
      ds.extend("t", List.of("a", "b"));
      assertThatThrownBy(() -> ds.extend("t", java.util.Arrays.asList("ok", "x\ud800y", "z")))
          .isInstanceOf(org.deeplake4j.engine.errors.InvalidValueException.class)
          .hasMessageContaining("tensor 't' row 3")
          .hasMessageContaining("lone UTF-16 surrogate");
      // A lone surrogate encodes as one '?' byte: found wherever it is (the scan reads 8 bytes at
      // a time), and told apart from a real '?'.
      for (int at = 0; at < 20; at++) {
        String bad = "a".repeat(at) + "\udc00" + "b".repeat(19 - at);
        assertThatThrownBy(() -> ds.extend("t", List.of("fine?", bad)))
            .as("lone surrogate at %d", at)
            .hasMessageContaining("tensor 't' row 3")
            .hasMessageContaining("at index " + at);
      }
      assertThat(ds.tensor("t").length()).isEqualTo(2);
      assertThat(ds.tensor("_t_id").length()).isEqualTo(2);
      ds.extend("t", List.of("c"));
      assertThat(ds.tensor("t").text(2)).isEqualTo("c");
    }
  }

  @Test
  void firstBatchOnAnUntypedTensorFixesTheDtypeAndCasts() {
    try (Dataset ds = Dataset.create(dir.resolve("untyped").toString())) {
      ds.createTensor("g", TensorSpec.generic());
      ds.tensor("g").extend(ints(new long[] {4}, 1, 2, 3, 4));
      ds.createTensor("f", TensorSpec.generic().withDtype("float64"));
      ds.tensor("f").extend(ints(new long[] {2, 2}, 1, 2, 3, -4));
      ds.flush();
      assertThat(ds.tensor("g").dtype()).isEqualTo(Dtype.INT32);
      assertThat(ds.tensor("g").shape(3)).containsExactly(1);
      assertThat(ds.tensor("g").numpy(3).getLong(0)).isEqualTo(4);
      assertThat(ds.tensor("f").numpy(1).toDoubleArray()).containsExactly(3.0, -4.0);
      assertThatThrownBy(() -> ds.tensor("g").extend(ints(new long[] {1, 2, 2}, 1, 2, 3, 4)))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("has 2 dimensions");
      assertThatThrownBy(
              () -> ds.tensor("g").extend(NdArray.of(Dtype.INT32, new long[0], new byte[4])))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("first axis");
    }
  }

  @Test
  void imageTensorsTakeTheSlicePath() {
    try (Dataset ds = Dataset.create(dir.resolve("img").toString())) {
      ds.createTensor("im", TensorSpec.of("image").withSampleCompression("png"));
      byte[] px = new byte[2 * 3 * 4 * 3];
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) i;
      }
      ds.tensor("im").extend(NdArray.of(Dtype.UINT8, new long[] {2, 3, 4, 3}, px));
      ds.flush();
      assertThat(ds.tensor("im").length()).isEqualTo(2);
      assertThat(ds.tensor("im").numpy(1).toBytes())
          .isEqualTo(java.util.Arrays.copyOfRange(px, 36, 72));
    }
  }
}
