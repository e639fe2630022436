package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Dataset.MergeConflicts;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.MergeConflictException;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java's merge gives the same main branch as Python deeplake 3.9.52's merge of the same history:
 * every visible tensor's samples, in order; conflicts fail the same way.
 */
class MergeInteropTest {
  @TempDir Path dir;

  private Path history(String name, boolean conflict) {
    Path p = dir.resolve(name);
    try (Dataset ds = Dataset.create(p.toString())) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.createTensor("lbl", TensorSpec.of("class_label").withClassNames(List.of("a", "b")));
      for (int i = 0; i < 6; i++) {
        ds.append(Map.of("x", (long) i, "t", "r" + i, "lbl", i % 2));
      }
      ds.commit("base");
      ds.checkout("alt", true);
      ds.tensor("x").update(1, 100L);
      if (conflict) {
        ds.tensor("x").update(4, 400L);
      }
      ds.append(Map.of("x", 6L, "t", "alt6", "lbl", 0));
      ds.pop(2);
      ds.createTensor("y", TensorSpec.generic().withDtype("float32"));
      ds.tensor("y").append(new float[] {1.5f});
      ds.commit("alt work");
      ds.checkout("main");
      ds.tensor("x").update(3, 300L);
      if (conflict) {
        ds.tensor("x").update(4, 4000L);
      }
      ds.append(Map.of("x", 7L, "t", "main7", "lbl", 1));
      ds.commit("main work");
    }
    return p;
  }

  private static ObjectNode javaMain(Path p) {
    try (Dataset ds = Dataset.open(p.toString(), "main")) {
      return Records.version(ds, true);
    }
  }

  private void compare(Path javaMerged, Path pyOut) {
    // Java reads the dataset Python merged exactly as Python reports it ...
    try (Dataset merged = Dataset.open(pyOut.resolve("dataset").toString(), "main")) {
      JsonNode exp = Fixtures.readJson(pyOut.resolve("expected.json")).get("versions").get(0);
      ObjectNode got = Records.version(merged, true);
      List<String> d = new ArrayList<>();
      for (var e : exp.get("tensors").properties()) {
        JsonCompare.diff(
                e.getValue().get("samples"), got.get("tensors").path(e.getKey()).get("samples"))
            .forEach(x -> d.add("python-merged " + e.getKey() + " " + x));
      }
      assertThat(d).isEmpty();
    }
    // ... and Java's own merge of the same history gives the same samples.
    JsonNode py = Fixtures.readJson(pyOut.resolve("expected.json")).get("versions").get(0);
    ObjectNode java = javaMain(javaMerged);
    List<String> diffs = new ArrayList<>();
    for (var e : py.get("tensors").properties()) {
      List<String> d =
          JsonCompare.diff(
              e.getValue().get("samples"), java.get("tensors").path(e.getKey()).get("samples"));
      d.forEach(x -> diffs.add(e.getKey() + " " + x));
    }
    assertThat(java.get("tensors").size()).isEqualTo(py.get("tensors").size());
    assertThat(JsonCompare.diff(py.get("length"), java.get("length"))).isEmpty();
    assertThat(diffs).isEmpty();
  }

  @Test
  void mergeMatchesPython() {
    Path p = history("h", false);
    Path pyOut = dir.resolve("py");
    PythonDeeplake.run(600, "merge_dump.py", p.toString(), pyOut.toString(), "alt", "none");
    assertThat(Fixtures.readJson(pyOut.resolve("result.json")).get("ok").asBoolean()).isTrue();
    try (Dataset ds = Dataset.openWritable(p.toString())) {
      ds.merge("alt");
      assertThat(ds.log().get(0).message()).isEqualTo("Merge alt into main");
    }
    compare(p, pyOut);
  }

  @Test
  void conflictsFailLikePythonAndResolveWithTheirs() {
    Path p = history("c", true);
    Path pyFail = dir.resolve("pyfail");
    PythonDeeplake.run(600, "merge_dump.py", p.toString(), pyFail.toString(), "alt", "none");
    JsonNode r = Fixtures.readJson(pyFail.resolve("result.json"));
    assertThat(r.get("ok").asBoolean()).isFalse();
    assertThat(r.get("error").asText()).contains("Conflict");
    try (Dataset ds = Dataset.openWritable(p.toString())) {
      String before = ds.nodeId();
      assertThatThrownBy(() -> ds.merge("alt"))
          .isInstanceOf(MergeConflictException.class)
          .hasMessageContaining("x[4]");
      assertThat(ds.nodeId()).isEqualTo(before);
      assertThat(ds.hasHeadChanges()).isFalse();
    }
    Path pyTheirs = dir.resolve("pytheirs");
    PythonDeeplake.run(600, "merge_dump.py", p.toString(), pyTheirs.toString(), "alt", "theirs");
    try (Dataset ds = Dataset.openWritable(p.toString())) {
      ds.merge("alt", MergeConflicts.THEIRS, false);
    }
    compare(p, pyTheirs);
    assertThat(Set.of()).isEmpty();
  }
}
