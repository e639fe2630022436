package org.deeplake4j.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code commit}, {@code branch}, {@code reset}, {@code delete-branch} and how log shows them. */
class WriteVersionCommandsTest {
  @TempDir Path dir;

  /** A dataset with one int64 tensor "x" holding {@code values} on main, uncommitted. */
  private String dataset(long... values) {
    String path = dir.resolve("ds").toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int64"));
      for (long v : values) {
        ds.append(Map.of("x", v));
      }
    }
    return path;
  }

  private static void append(String path, String branch, long v) {
    try (Dataset ds = BranchArgs.openBranch(path, branch, new LockTimeoutArg())) {
      ds.append(Map.of("x", v));
    }
  }

  private static long length(String path, String ref) {
    try (Dataset ds = Dataset.open(path, ref)) {
      return ds.tensor("x").length();
    }
  }

  private static String single(Cli.Result r) {
    ImportCommandTest.ok(r);
    assertThat(r.outLines()).as("%s", r).hasSize(1);
    return r.outLines().get(0);
  }

  private static List<String> commitLines(Cli.Result log) {
    return log.outLines().stream().filter(l -> l.startsWith("Commit : ")).toList();
  }

  @Test
  void commitPrintsTheIdAndLogShowsIt() {
    String ds = dataset(1, 2);
    String c1 = single(Cli.run("commit", ds, "-m", "two rows"));
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.commitId()).isEqualTo(c1);
      assertThat(d.hasHeadChanges()).isFalse();
    }
    append(ds, "main", 3);
    Cli.Result before = ImportCommandTest.ok(Cli.run("log", ds));
    assertThat(before.out()).contains("** There are uncommitted changes on this branch.");
    String c2 = single(Cli.run("commit", ds, "--ref", "main", "--message", "third row"));
    assertThat(c2).isNotEqualTo(c1);

    Cli.Result log = ImportCommandTest.ok(Cli.run("log", ds));
    assertThat(log.out()).doesNotContain("uncommitted").contains("Message: third row");
    assertThat(commitLines(log))
        .containsExactly("Commit : " + c2 + " (main)", "Commit : " + c1 + " (main)");

    assertThat(ImportCommandTest.fails(Cli.run("commit", ds, "-m", "again")))
        .isEqualTo("deeplake: nothing to commit on branch 'main' of " + ds);
    String empty = single(Cli.run("commit", ds, "-m", "empty", "--allow-empty"));
    assertThat(commitLines(ImportCommandTest.ok(Cli.run("log", ds))))
        .first()
        .isEqualTo("Commit : " + empty + " (main)");
    assertThat(ImportCommandTest.fails(Cli.run("commit", ds, "--ref", c1, "-m", "m")))
        .contains("'" + c1 + "' is a commit, not a branch, and commits are immutable");

    Cli.Result noMessage = Cli.run("commit", ds);
    assertThat(noMessage.exitCode()).isEqualTo(2);
    assertThat(noMessage.err()).contains("Missing required option: '--message=MSG'");
  }

  @Test
  void branchFromABranchCommitsItsChangesFirstAndFromACommitStartsThere() {
    String ds = dataset(1);
    String c1 = single(Cli.run("commit", ds, "-m", "one"));
    append(ds, "main", 2);
    String c2 = single(Cli.run("commit", ds, "-m", "two"));
    append(ds, "main", 3); // uncommitted

    // from a branch: its uncommitted row is committed first, and the new branch starts there
    String base = single(Cli.run("branch", ds, "feature"));
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.hasHeadChanges()).isFalse();
      assertThat(d.commitId()).isEqualTo(base);
      assertThat(d.commitDetails(base).message())
          .isEqualTo("auto commit before checkout to feature");
    }
    assertThat(length(ds, "feature")).isEqualTo(3);

    // from a commit id: the branch reads as that commit
    assertThat(single(Cli.run("branch", ds, "old", "--from", c1))).isEqualTo(c1);
    assertThat(length(ds, "old")).isEqualTo(1);
    Cli.Result log = ImportCommandTest.ok(Cli.run("log", ds, "--ref", "old"));
    assertThat(log.out()).contains("Current Branch: old");
    assertThat(commitLines(log)).containsExactly("Commit : " + c1 + " (main)");

    // from another branch's head without changes: its last commit
    append(ds, "old", 10);
    String onOld = single(Cli.run("commit", ds, "--ref", "old", "-m", "ten"));
    assertThat(single(Cli.run("branch", ds, "older", "--from", "old"))).isEqualTo(onOld);
    assertThat(length(ds, "older")).isEqualTo(2);

    Cli.Result branches = ImportCommandTest.ok(Cli.run("branches", ds));
    assertThat(branches.outLines())
        .extracting(l -> l.split("\\s+")[0])
        .containsExactly("main", "feature", "old", "older");
    assertThat(length(ds, "main")).isEqualTo(3);
    assertThat(length(ds, c2)).isEqualTo(2);

    assertThat(ImportCommandTest.fails(Cli.run("branch", ds, "old")))
        .contains("branch 'old' already exists");
    assertThat(ImportCommandTest.fails(Cli.run("branch", ds, "x", "--from", "nope")))
        .contains("no branch or commit 'nope'");
    String head;
    try (Dataset d = Dataset.open(ds, "old")) {
      head = d.nodeId();
    }
    assertThat(ImportCommandTest.fails(Cli.run("branch", ds, "x", "--from", head)))
        .contains("is the uncommitted HEAD of branch 'old', not a commit; branch from 'old'");
    assertThat(ImportCommandTest.fails(Cli.run("branch", ds, "a/b")))
        .contains("invalid branch name 'a/b'");
    Cli.Result at = Cli.run("branch", ds + "@old", "y");
    assertThat(at.exitCode()).isEqualTo(2);
    assertThat(at.err()).contains("PATH@REF is not accepted by this command (use --from REF)");
  }

  @Test
  void resetDiscardsUncommittedChangesOfTheNamedBranch() {
    String ds = dataset(1);
    single(Cli.run("commit", ds, "-m", "one"));
    single(Cli.run("branch", ds, "alt"));
    append(ds, "main", 2);
    append(ds, "alt", 5);
    append(ds, "alt", 6);

    ImportCommandTest.ok(Cli.run("reset", ds, "--ref", "alt"));
    assertThat(length(ds, "alt")).isEqualTo(1);
    assertThat(length(ds, "main")).as("main untouched").isEqualTo(2);
    assertThat(ImportCommandTest.fails(Cli.run("reset", ds + "@alt")))
        .isEqualTo("deeplake: nothing to reset on branch 'alt' of " + ds);

    Cli.Result r = ImportCommandTest.ok(Cli.run("reset", ds));
    assertThat(r.out()).isEmpty();
    assertThat(length(ds, "main")).isEqualTo(1);
    try (Dataset d = Dataset.open(ds)) {
      assertThat(d.hasHeadChanges()).isFalse();
      assertThat(d.log()).extracting(CommitNode::message).containsExactly("one");
    }
  }

  @Test
  void deleteBranchRemovesItAndRefusesMainUnknownAndParents() {
    String ds = dataset(1);
    single(Cli.run("commit", ds, "-m", "one"));
    single(Cli.run("branch", ds, "a"));
    append(ds, "a", 2);
    single(Cli.run("commit", ds, "--ref", "a", "-m", "on a"));
    single(Cli.run("branch", ds, "b", "--from", "a"));
    single(Cli.run("branch", ds, "c"));

    assertThat(ImportCommandTest.fails(Cli.run("delete-branch", ds, "main")))
        .isEqualTo("deeplake: the main branch cannot be deleted");
    assertThat(ImportCommandTest.fails(Cli.run("delete-branch", ds, "nope")))
        .isEqualTo("deeplake: no branch 'nope' (branches: main, a, b, c)");
    assertThat(ImportCommandTest.fails(Cli.run("delete-branch", ds, "a")))
        .isEqualTo("deeplake: cannot delete branch 'a': branch 'b' starts from it");

    Cli.Result r = ImportCommandTest.ok(Cli.run("delete-branch", ds, "c"));
    assertThat(r.out()).isEmpty();
    ImportCommandTest.ok(Cli.run("delete-branch", ds, "b"));
    ImportCommandTest.ok(Cli.run("delete-branch", ds, "a"));
    assertThat(ImportCommandTest.ok(Cli.run("branches", ds)).outLines())
        .singleElement()
        .asString()
        .startsWith("main  ");
    assertThat(ImportCommandTest.fails(Cli.run("log", ds, "--ref", "a")))
        .contains("no branch or commit 'a' (branches: main)");
  }

  @Test
  void writeCommandsOnAMissingDatasetFailWithOneLine() {
    String missing = dir.resolve("none").toString();
    String[][] runs = {
      {"commit", missing, "-m", "m"},
      {"reset", missing},
      {"branch", missing, "b"},
      {"delete-branch", missing, "b"},
    };
    for (String[] args : runs) {
      assertThat(ImportCommandTest.fails(Cli.run(args)))
          .as(args[0])
          .contains(missing)
          .contains("dataset_meta.json");
    }
    assertThat(dir.resolve("none")).doesNotExist();
  }
}
