package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetVacuum;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Python deeplake 3.9.52's HNSW vector indexes (real ones, built and searched by its bundled indra
 * library) stay truthful when this engine writes a tensor that has one: the write drops the index
 * from the written node's tensor_meta (deleting its files when that node is the root HEAD, written
 * in place), as Python's {@code delete_vdb_index} does, because nothing here maintains it; nodes
 * this engine creates list no index whose files they do not hold; indexes of tensors and versions
 * the engine did not write keep working; and vacuum keeps the files of every listed index while
 * deleting those no node lists. Python builds the datasets (one process), the engine writes, and
 * Python checks all scenarios in one more process ({@code vdb_index_interop.py}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VdbIndexInteropTest {
  private static final int N = 2000;
  private static final int D = 16;

  private Path dir;
  private JsonNode py;
  private final List<String> vacuumed = new ArrayList<>();
  private final List<String> planted = new ArrayList<>();
  private String youngPlant;
  private String head;

  /** Vector {@code i} written by the engine ({@code java_vector} in vdb_index_interop.py). */
  static float[] javaVector(int i) {
    float[] v = new float[D];
    for (int j = 0; j < D; j++) {
      v[j] = (float) (0.05 + 0.06 * ((i * 7 + j * 5) % 16));
    }
    return v;
  }

  private static NdArray vectors(int from, int count) {
    ByteBuffer b = ByteBuffer.allocate(4 * D * count).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = from; i < from + count; i++) {
      for (float x : javaVector(i)) {
        b.putFloat(x);
      }
    }
    return count == 1
        ? NdArray.of(Dtype.FLOAT32, new long[] {D}, b.array())
        : NdArray.of(Dtype.FLOAT32, new long[] {count, D}, b.array());
  }

  private String path(String scenario) {
    return dir.resolve(scenario).toString();
  }

  @BeforeAll
  void run() throws Exception {
    dir = Files.createTempDirectory("vdb-index-interop");
    PythonDeeplake.run(900, "vdb_index_interop.py", "build", dir.toString());

    try (Dataset ds = Dataset.openWritable(path("root_append"))) {
      for (int i = 0; i < 10; i++) {
        ds.append(Map.of("embedding", vectors(i, 1), "emb2", vectors(i, 1), "label", (long) i));
      }
    }
    try (Dataset ds = Dataset.openWritable(path("root_update"))) {
      ds.tensor("embedding").update(5, vectors(0, 1));
    }
    try (Dataset ds = Dataset.openWritable(path("root_pop"))) {
      ds.pop(3);
    }
    try (Dataset ds = Dataset.openWritable(path("head_append"))) {
      ds.tensor("embedding").extend(vectors(0, 10));
    }
    try (Dataset ds = Dataset.openWritable(path("python_commit"))) {
      ds.tensor("label").append(7L);
    }
    try (Dataset ds = Dataset.openWritable(path("java_commit"))) {
      ds.tensor("label").append(7L);
      ds.commit("java");
    }
    vacuum(Path.of(path("vacuum")));

    Path out = dir.resolve("out.json");
    PythonDeeplake.run(900, "vdb_index_interop.py", "check", dir.toString(), out.toString());
    py = Fixtures.readJson(out);
  }

  /**
   * Plants index files no node lists (at the root, and in the HEAD's folder next to a listed one),
   * ages every file by an hour, plants one more young one, and vacuums files older than 30 minutes.
   */
  private void vacuum(Path root) throws Exception {
    try (LocalStorage s = new LocalStorage(root)) {
      head = VersionGraph.load(s).branches().get("main");
      byte[] index = s.get("emb2/vdb_indexes/hnsw_1");
      planted.add("emb2/vdb_indexes/hnsw_0");
      planted.add("versions/" + head + "/embedding/vdb_indexes/hnsw_2");
      planted.add("versions/" + head + "/embedding/vdb_indexes/hnsw_2_partition_metadata");
      for (String k : planted) {
        s.put(k, index);
      }
      try (Stream<Path> files = Files.walk(root)) {
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(1)));
        for (Path p : files.filter(Files::isRegularFile).toList()) {
          Files.setLastModifiedTime(p, old);
        }
      }
      youngPlant = "embedding/vdb_indexes/hnsw_3";
      s.put(youngPlant, index);
      for (DatasetVacuum.DeletedFile f : DatasetVacuum.run(s, Duration.ofMinutes(30), false)) {
        vacuumed.add(f.key());
      }
    }
  }

  @AfterAll
  void cleanUp() {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private JsonNode scenario(String name) {
    JsonNode s = py.get(name);
    assertThat(s).as("Python checked scenario %s", name).isNotNull();
    assertThat(s.has("error"))
        .as("Python's check of %s failed: %s", name, s.get("error"))
        .isFalse();
    return s;
  }

  private static List<String> strings(JsonNode a) {
    List<String> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static List<Integer> rows(JsonNode a) {
    assertThat(a.isArray()).as("search result %s", a).isTrue();
    List<Integer> out = new ArrayList<>();
    a.forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static void assertVectors(JsonNode rows, int from) {
    for (int i = 0; i < rows.size(); i++) {
      float[] want = javaVector(from + i);
      for (int j = 0; j < D; j++) {
        assertThat((float) rows.get(i).get(j).asDouble()).isEqualTo(want[j]);
      }
    }
  }

  /** The HEAD of a scenario lists {@code embedding} and {@code emb2} indexes as given. */
  private static void assertIndexes(JsonNode state, List<String> embedding, List<String> emb2) {
    assertThat(strings(state.get("indexes").get("embedding"))).isEqualTo(embedding);
    assertThat(strings(state.get("indexes").get("emb2"))).isEqualTo(emb2);
  }

  /** Every index the state lists answers a search (no "Key not found"), finding the query row. */
  private static void assertSearchesWork(JsonNode state) {
    JsonNode e2 = state.get("search_emb2_row7");
    e2.properties().forEach(e -> assertThat(rows(e.getValue())).as("emb2 %s", e).contains(7));
    JsonNode e = state.get("search_embedding_row11");
    e.properties().forEach(x -> assertThat(rows(x.getValue())).as("embedding %s", x).contains(11));
  }

  @Test
  void appendAtTheRootDropsTheIndexesOfTheWrittenTensors() {
    JsonNode s = scenario("root_append");
    JsonNode head = s.get("head");
    assertIndexes(head, List.of(), List.of());
    assertThat(head.get("lengths").get("embedding").asInt()).isEqualTo(N + 10);
    assertVectors(s.get("java_rows"), 0);
    // The root is written in place: the dropped indexes' files go, as with delete_vdb_index.
    assertThat(s.get("files").has("")).as("index files at the root: %s", s.get("files")).isFalse();
    // A rebuilt index finds the engine's rows; Python maintains it on its own append and commits.
    assertThat(rows(s.get("rebuilt_search_java_row3"))).contains(N + 3);
    assertThat(s.get("python_append").asText()).isEqualTo("ok");
    assertIndexes(s.get("after_append"), List.of("hnsw_1"), List.of());
    assertThat(rows(s.get("search_python_row").get("hnsw_1"))).contains(N + 10);
    assertThat(s.get("python_commit").asText()).isEqualTo("ok");
  }

  @Test
  void updateAtTheRootDropsTheIndexOfTheWrittenTensorOnly() {
    JsonNode s = scenario("root_update");
    assertIndexes(s.get("head"), List.of(), List.of("hnsw_1"));
    assertSearchesWork(s.get("head"));
    JsonNode row = s.get("java_row5");
    for (int j = 0; j < D; j++) {
      assertThat((float) row.get(j).asDouble()).isEqualTo(javaVector(0)[j]);
    }
    assertThat(strings(s.get("files").get(""))).containsExactly("emb2/vdb_indexes/hnsw_1");
    assertThat(rows(s.get("rebuilt_search_java_row"))).contains(5);
    assertThat(s.get("python_update").asText()).isEqualTo("ok");
    assertThat(rows(s.get("search_python_row").get("hnsw_1"))).contains(6);
  }

  @Test
  void popAtTheRootDropsTheIndexSoPythonPopsFreely() {
    JsonNode s = scenario("root_pop");
    assertIndexes(s.get("head"), List.of(), List.of());
    assertThat(s.get("head").get("lengths").get("embedding").asInt()).isEqualTo(N - 1);
    assertThat(s.get("row3_equals_old_row4").asBoolean()).isTrue();
    // With an index, Python refuses to pop any row but the last (EmbeddingTensorPopError).
    assertThat(s.get("python_pop").asText()).isEqualTo("ok");
    assertThat(s.get("after_pop").get("lengths").get("embedding").asInt()).isEqualTo(N - 2);
  }

  @Test
  void aPublishedPrivateNodeListsNoIndexItDoesNotHold() {
    JsonNode s = scenario("head_append");
    // emb2 was not written, but its index files lie in the replaced HEAD's folder, not the new one.
    assertIndexes(s.get("head"), List.of(), List.of());
    assertVectors(s.get("java_rows"), 0);
    assertThat(s.get("python_append_emb2").asText()).isEqualTo("ok");
    assertThat(s.get("python_append").asText()).isEqualTo("ok");
    assertThat(s.get("python_commit").asText()).isEqualTo("ok");
    assertThat(rows(s.get("rebuilt_search_java_row3"))).contains(N + 3);
  }

  @Test
  void aHeadPythonCommittedWithDanglingIndexesIsWritableByPythonAfterTheEngineWrites() {
    JsonNode s = scenario("python_commit");
    assertIndexes(s.get("head"), List.of(), List.of());
    assertThat(s.get("python_append").asText()).isEqualTo("ok");
    assertThat(s.get("python_commit").asText()).isEqualTo("ok");
    // The commit that holds the indexes keeps them.
    assertIndexes(s.get("base"), List.of("hnsw_1"), List.of("hnsw_1"));
    assertSearchesWork(s.get("base"));
  }

  @Test
  void anEngineCommitKeepsTheIndexesItDidNotTouchAndItsNewHeadListsNone() {
    JsonNode s = scenario("java_commit");
    assertIndexes(s.get("base"), List.of("hnsw_1"), List.of("hnsw_1"));
    assertSearchesWork(s.get("base"));
    assertIndexes(s.get("head"), List.of(), List.of());
    assertThat(s.get("python_append").asText()).isEqualTo("ok");
    assertThat(s.get("python_commit").asText()).isEqualTo("ok");
  }

  @Test
  void vacuumKeepsListedIndexesAndDeletesOldUnlistedOnes() {
    assertThat(new TreeSet<>(vacuumed)).isEqualTo(new TreeSet<>(planted));
    JsonNode s = scenario("vacuum");
    Map<String, List<String>> files = new java.util.TreeMap<>();
    s.get("files").properties().forEach(e -> files.put(e.getKey(), strings(e.getValue())));
    assertThat(files.get(""))
        .containsExactly("emb2/vdb_indexes/hnsw_1", "embedding/vdb_indexes/hnsw_1", youngPlant)
        .doesNotContainAnyElementsOf(planted);
    assertIndexes(s.get("base"), List.of("hnsw_1"), List.of("hnsw_1"));
    assertSearchesWork(s.get("base"));
    // The HEAD's own index on embedding survives and works (its hnsw_1 entries are Python's
    // dangling copies from its commit: only commit "base" has their files).
    assertThat(strings(s.get("head").get("indexes").get("embedding")))
        .containsExactly("hnsw_1", "hnsw_h");
    assertThat(rows(s.get("head").get("search_embedding_row11").get("hnsw_h"))).contains(11);
    assertThat(files.get(head))
        .containsExactly("versions/" + head + "/embedding/vdb_indexes/hnsw_h");
  }
}
