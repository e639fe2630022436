package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fragments written from batches ({@code FragmentWriter.extend(name, NdArray)} and {@code
 * extend(name, List<String>)}): each chunk is written to the dataset's storage as soon as it is
 * closed (a fragment's memory is one open chunk per tensor), and the committed rows read back the
 * same in Java and in Python deeplake 3.9.52.
 */
class FragmentBulkWriteTest {
  @TempDir Path dir;

  static final int DIM = 32;

  static Map<String, TensorSpec> schema() {
    Map<String, TensorSpec> s = new LinkedHashMap<>();
    s.put("id", TensorSpec.generic().withDtype("int64").withMaxChunkSize(1000));
    s.put("label", TensorSpec.of("class_label").withClassNames(List.of("a", "b", "c")));
    // 128-byte samples, chunks of at most 2048 bytes: 16 rows each.
    s.put("emb", TensorSpec.of("embedding").withDtype("float32").withMaxChunkSize(4096));
    s.put("text", TensorSpec.of("text").withMaxChunkSize(700));
    return s;
  }

  static float emb(long r, int d) {
    return r * 0.25f - d;
  }

  static String text(long r) {
    return r % 5 == 0 ? "r\u00e9sum\u00e9 " + r : "row " + r + " " + "x".repeat((int) (r % 17));
  }

  /** Rows [from, from + n) as one batch per column. */
  static void extend(FragmentWriter w, long from, int n) {
    ByteBuffer id = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer label = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer e = ByteBuffer.allocate(4 * DIM * n).order(ByteOrder.LITTLE_ENDIAN);
    List<String> t = new ArrayList<>();
    for (long r = from; r < from + n; r++) {
      id.putLong(r);
      label.putInt((int) (r % 3));
      for (int d = 0; d < DIM; d++) {
        e.putFloat(emb(r, d));
      }
      t.add(text(r));
    }
    w.extend("id", NdArray.of(Dtype.INT64, new long[] {n}, id.array()));
    w.extend("label", NdArray.of(Dtype.UINT32, new long[] {n}, label.array()));
    w.extend("emb", NdArray.of(Dtype.FLOAT32, new long[] {n, DIM}, e.array()));
    w.extend("text", t);
  }

  static void assertRows(Dataset ds, long n) {
    assertThat(ds.tensor("emb").length()).isEqualTo(n);
    for (long r = 0; r < n; r++) {
      assertThat(ds.tensor("id").numpy(r).getLong(0)).isEqualTo(r);
      assertThat(ds.tensor("label").numpy(r).getLong(0)).isEqualTo(r % 3);
      float[] e = ds.tensor("emb").numpy(r).toFloatArray();
      for (int d = 0; d < DIM; d++) {
        assertThat(e[d]).as("emb[%d][%d]", r, d).isEqualTo(emb(r, d));
      }
      assertThat(ds.tensor("text").text(r)).isEqualTo(text(r));
    }
  }

  @Test
  void closedChunksAreWrittenBeforeFinish() {
    MemoryStorage storage = new MemoryStorage("bulk-fragment");
    try (Dataset d = Dataset.create(storage, false)) {
      schema().forEach(d::createTensor);
      d.commit("schema", true);
    }
    OpenOptions rw = OpenOptions.defaults().withReadOnly(false);
    try (WriteTransaction tx = WriteTransaction.begin(storage, rw)) {
      String staging = "versions/" + tx.plan().stagingId() + "/";
      FragmentWriter w = FragmentWriter.open(tx.plan(), storage);
      extend(w, 0, 60);
      extend(w, 60, 40); // continues the open chunks
      // 100 embeddings of 128 bytes: 6 full chunks of 16 are closed and written; the 7th is open.
      List<String> emb = storage.list(staging + "emb/chunks/");
      assertThat(emb).hasSize(6);
      for (String k : emb) {
        assertThat(storage.get(k).length).isGreaterThan(16 * 128);
      }
      assertThat(storage.list(staging + "text/chunks/")).isNotEmpty();
      Fragment f = w.finish();
      assertThat(f.rows()).isEqualTo(100);
      assertThat(storage.list(staging + "emb/chunks/")).hasSize(7);
      for (String k : f.chunkKeys()) {
        assertThat(storage.exists(k)).as(k).isTrue();
      }
      tx.commit(List.of(f));
    }
    try (Dataset ds = Dataset.open(storage, OpenOptions.defaults())) {
      assertRows(ds, 100);
    }
  }

  @Test
  void bulkFragmentsCommittedTogetherReadTheSameInPython() throws Exception {
    String path = dir.resolve("bulk").toString();
    OpenOptions rw = OpenOptions.defaults().withReadOnly(false);
    try (WriteTransaction tx = WriteTransaction.begin(path, rw, schema(), null)) {
      List<Fragment> frags = new ArrayList<>();
      long row = 0;
      for (int f = 0; f < 3; f++) {
        try (FragmentWriter w = FragmentWriter.open(tx.plan())) {
          extend(w, row, 50);
          extend(w, row + 50, 23);
          frags.add(w.finish());
        }
        row += 73;
      }
      tx.commit(frags, WriteTransaction.Mode.APPEND, "bulk fragments");
    }
    try (Dataset ds = Dataset.open(path)) {
      assertRows(ds, 3 * 73);
    }
    Path out = dir.resolve("py.json");
    PythonDeeplake.run(900, "read_versions.py", out.toString(), path);
    JsonNode py = Fixtures.readJson(out);
    VersionDigests.assertPythonReadsTheSame(py.get(path), VersionDigests.read(path));
  }
}
