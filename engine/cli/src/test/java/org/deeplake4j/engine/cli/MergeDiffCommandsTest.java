package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deeplake merge} and {@code deeplake diff}. */
class MergeDiffCommandsTest {
  @TempDir Path dir;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        DeepLakeCli.run(
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            args);
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private String history(boolean conflict) {
    String path = dir.resolve(conflict ? "c" : "h").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      for (int i = 0; i < 4; i++) {
        ds.append(Map.of("x", (long) i));
      }
      ds.commit("base");
      ds.checkout("alt", true);
      ds.tensor("x").update(1, 10L);
      ds.tensor("x").append(4L);
      ds.commit("alt");
      ds.checkout("main");
      if (conflict) {
        ds.tensor("x").update(1, 11L);
        ds.commit("main");
      }
    }
    return path;
  }

  @Test
  void mergePrintsTheMergeCommitAndDiffPrintsPythonLayout() throws Exception {
    String path = history(false);
    Result d = run("diff", path, "main", "alt");
    assertThat(d.code()).as(d.err()).isZero();
    JsonNode diff = Json.MAPPER.readTree(d.out());
    JsonNode alt = diff.get("tensor").get(1).get(1).get("x"); // [0] is the clean alt HEAD
    assertThat(alt.get("data_updated").toString()).isEqualTo("[1]");
    assertThat(alt.get("data_added").toString()).isEqualTo("[4,5]");
    Result m = run("merge", path, "alt");
    assertThat(m.code()).as(m.err()).isZero();
    assertThat(m.out().trim()).hasSize(40);
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("x").length()).isEqualTo(5);
      assertThat(ds.tensor("x").numpy(1).getLong(0)).isEqualTo(10);
      assertThat(ds.log().get(0).message()).isEqualTo("Merge alt into main");
    }
  }

  @Test
  void conflictsFailUnlessResolved() {
    String path = history(true);
    Result fail = run("merge", path, "alt");
    assertThat(fail.code()).isEqualTo(1);
    assertThat(fail.err()).startsWith("deeplake: ").contains("conflicts").contains("x[1]");
    Result bad = run("merge", path, "alt", "--conflict", "mine");
    assertThat(bad.code()).isNotZero();
    assertThat(bad.err()).contains("ours, theirs or fail");
    Result ours = run("merge", path, "alt", "--conflict", "ours");
    assertThat(ours.code()).as(ours.err()).isZero();
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("x").numpy(1).getLong(0)).isEqualTo(11);
      assertThat(ds.tensor("x").length()).isEqualTo(5);
    }
  }
}
