package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.JsonCompare;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The commit_diff this engine writes when a version's first change is an append, extend, update,
 * pop, an append after creating a tensor, or an append on a new branch is the one Python deeplake
 * 3.9.52 writes for the same operations on its own dataset (decoded by Python, every tensor key
 * including hidden ones), and Python's {@code ds.diff} reads the same answers from both histories
 * (and the engine's {@code diff} the same as Python's on the engine's history). The operations are
 * the scenarios of {@code commit_diff_interop.py}, mirrored in {@link #SCENARIOS}; one Python
 * process runs them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CommitDiffInteropTest {
  private static final Map<String, BiConsumer<Dataset, Integer>> SCENARIOS = new LinkedHashMap<>();

  static {
    SCENARIOS.put(
        "append",
        (ds, r) -> {
          ds.tensor("x").append(10L + r);
          ds.tensor("x").append(20L + r);
        });
    SCENARIOS.put(
        "row_append",
        (ds, r) -> {
          ds.append(Map.of("x", 10L + r, "t", "a" + r));
          ds.append(Map.of("x", 20L + r, "t", "b" + r));
        });
    SCENARIOS.put("extend", (ds, r) -> ds.tensor("x").extend(int64s(10L + r, 20L + r)));
    SCENARIOS.put(
        "update",
        (ds, r) -> {
          ds.tensor("x").update(0, 100L + r);
          ds.tensor("t").update(1, "u" + r);
          ds.tensor("x").append(30L + r);
        });
    SCENARIOS.put(
        "pop",
        (ds, r) -> {
          ds.pop(0);
          ds.tensor("x").append(40L + r);
        });
    SCENARIOS.put(
        "create_tensor",
        (ds, r) -> {
          ds.createTensor("y" + r, TensorSpec.generic().withDtype("int64"));
          ds.tensor("x").append(50L + r);
          ds.tensor("y" + r).append(60L + r);
        });
    SCENARIOS.put(
        "branch",
        (ds, r) -> {
          ds.tensor("x").append(70L + r);
          ds.tensor("x").append(80L + r);
        });
  }

  private Path dir;
  private JsonNode python;

  private static NdArray int64s(long... v) {
    ByteBuffer b = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      b.putLong(x);
    }
    return NdArray.of(Dtype.INT64, new long[] {v.length}, b.array());
  }

  /** The Java side of a scenario, as write_python in commit_diff_interop.py. */
  private static void writeJava(Path path, String name) {
    try (Dataset ds = Dataset.create(path.toString())) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.append(Map.of("x", 0L, "t", "r0"));
      ds.append(Map.of("x", 1L, "t", "r1"));
      ds.commit("base");
      if (name.equals("branch")) {
        ds.checkout("alt", true);
      }
      SCENARIOS.get(name).accept(ds, 0);
      ds.commit("ops");
      SCENARIOS.get(name).accept(ds, 1);
    }
  }

  @BeforeAll
  void runPython() throws IOException {
    dir = Files.createTempDirectory("commit-diff-interop");
    for (String name : SCENARIOS.keySet()) {
      writeJava(dir.resolve("java-" + name), name);
    }
    Path out = dir.resolve("out.json");
    PythonDeeplake.run(900, "commit_diff_interop.py", dir.toString(), out.toString());
    python = Fixtures.readJson(out);
  }

  @AfterAll
  void cleanUp() {
    try (var walk = Files.walk(dir)) {
      walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<String> scenarios() {
    return List.copyOf(SCENARIOS.keySet());
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void commitDiffFilesAreTheOnesPythonWrites(String name) {
    JsonNode s = python.get(name);
    assertThat(s).as("Python ran scenario %s", name).isNotNull();
    assertThat(s.get("py").get("commit_diffs").get("ops")).as("Python wrote diffs").isNotEmpty();
    assertThat(JsonCompare.diff(s.get("py").get("commit_diffs"), s.get("java").get("commit_diffs")))
        .as("commit_diff files of %s (expected: Python's; actual: this engine's)", name)
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void pythonDiffReadsTheSameFromBothHistories(String name) {
    JsonNode s = python.get(name);
    assertThat(JsonCompare.diff(s.get("py").get("diffs"), s.get("java").get("diffs")))
        .as("Python's ds.diff on %s (expected: its own history; actual: this engine's)", name)
        .isEmpty();
  }

  @ParameterizedTest
  @MethodSource("scenarios")
  void engineDiffAnswersAsPythonDoes(String name) {
    Path path = dir.resolve("java-" + name);
    List<String> diffs = new ArrayList<>();
    for (JsonNode p : python.get(name).get("java").get("raw_diffs")) {
      String b = p.get(1).asText();
      if (p.get(0).isNull()) {
        try (Dataset ds = Dataset.open(path.toString(), b)) {
          JsonCompare.diff(p.get(2), ds.diff()).forEach(d -> diffs.add("diff() at " + b + d));
        }
      } else {
        String a = p.get(0).asText();
        try (Dataset ds = Dataset.open(path.toString())) {
          JsonCompare.diff(p.get(2), ds.diff(a, b))
              .forEach(d -> diffs.add("diff(" + a + ", " + b + ") " + d));
        }
      }
    }
    assertThat(diffs).isEmpty();
  }
}
