package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.Samples;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.storage.FaultInjectingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.testing.HookStorage;
import org.deeplake4j.engine.types.CommitNode;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commit protocol between writers of one JVM (docs/commit-protocol.md): private nodes, the
 * conditional switch, rebase of appends (R6), replay of changes to tensors the other writer left
 * alone (R7), conflicts, and the unknown outcome (P4).
 */
class CommitProtocolTest {
  @TempDir Path dir;

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);

  private String base(String name) {
    String path = dir.resolve(name).toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64").withMaxChunkSize(200));
      ds.createTensor("t", TensorSpec.of("text"));
      for (int i = 0; i < 3; i++) {
        ds.append(Map.of("v", (long) i, "t", "base" + i));
      }
      ds.commit("base");
    }
    return path;
  }

  private static List<Long> values(Dataset ds, String tensor) {
    Tensor t = ds.tensor(tensor);
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < t.length(); i++) {
      out.add(t.numpy(i).getLong(0));
    }
    return out;
  }

  private static void append(Dataset ds, long from, int n) {
    for (long i = from; i < from + n; i++) {
      ds.append(Map.of("v", i, "t", "row" + i));
    }
  }

  /** Every companion has as many items as its tensor (Python's integrity check). */
  static void assertCompanionsInStep(Dataset ds) {
    for (String n : ds.tensorNames(true)) {
      Tensor t = ds.tensor(n);
      for (var e : t.meta().links().entrySet()) {
        String companion = ds.meta().nameOfKey(e.getKey());
        boolean flatten = e.getValue().path("flatten_sequence").asBoolean(false);
        assertThat(ds.tensor(companion).numItems())
            .as("companion %s of %s", companion, n)
            .isEqualTo(flatten ? t.numItems() : t.length());
      }
    }
  }

  @Test
  void concurrentAppendsToOneBranchAreRebasedNotLost() {
    String path = base("appends");
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      append(a, 100, 5);
      append(b, 200, 7);
      // Both private: nothing published yet.
      try (Dataset ro = Dataset.open(path)) {
        assertThat(ro.tensor("v").length()).isEqualTo(3);
      }
      String ca = a.commit("a");
      String cb = b.commit("b"); // rebases onto a's commit
      assertThat(values(b, "v"))
          .containsExactly(
              0L, 1L, 2L, 100L, 101L, 102L, 103L, 104L, 200L, 201L, 202L, 203L, 204L, 205L, 206L);
      assertThat(b.log()).extracting(CommitNode::id).startsWith(cb, ca);
      assertCompanionsInStep(b);
    }
    try (Dataset ro = Dataset.open(path)) {
      assertThat(ro.tensor("v").length()).isEqualTo(15);
      assertThat(ro.tensor("t").text(14)).isEqualTo("row206");
      assertThat(ro.log()).extracting(CommitNode::message).containsExactly("b", "a", "base");
      assertThat(ro.hasHeadChanges()).isFalse();
      // Every intermediate version reads its own state.
      CommitNode a = ro.log().get(1);
      try (Dataset atA = Dataset.open(path, a.id())) {
        assertThat(values(atA, "v")).containsExactly(0L, 1L, 2L, 100L, 101L, 102L, 103L, 104L);
        assertCompanionsInStep(atA);
      }
    }
  }

  @Test
  void aFlushPublishesTheHeadAndALaterCommitOfAnotherWriterIncludesIt() {
    String path = base("flush");
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      append(a, 100, 2);
      a.flush(); // a's rows are the branch's uncommitted HEAD changes now
      try (Dataset ro = Dataset.open(path)) {
        assertThat(ro.hasHeadChanges()).isTrue();
        assertThat(values(ro, "v")).containsExactly(0L, 1L, 2L, 100L, 101L);
      }
      append(b, 200, 1);
      b.commit("b"); // rebased onto a's published HEAD: commits a's rows too
      append(a, 300, 1);
      a.commit("a");
    }
    try (Dataset ro = Dataset.open(path)) {
      assertThat(values(ro, "v")).containsExactly(0L, 1L, 2L, 100L, 101L, 200L, 300L);
      String bCommit = ro.log().get(1).id();
      try (Dataset atB = Dataset.open(path, bCommit)) {
        assertThat(values(atB, "v")).containsExactly(0L, 1L, 2L, 100L, 101L, 200L);
      }
    }
  }

  @Test
  void sequencesLinksTilesAndTextRebase() throws Exception {
    String path = dir.resolve("kinds").toString();
    Path png = dir.resolve("img.png");
    java.nio.file.Files.write(
        png,
        org.deeplake4j.engine.internal.format.Images.encode(
            NdArray.of(Dtype.UINT8, new long[] {4, 5, 3}, new byte[60]), "png", "t"));
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("seq", TensorSpec.of("sequence[generic]").withDtype("int32"));
      ds.createTensor("lnk", TensorSpec.of("link[image]").withSampleCompression("png"));
      ds.createTensor("big", TensorSpec.generic().withDtype("uint8").withTilingThreshold(100));
      ds.createTensor("txt", TensorSpec.of("text"));
      ds.commit("empty tensors", true);
    }
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      for (Dataset ds : List.of(a, b)) {
        int w = ds == a ? 1 : 2;
        for (int i = 0; i < 3; i++) {
          List<Object> items = new ArrayList<>();
          for (int k = 0; k <= i; k++) {
            items.add(new int[] {w, i, k});
          }
          ds.tensor("seq").append(items);
          ds.tensor("lnk").append(Samples.link(png.toString()));
          byte[] px = new byte[12 * 12];
          java.util.Arrays.fill(px, (byte) (w * 10 + i));
          ds.tensor("big").append(NdArray.of(Dtype.UINT8, new long[] {12, 12}, px));
          ds.tensor("txt").append("w" + w + "i" + i);
        }
      }
      a.commit("a");
      b.commit("b");
    }
    try (Dataset ro = Dataset.open(path)) {
      Tensor seq = ro.tensor("seq");
      assertThat(seq.length()).isEqualTo(6);
      for (int r = 0; r < 6; r++) {
        int w = r < 3 ? 1 : 2;
        int i = r % 3;
        long[] range = seq.sequenceRange(r);
        assertThat(range[1] - range[0]).isEqualTo(i + 1);
        assertThat(seq.itemNumpy(range[1] - 1).toIntArray()).containsExactly(w, i, i);
        assertThat(ro.tensor("txt").text(r)).isEqualTo("w" + w + "i" + i);
        NdArray big = ro.tensor("big").numpy(r);
        assertThat(big.shape()).containsExactly(12, 12);
        assertThat(big.toBytes()[143]).isEqualTo((byte) (w * 10 + i));
        assertThat(ro.tensor("lnk").itemLinkPath(r)).isEqualTo(png.toString());
      }
      assertCompanionsInStep(ro);
    }
  }

  @Test
  void updatesOfTensorsTheOtherWriterLeftAloneAreReplayed() {
    String path = base("replay");
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      a.tensor("v").update(0, 1000L);
      a.commit("a updates v");
      b.tensor("t").update(1, "edited by b");
      b.tensor("v").append(7L); // appends to the tensor a updated: R6
      b.commit("b updates t");
    }
    try (Dataset ro = Dataset.open(path)) {
      assertThat(values(ro, "v")).containsExactly(1000L, 1L, 2L, 7L);
      assertThat(ro.tensor("t").text(1)).isEqualTo("edited by b");
      // b's commit records only b's changes: the append to v, the update of t.
      String bCommit = ro.commitId();
      var vd =
          org.deeplake4j.engine.internal.format.CommitDiff.parse(
              ro.storage().get("versions/" + bCommit + "/v/commit_diff"), "v");
      assertThat(vd.updated()).isEmpty();
      assertThat(vd.addedStart()).isEqualTo(3);
      assertThat(vd.addedEnd()).isEqualTo(4);
      var td =
          org.deeplake4j.engine.internal.format.CommitDiff.parse(
              ro.storage().get("versions/" + bCommit + "/t/commit_diff"), "t");
      assertThat(td.updated()).containsExactly(1L);
      assertThat(td.addedEnd()).isEqualTo(td.addedStart());
    }
  }

  @Test
  void conflictingUpdatesFailAndLeaveTheWinnerIntact() {
    String path = base("conflict");
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      a.tensor("v").update(0, 1000L);
      b.tensor("v").update(1, 2000L);
      a.commit("a");
      assertThatThrownBy(() -> b.commit("b"))
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("tensor key 'v'")
          .hasMessageContaining("branch 'main'");
      // b now reads the tip and can redo its work.
      assertThat(values(b, "v")).containsExactly(1000L, 1L, 2L);
      b.tensor("v").update(1, 2000L);
      b.commit("b again");
    }
    try (Dataset ro = Dataset.open(path)) {
      assertThat(values(ro, "v")).containsExactly(1000L, 2000L, 2L);
      assertThat(ro.log()).extracting(CommitNode::message).containsExactly("b again", "a", "base");
    }
  }

  @Test
  void aSwitchLostInTheWindowIsRetriedOrReportedAfterTheAllowedAttempts() {
    String path = base("window");
    HookStorage hooked = new HookStorage(new LocalStorage(Path.of(path)));
    try (Dataset a = Dataset.open(hooked, WRITABLE.withCommitAttempts(1))) {
      append(a, 100, 1);
      hooked.beforeNextSwitch(
          () -> {
            try (Dataset b = Dataset.open(path, WRITABLE)) {
              append(b, 200, 1);
              b.commit("b");
            }
          });
      assertThatThrownBy(() -> a.commit("a"))
          .isInstanceOf(CommitConflictException.class)
          .hasMessageContaining("1 times");
      // The session survives a lost race: committing again rebases onto b and lands.
      a.commit("a");
    }
    try (Dataset c = Dataset.open(hooked, WRITABLE)) {
      append(c, 300, 1);
      hooked.beforeNextSwitch(
          () -> {
            try (Dataset d = Dataset.open(path, WRITABLE)) {
              append(d, 400, 1);
              d.commit("d");
            }
          });
      c.commit("c"); // loses the first attempt to d, rebases, wins the second
    }
    try (Dataset ro = Dataset.open(path)) {
      assertThat(values(ro, "v")).containsExactly(0L, 1L, 2L, 200L, 100L, 400L, 300L);
      assertThat(ro.log())
          .extracting(CommitNode::message)
          .containsExactly("c", "d", "a", "b", "base");
      assertCompanionsInStep(ro);
    }
  }

  @Test
  void anUnknownOutcomeCleansNothingAndBlocksTheHandle() {
    String path = base("unknown");
    FaultInjectingStorage faulty = new FaultInjectingStorage(new LocalStorage(Path.of(path)));
    String privateNode;
    Dataset a = Dataset.open(faulty, WRITABLE);
    append(a, 100, 2);
    privateNode = a.nodeId();
    faulty.failAt(1, EnumSet.of(FaultInjectingStorage.Op.PUT_IF_MATCH));
    assertThatThrownBy(() -> a.commit("a"))
        .isInstanceOf(CommitStateUnknownException.class)
        .hasMessageContaining("may or may not");
    faulty.heal();
    assertThat(faulty.list("versions/" + privateNode + "/")).as("staged files stay").isNotEmpty();
    assertThatThrownBy(() -> a.tensor("v").append(1L)).hasMessageContaining("unknown outcome");
    try (Storage s = new LocalStorage(Path.of(path));
        Dataset ro = Dataset.open(s, OpenOptions.defaults())) {
      assertThat(ro.tensor("v").length()).isEqualTo(3);
    }
  }

  @Test
  void aBranchCreatedMeanwhileDoesNotDisturbACommit() {
    String path = base("branch");
    try (Dataset a = Dataset.open(path, WRITABLE);
        Dataset b = Dataset.open(path, WRITABLE)) {
      append(a, 100, 1);
      b.checkout("alt", true);
      append(b, 500, 1);
      b.commit("on alt");
      a.commit("on main");
      assertThat(a.branches()).containsExactlyInAnyOrder("main", "alt");
    }
    try (Dataset main = Dataset.open(path);
        Dataset alt = Dataset.open(path, "alt")) {
      assertThat(values(main, "v")).containsExactly(0L, 1L, 2L, 100L);
      assertThat(values(alt, "v")).containsExactly(0L, 1L, 2L, 500L);
    }
  }

  @Test
  void cooperatingWritersShareTheLockAndTheLastOneReleasesIt() {
    String path = base("shared");
    String head;
    try (Dataset ro = Dataset.open(path)) {
      head = ro.nodeId();
    }
    String key = "versions/" + head + "/dataset_lock.lock";
    Dataset a = Dataset.open(path, WRITABLE);
    Dataset b = Dataset.open(path, WRITABLE);
    DatasetLock.LockRecord r = DatasetLock.read(a.storage(), key);
    assertThat(r.heldBy(DatasetLock.SHARED)).isTrue();
    assertThat(new String(r.tag(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("dl4j");
    a.close();
    assertThat(b.storage().exists(key)).as("b still writes").isTrue();
    b.close();
    assertThat(b.storage().exists(key)).isFalse();
    assertThat(b.storage().list(DatasetLock.LEASE_PREFIX)).isEmpty();
  }

  @Test
  void theLockFollowsTheHeadAcrossCommits() {
    String path = base("follow");
    try (Dataset a = Dataset.open(path, WRITABLE)) {
      String before = a.nodeId();
      append(a, 100, 1);
      a.commit("a");
      String after = a.nodeId();
      assertThat(a.storage().exists("versions/" + after + "/dataset_lock.lock")).isTrue();
      assertThat(a.storage().exists("versions/" + before + "/dataset_lock.lock")).isFalse();
    }
  }
}
