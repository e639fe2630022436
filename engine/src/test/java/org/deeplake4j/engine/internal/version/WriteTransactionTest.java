package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions (docs/commit-protocol.md §7): fragments written apart and committed once, in
 * order; unchosen fragments invisible and deleted; commits idempotent per transaction id (also
 * across a Python commit); two transactions on one branch both land; overwrite; abort; a dataset
 * without commits. Every dataset is finally read by Python deeplake 3.9.52 at every version (one
 * Python process) and must read as Java reads it.
 */
class WriteTransactionTest {
  @TempDir Path dir;

  static Map<String, TensorSpec> schema() {
    Map<String, TensorSpec> s = new LinkedHashMap<>();
    s.put("id", TensorSpec.generic().withDtype("int64").withMaxChunkSize(512));
    s.put("label", TensorSpec.of("class_label").withClassNames(List.of("cat", "dog")));
    s.put("emb", TensorSpec.of("embedding").withDtype("float32").withMaxChunkSize(4096));
    s.put("text", TensorSpec.of("text"));
    return s;
  }

  static Map<String, Object> row(long i) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("id", i);
    r.put("label", (int) (i % 2));
    float[] e = new float[8];
    for (int d = 0; d < e.length; d++) {
      e[d] = i * 0.5f + d;
    }
    r.put("emb", e);
    r.put("text", "row " + i);
    return r;
  }

  static Fragment fragment(WritePlan plan, long from, long to) {
    try (FragmentWriter w = FragmentWriter.open(plan)) {
      for (long i = from; i < to; i++) {
        w.append(row(i));
      }
      return w.finish();
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T roundTrip(T o) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(b)) {
      out.writeObject(o);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(b.toByteArray()))) {
      return (T) in.readObject();
    }
  }

  static void assertIds(String path, String ref, long... ids) {
    try (Dataset ds = ref == null ? Dataset.open(path) : Dataset.open(path, ref)) {
      assertThat(ds.tensor("id").length()).as("rows of %s at %s", path, ref).isEqualTo(ids.length);
      for (int i = 0; i < ids.length; i++) {
        assertThat(ds.tensor("id").numpy(i).getLong(0)).isEqualTo(ids[i]);
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + ids[i]);
      }
    }
  }

  static long[] range(long from, long to) {
    long[] out = new long[(int) (to - from)];
    for (int i = 0; i < out.length; i++) {
      out[i] = from + i;
    }
    return out;
  }

  static long[] concat(long[]... parts) {
    return Stream.of(parts).flatMapToLong(java.util.Arrays::stream).toArray();
  }

  private static OpenOptions opts() {
    return OpenOptions.defaults().withReadOnly(false);
  }

  private static long filesUnder(Path p) throws Exception {
    if (!Files.exists(p)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  @Test
  void fragmentsCommitOnceInOrderAndPythonReadsEveryVersion() throws Exception {
    List<String> paths = new ArrayList<>();
    // 1. A new dataset from a schema; three fragments (serialized like Spark ships them), committed
    // in an order other than the one they were written in; a fourth (a failed attempt) left out.
    String a = dir.resolve("a").toString();
    paths.add(a);
    String commit1;
    WritePlan plan;
    OpenOptions withSecret = opts().withStorageOptions(Map.of("aws_secret_access_key", "s3cr3t"));
    try (WriteTransaction tx = WriteTransaction.begin(a, withSecret, schema(), null)) {
      assertThat(tx.createdDataset()).isTrue();
      plan = roundTrip(tx.plan());
      assertThat(plan.storageOptions()).containsEntry("aws_secret_access_key", "s3cr3t");
      assertThat(plan.toString()).contains("aws_secret_access_key").doesNotContain("s3cr3t");
      Fragment f1 = roundTrip(fragment(plan, 0, 100));
      Fragment f2 = roundTrip(fragment(plan, 100, 250));
      Fragment f3 = roundTrip(fragment(plan, 250, 260));
      Fragment loser = fragment(plan, 1000, 1050);
      assertThat(f2.rows()).isEqualTo(150);
      assertThat(f2.bytes()).isPositive();
      // Before the commit nothing is visible.
      assertIds(a, null);
      WriteTransaction.CommitResult r =
          tx.commit(List.of(f2, f1, f3), WriteTransaction.Mode.APPEND, "three");
      assertThat(r.alreadyCommitted()).isFalse();
      assertThat(r.rows()).isEqualTo(260);
      commit1 = r.commitId();
      assertThat(commit1).isNotNull();
      for (String k : loser.chunkKeys()) {
        assertThat(Files.exists(Path.of(a, k))).as("unchosen chunk %s deleted", k).isFalse();
      }
      for (String k : f1.chunkKeys()) {
        assertThat(Files.exists(Path.of(a, k))).as("chosen chunk %s", k).isTrue();
      }
    }
    assertIds(a, null, concat(range(100, 250), range(0, 100), range(250, 260)));
    try (Dataset ds = Dataset.open(a)) {
      assertThat(ds.tensor("label").info().path("class_names").toString()).contains("cat");
      assertThat(ds.log()).hasSize(2); // the first commit of the creation, then "three"
    }
    // 2. A retry of the same plan (the coordinator lost track of its commit) publishes nothing.
    Fragment again = fragment(plan, 0, 100);
    try (WriteTransaction tx = WriteTransaction.resume(plan, opts())) {
      WriteTransaction.CommitResult r =
          tx.commit(List.of(again), WriteTransaction.Mode.APPEND, "again");
      assertThat(r.alreadyCommitted()).isTrue();
      assertThat(r.rows()).isZero();
    }
    assertIds(a, null, concat(range(100, 250), range(0, 100), range(250, 260)));
    // 3. Two transactions open at once on one branch both land (appends commute).
    try (WriteTransaction t1 = WriteTransaction.begin(a, opts());
        WriteTransaction t2 = WriteTransaction.begin(a, opts())) {
      Fragment x = fragment(t1.plan(), 500, 510);
      Fragment y = fragment(t2.plan(), 600, 605);
      t2.commit(List.of(y));
      t1.commit(List.of(x));
    }
    assertIds(
        a,
        null,
        concat(range(100, 250), range(0, 100), range(250, 260), range(600, 605), range(500, 510)));
    // 4. Overwrite: the new version holds only the fragment's rows; the earlier commit is
    // unchanged.
    try (WriteTransaction tx = WriteTransaction.begin(a, opts())) {
      tx.commit(List.of(fragment(tx.plan(), 7, 10)), WriteTransaction.Mode.OVERWRITE, "overwrite");
    }
    assertIds(a, null, 7, 8, 9);
    assertIds(a, commit1, concat(range(100, 250), range(0, 100), range(250, 260)));
    // 5. Abort deletes the staged chunks; nothing changes.
    try (WriteTransaction tx = WriteTransaction.begin(a, opts())) {
      fragment(tx.plan(), 0, 50);
      assertThat(filesUnder(Path.of(a, "versions", tx.plan().stagingId()))).isPositive();
      tx.abort();
      assertThat(filesUnder(Path.of(a, "versions", tx.plan().stagingId()))).isZero();
    }
    assertIds(a, null, 7, 8, 9);

    // 6. A dataset without commits, written in place (as Python writes a new dataset): the
    // transaction first commits it, then appends.
    String b = dir.resolve("b").toString();
    paths.add(b);
    try (Dataset ds = Dataset.create(b)) {
      for (var e : schema().entrySet()) {
        ds.createTensor(e.getKey(), e.getValue());
      }
      ds.append(row(42));
    }
    try (WriteTransaction tx = WriteTransaction.begin(b, opts(), schema(), "job-1")) {
      assertThat(tx.createdDataset()).isFalse();
      tx.commit(List.of(fragment(tx.plan(), 0, 5)));
    }
    assertIds(b, null, 42, 0, 1, 2, 3, 4);
    try (Dataset ds = Dataset.open(b)) {
      assertThat(ds.log())
          .extracting(c -> c.message())
          .containsExactly(WriteTransaction.FIRST_COMMIT_MESSAGE);
    }

    // 7. Idempotence across a Python commit: Python appends a row on top of the transaction's
    // HEAD and commits it; a retry of the transaction publishes nothing.
    WritePlan planC;
    String c = dir.resolve("c").toString();
    paths.add(c);
    try (WriteTransaction tx = WriteTransaction.begin(c, opts(), schema(), "job-7")) {
      planC = tx.plan();
      tx.commit(List.of(fragment(planC, 0, 3)));
    }
    PythonDeeplake.run(300, "txn_python_steps.py", "row_commit", c, "77");
    try (WriteTransaction tx = WriteTransaction.resume(planC, opts())) {
      assertThat(tx.commit(List.of(fragment(planC, 0, 3))).alreadyCommitted()).isTrue();
    }
    assertIds(c, null, 0, 1, 2, 77);

    // 8. Deletes and updates by base row index commute with a concurrent append (R8); a
    // concurrent delete below them makes the commit conflict, and nothing of it is visible.
    String d = dir.resolve("d").toString();
    paths.add(d);
    try (WriteTransaction tx = WriteTransaction.begin(d, opts(), schema(), null)) {
      tx.commit(List.of(fragment(tx.plan(), 0, 20)), WriteTransaction.Mode.APPEND, "twenty");
    }
    try (WriteTransaction tx = WriteTransaction.begin(d, opts())) {
      Fragment changes;
      try (FragmentWriter w = FragmentWriter.open(tx.plan())) {
        w.delete(7);
        w.delete(3);
        w.update(5, Map.of("id", 500L, "text", "row 500"));
        w.append(row(200));
        w.append(row(201));
        assertThatThrownBy(() -> w.delete(20))
            .isInstanceOf(DeepLakeException.class)
            .hasMessageContaining("row 20");
        changes = roundTrip(w.finish());
      }
      assertThat(changes.deletes()).containsExactly(3, 7);
      // Another writer appends and commits meanwhile.
      try (WriteTransaction other = WriteTransaction.begin(d, opts())) {
        other.commit(
            List.of(fragment(other.plan(), 100, 104)), WriteTransaction.Mode.APPEND, "other");
      }
      tx.commit(List.of(changes), WriteTransaction.Mode.APPEND, "changes");
    }
    long[] afterChanges =
        concat(
            new long[] {0, 1, 2, 4, 500, 6}, range(8, 20), range(100, 104), new long[] {200, 201});
    assertIds(d, null, afterChanges);
    try (WriteTransaction slow = WriteTransaction.begin(d, opts())) {
      Fragment late;
      try (FragmentWriter w = FragmentWriter.open(slow.plan())) {
        w.delete(10);
        w.update(12, Map.of("text", "row 12"));
        late = w.finish();
      }
      try (WriteTransaction fast = WriteTransaction.begin(d, opts())) {
        Fragment first;
        try (FragmentWriter w = FragmentWriter.open(fast.plan())) {
          w.delete(1);
          first = w.finish();
        }
        fast.commit(List.of(first));
      }
      assertThatThrownBy(() -> slow.commit(List.of(late)))
          .isInstanceOf(org.deeplake4j.engine.errors.CommitConflictException.class)
          .hasMessageContaining("changed since this transaction's base");
    }
    long[] afterFast = java.util.stream.LongStream.of(afterChanges).filter(x -> x != 1).toArray();
    assertIds(d, null, afterFast);

    // 9. Python reads every version of every dataset exactly as Java does.
    Map<String, Map<String, Map<String, VersionDigests.Digest>>> java = new LinkedHashMap<>();
    for (String p : paths) {
      java.put(p, VersionDigests.read(p));
    }
    Path out = dir.resolve("py.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    args.addAll(paths);
    PythonDeeplake.run(900, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (String p : paths) {
      VersionDigests.assertPythonReadsTheSame(py.get(p), java.get(p));
    }
  }

  @Test
  void commitsOfForeignFragmentsAndEndedTransactionsAreRefused() throws Exception {
    String a = dir.resolve("x").toString();
    try (WriteTransaction t1 = WriteTransaction.begin(a, opts(), schema(), null);
        WriteTransaction t2 = WriteTransaction.begin(a, opts())) {
      Fragment other = fragment(t2.plan(), 0, 1);
      assertThatThrownBy(() -> t1.commit(List.of(other)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("another transaction");
      Fragment mine = fragment(t1.plan(), 0, 1);
      assertThatThrownBy(() -> t1.commit(List.of(mine, mine)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("listed twice");
      Fragment aborted;
      try (FragmentWriter w = FragmentWriter.open(t1.plan())) {
        w.append(row(5));
        aborted = w.finish();
      }
      for (String k : aborted.chunkKeys()) {
        Files.delete(Path.of(a, k));
      }
      assertThatThrownBy(() -> t1.commit(List.of(mine, aborted)))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("is not stored");
      assertThat(t1.commit(List.of(mine)).rows()).isEqualTo(1);
      assertThatThrownBy(() -> t1.commit(List.of())).isInstanceOf(IllegalStateException.class);
    }
    try (FragmentWriter w = FragmentWriter.open(WriteTransaction.begin(a, opts()).plan())) {
      assertThatThrownBy(() -> w.append(Map.of("id", 1.5)))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("id");
      assertThatThrownBy(() -> w.append(Map.of("nope", 1)))
          .isInstanceOf(DeepLakeException.class)
          .hasMessageContaining("nope");
    }
  }
}
