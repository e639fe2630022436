package org.deeplake4j.engine.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.deeplake4j.engine.views.DatasetViewsTest.fill;
import static org.deeplake4j.engine.views.DatasetViewsTest.longs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.ViewEntry;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DatasetViewSavingException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.errors.ViewNotFoundException;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.storage.MemoryStorage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** saveView / loadView / views / deleteView and their typed errors. */
class SavedViewsTest {
  @TempDir Path dir;

  private Dataset committed() {
    Dataset ds = Dataset.create(dir.resolve("ds").toString(), true);
    fill(ds);
    ds.commit("data");
    return ds;
  }

  @Test
  void virtualViewsRoundTripAndReadTheirCommit() throws Exception {
    String first;
    try (Dataset ds = committed()) {
      first = ds.commitId();
      ViewEntry e = ds.view(new long[] {1, 3, 5}).saveView("odd", "odd ones");
      assertThat(e.id()).isEqualTo("odd");
      assertThat(e.message()).isEqualTo("odd ones");
      assertThat(e.virtual()).isTrue();
      assertThat(e.commitId()).isEqualTo(first);
      assertThat(e.folder()).isEqualTo(".queries/odd");
      ds.view(2, 8, 2).saveView("slice", null);
      DatasetView q = ds.query("SELECT * WHERE x >= 45");
      ViewEntry qe = q.saveView("tql", null);
      assertThat(qe.query()).contains("SELECT * WHERE x >= 45");
      assertThat(qe.tqlQuery()).isEmpty();
      ds.filter(r -> r.longValue("x") % 10 == 0).saveView("tens", "every tenth");
      ds.view(new long[] {5, 1, 2}).saveView("mixed", null);
      // a later commit changes row 3; the view still reads the commit it was saved from
      ds.tensor("x").update(3, longs(-3));
      ds.commit("change row 3");
      assertThat(ds.views())
          .extracting(ViewEntry::id)
          .containsExactly("odd", "slice", "tql", "tens", "mixed");
    }
    try (Dataset ds = Dataset.open(dir.resolve("ds").toString())) {
      assertThat(ds.tensor("x").numpy(3).getLong(0)).isEqualTo(-3);
      DatasetView odd = ds.loadView("odd");
      assertThat(odd.indices()).containsExactly(1, 3, 5);
      assertThat(odd.tensor("x").numpy(1).getLong(0)).isEqualTo(3);
      assertThat(odd.dataset().nodeId()).isEqualTo(first);
      assertThat(odd.tensor("t").text(2)).isEqualTo("s5");
      assertThat(ds.loadView("slice").indices()).containsExactly(2, 4, 6);
      DatasetView tql = ds.loadView("tql");
      assertThat(tql.indices()).containsExactly(45, 46, 47, 48, 49);
      assertThat(tql.queryText()).contains("SELECT * WHERE x >= 45");
      assertThat(ds.loadView("tens").indices()).containsExactly(0, 10, 20, 30, 40);
      assertThat(ds.getView("tens").message()).isEqualTo("every tenth");
      assertThat(ds.loadView("mixed").tensor("t").text(0)).isEqualTo("s5");
      assertThat(ds.getView("slice").message()).isEmpty();
      assertThat(ds.getView("slice").createdAt()).isGreaterThan(1.7e9);
    }
    JsonNode q = Json.parse(Files.readAllBytes(dir.resolve("ds/queries.json")), "queries.json");
    // rows that step evenly are recorded as a slice, others as a list (both Python index JSON)
    assertThat(q.get(0).get("source-dataset-index").toString())
        .isEqualTo("[{\"start\":1,\"stop\":7,\"step\":2}]");
    assertThat(q.get(4).get("source-dataset-index").toString()).isEqualTo("[[5,1,2]]");
    assertThat(q.get(1).get("source-dataset-index").toString())
        .isEqualTo("[{\"start\":2,\"stop\":8,\"step\":2}]");
    assertThat(q.get(0).get("first-index-subscriptable").asBoolean()).isTrue();
    assertThat(dir.resolve("ds/.queries/odd/VDS_INDEX/tensor_meta.json")).exists();
    assertThat(dir.resolve("ds/.queries/odd/dataset_info.json")).exists();
  }

  @Test
  void optimizedViewsHoldCopies() {
    try (Dataset ds = committed()) {
      ViewEntry e = ds.view(new long[] {9, 0, 4}).saveView("opt", "materialized", true);
      assertThat(e.virtual()).isFalse();
      assertThat(e.optimized()).isTrue();
      ds.tensor("t").update(0, "changed");
      ds.commit("later");
      DatasetView v = ds.loadView("opt");
      assertThat(v.length()).isEqualTo(3);
      assertThat(v.dataset().path()).endsWith(".queries/opt");
      assertThat(v.tensorNames()).containsExactly("x", "t", "big");
      assertThat(v.tensor("x").numpy(0).getLong(0)).isEqualTo(9);
      assertThat(v.tensor("t").text(1)).isEqualTo("s0");
      assertThat(v.tensor("big").numpy(2).getDouble(1)).isEqualTo(4 * 64 + 1);
      assertThat(v.tensor("big").shape(2)).containsExactly(64);
      assertThat(ds.getView("opt").virtual()).isFalse();
    }
    assertThat(dir.resolve("ds/.queries/opt/x/tensor_meta.json")).exists();
  }

  @Test
  void savingNeedsACommittedCleanWritableVersion() {
    try (Dataset ds = Dataset.create(dir.resolve("ds").toString(), true)) {
      fill(ds);
      assertThatThrownBy(() -> ds.view(new long[] {0, 1}).saveView("v", null))
          .isInstanceOf(DatasetViewSavingException.class)
          .hasMessageContaining("uncommitted changes");
      ds.commit("data");
      ds.view(new long[] {0, 1}).saveView("v", null);
      ds.tensor("x").append(longs(7));
      assertThatThrownBy(() -> ds.view(0, 1).saveView("w", null))
          .isInstanceOf(DatasetViewSavingException.class)
          .hasMessageContaining("HEAD node (branch 'main') has uncommitted changes")
          .hasMessageContaining("commit them first");
      ds.commit("more");
      assertThatThrownBy(() -> ds.view(new long[] {0, 1}).saveView("v", null))
          .isInstanceOf(DatasetViewSavingException.class)
          .hasMessageContaining("'v' already exists");
      assertThatThrownBy(() -> ds.view(new long[] {0}).saveView("a/b", null))
          .isInstanceOf(IllegalArgumentException.class);
      ViewEntry h = ds.view(new long[] {4, 2}).saveView(null, null);
      assertThat(h.id()).hasSize(64).matches("[0-9a-f]+");
      assertThat(ds.loadView(h.id()).indices()).containsExactly(4, 2);
    }
    try (Dataset ro = Dataset.open(dir.resolve("ds").toString())) {
      assertThatThrownBy(() -> ro.view(new long[] {0}).saveView("r", null))
          .isInstanceOf(DatasetViewSavingException.class)
          .hasMessageContaining("open read-only");
      assertThat(ro.loadView("v").indices()).containsExactly(0, 1);
    }
    try (Dataset fresh = Dataset.create(new MemoryStorage(), true)) {
      assertThatThrownBy(() -> fresh.saveView("e", null, false))
          .isInstanceOf(DatasetViewSavingException.class)
          .hasMessageContaining("nothing was committed yet");
    }
  }

  @Test
  void aHandleAtAnOlderCommitSavesViewsOfThatCommit() {
    String first;
    try (Dataset ds = committed()) {
      first = ds.commitId();
      ds.tensor("t").update(2, "new");
      ds.commit("second");
    }
    String p = dir.resolve("ds").toString();
    try (Dataset old =
        Dataset.open(
            p, org.deeplake4j.engine.OpenOptions.defaults().withRef(first).withReadOnly(false))) {
      ViewEntry e = old.view(new long[] {2}).saveView("old", null);
      assertThat(e.commitId()).isEqualTo(first);
    }
    try (Dataset ds = Dataset.open(p)) {
      assertThat(ds.tensor("t").text(2)).isEqualTo("new");
      assertThat(ds.loadView("old").tensor("t").text(0)).isEqualTo("s2");
    }
  }

  @Test
  void concurrentSavesAllLandInQueriesJson() throws Exception {
    try (Dataset ds = committed()) {
      int n = 6;
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(n);
      try {
        List<java.util.concurrent.Future<ViewEntry>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
          long row = i;
          fs.add(pool.submit(() -> ds.view(new long[] {row}).saveView("v" + row, null)));
        }
        for (var f : fs) {
          f.get();
        }
      } finally {
        pool.shutdown();
      }
      assertThat(ds.views())
          .extracting(ViewEntry::id)
          .containsExactlyInAnyOrder("v0", "v1", "v2", "v3", "v4", "v5");
      for (int i = 0; i < n; i++) {
        assertThat(ds.loadView("v" + i).indices()).containsExactly(i);
      }
    }
  }

  @Test
  void unknownIdsAndDeletion() {
    try (Dataset ds = committed()) {
      assertThat(ds.views()).isEmpty();
      assertThatThrownBy(() -> ds.loadView("nope"))
          .isInstanceOf(ViewNotFoundException.class)
          .hasMessageContaining("no view with id 'nope'")
          .hasMessageContaining(dir.resolve("ds").toString());
      assertThatThrownBy(() -> ds.deleteView("nope")).isInstanceOf(ViewNotFoundException.class);
      ds.view(new long[] {1}).saveView("a", null);
      ds.view(new long[] {2}).saveView("b", null, true);
      ds.deleteView("a");
      assertThat(ds.views()).extracting(ViewEntry::id).containsExactly("b");
      assertThat(dir.resolve("ds/.queries/a")).doesNotExist();
      ds.deleteView("b");
      assertThat(ds.views()).isEmpty();
      assertThat(dir.resolve("ds/.queries/b/x")).doesNotExist();
      assertThat(dir.resolve("ds/queries.lock")).doesNotExist();
      // the id is free again
      ds.view(new long[] {3}).saveView("a", null);
      assertThat(ds.loadView("a").indices()).containsExactly(3);
      assertThat(ds.tensorNames()).containsExactly("x", "t", "big");
    }
  }

  /** Rewrites the entry of view {@code id} in queries.json (as another writer could have). */
  private void editEntry(String id, java.util.function.Consumer<ObjectNode> edit) throws Exception {
    Path q = dir.resolve("ds/queries.json");
    ArrayNode all = (ArrayNode) Json.parse(Files.readAllBytes(q), "queries.json");
    for (JsonNode e : all) {
      if (e.get("id").asText().equals(id)) {
        edit.accept((ObjectNode) e);
      }
    }
    Files.writeString(q, Json.write(all));
  }

  @Test
  void pythonsTqlViewsRunTheirQueryOverTheStoredRows() throws Exception {
    try (Dataset ds = committed()) {
      ds.view(10, 30).saveView("tql", null);
      editEntry("tql", e -> e.put("tql_query", "SELECT * WHERE x % 2 == 0 ORDER BY x DESC"));
      DatasetView v = ds.loadView("tql");
      assertThat(v.indices()).containsExactly(28, 26, 24, 22, 20, 18, 16, 14, 12, 10);
      assertThat(ds.getView("tql").tqlQuery())
          .contains("SELECT * WHERE x % 2 == 0 ORDER BY x DESC");
      ds.view(1, 3).saveView("sub", null);
      editEntry("sub", e -> e.putArray("sub-sample-index").addObject().put("start", 0));
      assertThatThrownBy(() -> ds.loadView("sub"))
          .isInstanceOf(UnsupportedFormatException.class)
          .hasMessageContaining("view 'sub'")
          .hasMessageContaining("only whole-row views");
      ds.view(1, 3).saveView("gone", null);
      editEntry("gone", e -> e.put("path", "elsewhere"));
      assertThatThrownBy(() -> ds.loadView("gone"))
          .isInstanceOf(CorruptDataException.class)
          .hasMessageContaining(".queries/elsewhere")
          .hasMessageContaining("holds no dataset");
      // entries of other writers keep their fields and number digits when Java rewrites the file
      editEntry("tql", e -> e.put("created_at", new java.math.BigDecimal("1795328961.286177")));
      ds.deleteView("gone");
      assertThat(Files.readString(dir.resolve("ds/queries.json")))
          .contains("\"created_at\":1795328961.286177")
          .contains("\"tql_query\":\"SELECT * WHERE x % 2 == 0 ORDER BY x DESC\"");
    }
  }

  @Test
  void corruptQueriesJsonNamesThePath() throws Exception {
    try (Dataset ds = committed()) {
      Path q = dir.resolve("ds/queries.json");
      for (String bad : List.of("{not json", "{\"id\": \"x\"}", "[{\"message\": \"no id\"}]")) {
        Files.writeString(q, bad, StandardCharsets.UTF_8);
        assertThatThrownBy(ds::views)
            .isInstanceOf(CorruptDataException.class)
            .hasMessageContaining("queries.json")
            .hasMessageContaining(dir.resolve("ds").toString());
        assertThatThrownBy(() -> ds.loadView("x")).isInstanceOf(CorruptDataException.class);
        assertThatThrownBy(() -> ds.view(new long[] {1}).saveView("y", null))
            .isInstanceOf(CorruptDataException.class);
      }
      assertThat(dir.resolve("ds/.queries/y")).doesNotExist();
    }
  }
}
