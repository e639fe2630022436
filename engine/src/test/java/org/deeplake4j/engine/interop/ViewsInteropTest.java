package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.DatasetView;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.ViewEntry;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Saved views both ways with Python deeplake 3.9.52: Java loads the views Python saved (index
 * lists, slices, a single index, filters, optimized on saving and later) with the same rows and
 * values, and Python loads the views Java saved (virtual and optimized), each at the commit it was
 * saved from; both append to and delete from the other's {@code queries.json}.
 */
class ViewsInteropTest {
  @TempDir Path dir;

  /** Asserts that {@code v} has the rows Python dumped ({@code x}, {@code t} in view order). */
  private static void assertSame(DatasetView v, JsonNode py) {
    String id = py.get("id").asText();
    assertThat(v.length()).as("length of %s", id).isEqualTo(py.get("length").asLong());
    List<Long> xs = new ArrayList<>();
    List<String> ts = new ArrayList<>();
    for (int i = 0; i < v.length(); i++) {
      xs.add(v.tensor("x").numpy(i).getLong(0));
      ts.add(v.tensor("t").text(i));
    }
    List<Long> px = new ArrayList<>();
    py.get("x").forEach(n -> px.add(n.asLong()));
    List<String> pt = new ArrayList<>();
    py.get("t").forEach(n -> pt.add(n.asText()));
    assertThat(xs).as("x of view %s", id).isEqualTo(px);
    assertThat(ts).as("t of view %s", id).isEqualTo(pt);
  }

  private static void assertEntry(ViewEntry e, JsonNode py) {
    assertThat(e.message()).as("message of %s", e.id()).isEqualTo(py.get("message").asText());
    assertThat(e.virtual()).as("virtual of %s", e.id()).isEqualTo(py.get("virtual").asBoolean());
    assertThat(e.commitId()).as("commit of %s", e.id()).isEqualTo(py.get("commit_id").asText());
  }

  @Test
  void javaLoadsPythonSavedViews() {
    Path ds = dir.resolve("py");
    Path out = dir.resolve("py.json");
    PythonDeeplake.run(600, "views_interop.py", "write", ds.toString(), out.toString());
    JsonNode py = Fixtures.readJson(out);
    JsonNode pv = py.get("views");
    try (Dataset d = Dataset.openWritable(ds.toString())) {
      assertThat(d.tensor("x").numpy(1).getLong(0)).isEqualTo(-1);
      List<String> ids = new ArrayList<>();
      d.views().forEach(e -> ids.add(e.id()));
      List<String> pyIds = new ArrayList<>();
      pv.fieldNames().forEachRemaining(pyIds::add);
      assertThat(ids).containsExactlyElementsOf(pyIds);
      for (ViewEntry e : d.views()) {
        assertEntry(e, pv.get(e.id()));
        assertSame(d.loadView(e.id()), pv.get(e.id()));
      }
      assertThat(d.getView("later").folder()).isEqualTo(".queries/later_OPTIMIZED");
      assertThat(d.getView("filt").query())
          .hasValueSatisfying(q -> assertThat(q).contains("filter"));
      assertThat(d.loadView("list").dataset().nodeId()).isEqualTo(py.get("commit").asText());
      // Java edits Python's queries.json: deletes one view, saves another
      d.deleteView("slice");
      d.deleteView("later");
      d.view(new long[] {1, 10}).saveView("java", "from java");
    }
    Path out2 = dir.resolve("py2.json");
    PythonDeeplake.run(600, "views_interop.py", "read", ds.toString(), out2.toString());
    JsonNode after = Fixtures.readJson(out2).get("views");
    List<String> left = new ArrayList<>();
    after.fieldNames().forEachRemaining(left::add);
    assertThat(left)
        .contains("list", "int", "filt", "opt", "java")
        .doesNotContain("slice", "later");
    JsonNode j = after.get("java");
    assertThat(j.get("message").asText()).isEqualTo("from java");
    assertThat(j.get("x").toString()).isEqualTo("[-1,10]");
    assertThat(j.get("t").toString()).isEqualTo("[\"changed\",\"s10\"]");
    assertThat(ds.resolve(".queries/slice")).doesNotExist();
    assertThat(ds.resolve(".queries/later_OPTIMIZED")).doesNotExist();
  }

  @Test
  void pythonLoadsJavaSavedViews() {
    Path ds = dir.resolve("java");
    String first;
    try (Dataset d = Dataset.create(ds.toString())) {
      d.createTensor("x", TensorSpec.generic().withDtype("int64"));
      d.createTensor("t", TensorSpec.of("text"));
      for (long i = 0; i < 12; i++) {
        d.append(Map.of("x", i, "t", "s" + i));
      }
      first = d.commit("data");
      d.view(new long[] {5, 1, 3}).saveView("list", "a list");
      d.view(2, 10, 3).saveView("slice", null);
      d.view(10, 0, -4).saveView("backwards", null);
      d.query("SELECT * WHERE x >= 9 ORDER BY x DESC").saveView("tql", "a query");
      d.filter(r -> r.longValue("x") % 4 == 0).saveView("filt", null);
      d.view(new long[] {0, 11, 6}).saveView("opt", "optimized", true);
      d.view(0, 0).saveView("empty", null);
      d.view(new long[] {9, 8}).saveView(null, null);
      d.tensor("x").update(1, -1L);
      d.tensor("t").update(1, "changed");
      d.commit("change row 1");
    }
    Path out = dir.resolve("java.json");
    PythonDeeplake.run(
        600, "views_interop.py", "read", ds.toString(), out.toString(), "py", "backwards");
    JsonNode pv = Fixtures.readJson(out).get("views");
    try (Dataset d = Dataset.open(ds.toString())) {
      List<String> ids = new ArrayList<>();
      d.views().forEach(e -> ids.add(e.id()));
      List<String> pyIds = new ArrayList<>();
      pv.fieldNames().forEachRemaining(pyIds::add);
      assertThat(pyIds).containsExactlyElementsOf(ids);
      assertThat(ids).hasSize(9).endsWith("py");
      for (ViewEntry e : d.views()) {
        assertThat(e.commitId()).isEqualTo(e.id().equals("py") ? d.commitId() : first);
        assertEntry(e, pv.get(e.id()));
        assertSame(d.loadView(e.id()), pv.get(e.id()));
      }
      assertThat(pv.get("list").get("x").toString()).isEqualTo("[5,1,3]");
      assertThat(pv.get("tql").get("x").toString()).isEqualTo("[11,10,9]");
      assertThat(pv.get("backwards").get("x").toString()).isEqualTo("[10,6,2]");
      assertThat(pv.get("opt").get("virtual").asBoolean()).isFalse();
      assertThat(pv.get("empty").get("length").asLong()).isZero();
      assertThat(pv.get("py").get("t").toString()).isEqualTo("[\"s0\",\"s2\"]");
      assertThat(d.getView("py").message()).isEqualTo("from python");
      // Python optimized Java's virtual view "backwards" in place: Java reads the copy
      assertThat(d.getView("backwards").virtual()).isFalse();
      assertThat(d.getView("backwards").folder()).isEqualTo(".queries/backwards_OPTIMIZED");
      assertThat(d.loadView("backwards").dataset().path()).endsWith("backwards_OPTIMIZED");
      assertThat(ds.resolve(".queries/backwards/VDS_INDEX")).doesNotExist();
    }
  }
}
