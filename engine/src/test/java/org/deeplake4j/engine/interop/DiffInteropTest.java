package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Dataset.diff} answers exactly what Python's {@code ds.diff(a, b, as_dict=True)} answers,
 * for every ordered pair of versions, on a history Python built and on one Java built.
 */
class DiffInteropTest {
  @TempDir Path dir;

  private void compareWithPython(Path dataset) {
    Path out = dir.resolve(dataset.getFileName() + "-diffs.json");
    PythonDeeplake.run(600, "diff_dump.py", dataset.toString(), out.toString());
    JsonNode py = Fixtures.readJson(out);
    List<String> diffs = new ArrayList<>();
    try (Dataset ds = Dataset.open(dataset.toString())) {
      for (JsonNode p : py.get("pairs")) {
        String a = p.get("a").asText();
        String b = p.get("b").asText();
        for (String d : JsonCompare.diff(p.get("diff"), ds.diff(a, b))) {
          diffs.add("diff(" + a + ", " + b + ") " + d);
        }
      }
    }
    for (var e : py.get("heads").properties()) {
      try (Dataset ds = Dataset.open(dataset.toString(), e.getKey())) {
        for (String d : JsonCompare.diff(e.getValue(), ds.diff())) {
          diffs.add("diff() at " + e.getKey() + " " + d);
        }
      }
    }
    assertThat(py.get("pairs").size()).isGreaterThan(5);
    assertThat(diffs).isEmpty();
  }

  @Test
  void pythonHistory() {
    Path copy = dir.resolve("vc");
    Fixtures.copyTree(Fixtures.v3Fixtures().resolve("version_control/dataset"), copy);
    compareWithPython(copy);
  }

  @Test
  void javaHistory() {
    Path path = dir.resolve("jh");
    try (Dataset ds = Dataset.create(path.toString())) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("t", TensorSpec.of("text"));
      for (int i = 0; i < 6; i++) {
        ds.append(Map.of("x", (long) i, "t", "r" + i));
      }
      ds.commit("six");
      ds.tensor("x").update(2, 20L);
      ds.tensor("x").update(4, 40L);
      ds.pop(1);
      ds.append(Map.of("x", 6L, "t", "r6"));
      ds.updateInfo(Map.of("a", 1));
      ds.commit("edits");
      ds.checkout("alt", true);
      ds.renameTensor("t", "tt");
      ds.createTensor("y", TensorSpec.generic().withDtype("float32"));
      ds.tensor("y").append(new float[] {1});
      ds.commit("alt work");
      ds.deleteTensor("y");
      ds.checkout("main");
      ds.tensor("t").update(0, "head edit");
    }
    compareWithPython(path);
  }
}
