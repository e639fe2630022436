package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commit, branch, checkout, reset and delete-branch on datasets the engine writes. */
class VersionControlTest {
  @TempDir Path dir;

  @Test
  void commitsBranchesAndTimeTravel() throws Exception {
    String path = dir.resolve("ds").toString();
    String c1;
    String c2;
    Instant between;
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      ds.createTensor("t", TensorSpec.of("text"));
      for (int i = 0; i < 5; i++) {
        ds.append(Map.of("x", (long) i, "t", "r" + i));
      }
      c1 = ds.commit("first five");
      assertThat(c1).isEqualTo(VersionGraph.FIRST_COMMIT_ID);
      assertThat(ds.hasHeadChanges()).isFalse();
      assertThatThrownBy(() -> ds.commit("nothing"))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("nothing to commit");
      Thread.sleep(20);
      between = Instant.now();
      Thread.sleep(20);
      ds.append(Map.of("x", 5L, "t", "r5"));
      ds.tensor("x").update(0, 100L);
      assertThat(ds.hasHeadChanges()).isTrue();
      c2 = ds.commit("sixth row, x[0] = 100");
      ds.checkout("alt", true);
      assertThat(ds.branch()).isEqualTo("alt");
      ds.tensor("t").update(1, "alt edit");
      ds.createTensor("extra", TensorSpec.generic().withDtype("float32"));
      ds.tensor("extra").append(new float[] {1.5f});
      ds.commit("on alt");
      ds.checkout("main");
      ds.tensor("x").append(6L);
      ds.tensor("t").append("r6 uncommitted");
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.branches()).containsExactlyInAnyOrder("main", "alt");
      assertThat(ds.hasHeadChanges()).isTrue();
      assertThat(ds.tensor("x").length()).isEqualTo(7);
      assertThat(ds.tensor("x").numpy(0).getLong(0)).isEqualTo(100);
      assertThat(ds.log())
          .extracting(CommitNode::message)
          .containsExactly("sixth row, x[0] = 100", "first five");
      assertThat(ds.commitId()).isEqualTo(c2);
    }
    try (Dataset ds = Dataset.open(path, c1)) {
      assertThat(ds.tensor("x").length()).isEqualTo(5);
      assertThat(ds.tensor("x").numpy(0).getLong(0)).isZero();
      assertThatThrownBy(() -> ds.tensor("x").append(1L)).hasMessageContaining("read-only");
    }
    try (Dataset ds = Dataset.open(path, "alt")) {
      assertThat(ds.tensor("t").text(1)).isEqualTo("alt edit");
      assertThat(ds.tensor("x").length()).isEqualTo(6);
      assertThat(ds.hasTensor("extra")).isTrue();
      assertThat(ds.hasHeadChanges()).isFalse();
    }
    try (Dataset ds = Dataset.open(path)) {
      ds.checkout(between);
      assertThat(ds.nodeId()).isEqualTo(c1);
      assertThat(ds.tensor("x").length()).isEqualTo(5);
    }
  }

  @Test
  void resetDiscardsUncommittedChangesAndDeleteBranchRemovesVersions() {
    String path = dir.resolve("r").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
      ds.tensor("x").append(1);
      ds.commit("one");
      ds.tensor("x").append(2);
      assertThat(ds.tensor("x").length()).isEqualTo(2);
      ds.reset();
      assertThat(ds.tensor("x").length()).isEqualTo(1);
      assertThatThrownBy(ds::reset).hasMessageContaining("nothing to reset");
      ds.checkout("tmp", true);
      ds.tensor("x").append(3);
      ds.commit("on tmp");
      String tmpHead = ds.nodeId();
      assertThatThrownBy(() -> ds.deleteBranch("tmp")).hasMessageContaining("checked out");
      ds.checkout("main");
      assertThatThrownBy(() -> ds.deleteBranch("main")).hasMessageContaining("main branch");
      assertThatThrownBy(() -> ds.deleteBranch("nope")).isInstanceOf(NotFoundException.class);
      ds.deleteBranch("tmp");
      assertThat(ds.branches()).containsExactly("main");
      assertThat(ds.storage().list("versions/" + tmpHead + "/")).isEmpty();
      assertThatThrownBy(() -> ds.checkout("tmp")).isInstanceOf(NotFoundException.class);
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("x").length()).isEqualTo(1);
      assertThat(ds.branches()).containsExactly("main");
    }
  }

  @Test
  void createBranchFromAnOlderCommit() {
    String path = dir.resolve("b").toString();
    String c1;
    String c2;
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
      ds.tensor("x").append(1);
      c1 = ds.commit("one");
      ds.tensor("x").append(2);
      c2 = ds.commit("two");
      ds.tensor("x").append(3); // uncommitted on main: flushed, not committed, by createBranch
      String mainHead = ds.nodeId();
      assertThatThrownBy(() -> ds.createBranch("h", mainHead))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("uncommitted HEAD of branch 'main'");
      assertThatThrownBy(() -> ds.createBranch("u", "0123abcd"))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("0123abcd");
      assertThatThrownBy(() -> ds.createBranch("main", c1)).hasMessageContaining("already exists");
      assertThatThrownBy(() -> ds.createBranch("a/b", c1)).hasMessageContaining("invalid branch");

      ds.createBranch("old", c1);
      assertThat(ds.branch()).isEqualTo("old");
      assertThat(ds.commitDetails(ds.nodeId()).parent()).isEqualTo(c1);
      assertThat(ds.tensor("x").length()).isEqualTo(1);
      ds.tensor("x").append(10);
      ds.commit("ten on old");
    }
    try (Dataset ds = Dataset.open(path, "old")) {
      assertThat(ds.tensor("x").numpy(1).getLong(0)).isEqualTo(10);
      assertThat(ds.log()).extracting(CommitNode::message).containsExactly("ten on old", "one");
    }
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.branches()).containsExactly("main", "old");
      assertThat(ds.tensor("x").length()).isEqualTo(3);
      assertThat(ds.commitId()).isEqualTo(c2);
      assertThatThrownBy(() -> ds.createBranch("ro", c1)).hasMessageContaining("read-only");
    }
  }
}
