package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.FragmentWriter;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.FaultInjectingStorage;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageException;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions under fault injection (issue 14): the k-th storage operation of any kind
 * (reads, lists, metadata, existence checks, writes, deletes) of (a) writing a fragment, (b)
 * committing a transaction (an append made a Deep Lake commit; an overwrite published as the HEAD)
 * and (c) aborting one fails, for every k until the operation runs past its last one. After each
 * failure every version of the dataset reads consistently (VersionDigests: encoders cover lengths,
 * companions in step) and exactly as before, also after the coordinator closes: no committed row
 * lost, no row of the transaction visible. A failed commit is an I/O or conflict error, or {@link
 * CommitStateUnknownException}; resuming the plan and committing the same fragments then publishes
 * them exactly once. Then vacuum (age 0) runs: every version reads as before it, and every chunk
 * left is one some version references (orphaned staging chunks, failed attempts' private folders
 * are gone). A switch that lands but reports an error is published once, with its commit. A sample
 * of the datasets is read by Python deeplake 3.9.52 (one process).
 */
class TransactionFaultsTest {
  @TempDir Path tmp;

  /** Work folder: on tmpfs when there is one (the loops write ~1000 fsynced files per k). */
  private Path dir;

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);
  private static final Set<FaultInjectingStorage.Op> ALL =
      EnumSet.allOf(FaultInjectingStorage.Op.class);

  @BeforeEach
  void workDir() throws IOException {
    Path shm = Path.of("/dev/shm");
    dir =
        Files.isDirectory(shm) && Files.isWritable(shm)
            ? Files.createTempDirectory(shm, "deeplake4j-txn-faults")
            : tmp;
  }

  @AfterEach
  void removeWorkDir() {
    if (!dir.equals(tmp)) {
      deleteTree(dir);
    }
  }

  /**
   * An int64 tensor (small chunks) and a text tensor with its hidden sample-id companion: three
   * tensor keys, so that every per-tensor storage operation comes up without multiplying the loops.
   */
  static Map<String, TensorSpec> schema() {
    Map<String, TensorSpec> s = new LinkedHashMap<>();
    s.put("id", TensorSpec.generic().withDtype("int64").withMaxChunkSize(256).withoutCompanions());
    s.put("text", TensorSpec.of("text"));
    return s;
  }

  static Fragment fragment(WritePlan plan, Storage s, long from, long to) {
    try (FragmentWriter w = FragmentWriter.open(plan, s)) {
      for (long i = from; i < to; i++) {
        w.append(Map.of("id", i, "text", "row " + i));
      }
      return w.finish();
    }
  }

  /** A base commit with rows 0..39, then rows 40..49 published as the HEAD's uncommitted rows. */
  private Path template() {
    Path p = dir.resolve("template");
    try (WriteTransaction tx = WriteTransaction.begin(p.toString(), WRITABLE, schema(), "t0")) {
      tx.commit(
          List.of(fragment(tx.plan(), tx.dataset().storage(), 0, 40)),
          WriteTransaction.Mode.APPEND,
          "base");
    }
    try (WriteTransaction tx = WriteTransaction.begin(p.toString(), WRITABLE)) {
      tx.commit(List.of(fragment(tx.plan(), tx.dataset().storage(), 40, 50)));
    }
    return p;
  }

  /** The ids at the branch HEAD (text checked against them). */
  static long[] ids(Path path) {
    try (Dataset ds = Dataset.open(path.toString())) {
      long n = ds.tensor("id").length();
      assertThat(ds.tensor("text").length()).isEqualTo(n);
      long[] out = new long[(int) n];
      for (int i = 0; i < n; i++) {
        out[i] = ds.tensor("id").numpy(i).getLong(0);
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + out[i]);
      }
      return out;
    }
  }

  /** Chunk files of the dataset that no version references (Vacuum's own definition). */
  static Set<String> unreferencedChunks(Path p) {
    try (LocalStorage s = new LocalStorage(p)) {
      Set<String> referenced =
          Vacuum.referencedChunks(
              s, VersionGraph.load(s), new HashSet<>(), new java.util.HashMap<>());
      Set<String> out = new TreeSet<>();
      for (String k : s.list("")) {
        if (k.contains("/" + Layout.CHUNKS + "/") && !referenced.contains(k)) {
          out.add(k);
        }
      }
      return out;
    }
  }

  /**
   * Vacuum with age 0 on {@code p}, whose versions read as {@code versions}: afterwards they read
   * the same and no unreferenced chunk is left.
   */
  static List<Vacuum.Entry> vacuumChecked(
      Path p, Map<String, Map<String, VersionDigests.Digest>> versions, String what) {
    List<Vacuum.Entry> deleted;
    try (LocalStorage s = new LocalStorage(p)) {
      deleted = Vacuum.run(s, Duration.ZERO, false, Instant.now().plusSeconds(1));
    }
    assertThat(VersionDigests.read(p.toString()))
        .as("%s: every version reads as before vacuum", what)
        .isEqualTo(versions);
    assertThat(unreferencedChunks(p)).as("%s: unreferenced chunks after vacuum", what).isEmpty();
    return deleted;
  }

  static long[] concat(long[]... parts) {
    return Stream.of(parts).flatMapToLong(Arrays::stream).toArray();
  }

  static long[] range(long from, long to) {
    return LongStream.range(from, to).toArray();
  }

  private static boolean isCommitId(String ref) {
    return ref.equals(VersionGraph.FIRST_COMMIT_ID)
        || (ref.length() == 40 && ref.chars().allMatch(c -> Character.digit(c, 16) >= 0));
  }

  /** Every commit of {@code before} reads the same in {@code now}. */
  private static void commitsUnchanged(
      Map<String, Map<String, VersionDigests.Digest>> before,
      Map<String, Map<String, VersionDigests.Digest>> now,
      String what) {
    for (var e : before.entrySet()) {
      if (isCommitId(e.getKey())) {
        assertThat(now.get(e.getKey()))
            .as("%s: commit %s reads as before", what, e.getKey())
            .isEqualTo(e.getValue());
      }
    }
  }

  // ------------------------------------------------------------------------ (a) fragment writing

  private String fragmentLoop(Path template, List<String> sampled) {
    Map<String, Map<String, VersionDigests.Digest>> before =
        VersionDigests.read(template.toString());
    long[] head = ids(template);
    Map<String, Integer> errors = new TreeMap<>();
    int k = 1;
    int leftChunks = 0;
    for (; ; k++) {
      Path copy = dir.resolve("frag-k" + k);
      Fixtures.copyTree(template, copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      RuntimeException failure = null;
      boolean reached;
      try (WriteTransaction tx = WriteTransaction.begin(fs, WRITABLE)) {
        WritePlan plan = tx.plan();
        fs.failAt(k, ALL);
        Fragment a = null;
        FragmentWriter w = FragmentWriter.open(plan, fs);
        try {
          for (long i = 100; i < 160; i++) {
            w.append(Map.of("id", i, "text", "row " + i));
          }
          a = w.finish();
        } catch (RuntimeException e) {
          failure = e;
          errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
          // Odd k: the task sees the error and aborts its fragment; even k: the task dies and
          // leaves its chunks (garbage for the commit's clean-up and vacuum).
          if (k % 2 == 1) {
            w.abort();
          }
        }
        reached = fs.count() >= k;
        fs.heal();
        String what = "fragment k=" + k + " (" + failure + ")";
        assertThat(failure).as(what).matches(f -> reached == (f instanceof StorageException));
        assertThat(VersionDigests.read(copy.toString()))
            .as("%s: every version reads as before", what)
            .isEqualTo(before);
        if (failure != null && k % 2 == 0 && !unreferencedChunks(copy).isEmpty()) {
          leftChunks++;
        }
        if (a == null) {
          a = fragment(plan, fs, 100, 160); // the task's retry
        }
        Fragment b = fragment(plan, fs, 200, 210);
        WriteTransaction.CommitResult r =
            tx.commit(List.of(b, a), WriteTransaction.Mode.APPEND, "k" + k);
        assertThat(r.rows()).isEqualTo(70);
      }
      assertThat(ids(copy))
          .as("fragment k=%d: rows after the commit", k)
          .containsExactly(concat(head, range(200, 210), range(100, 160)));
      Map<String, Map<String, VersionDigests.Digest>> now = VersionDigests.read(copy.toString());
      commitsUnchanged(before, now, "fragment k=" + k);
      vacuumChecked(copy, now, "fragment k=" + k);
      if (k % 3 == 1 || !reached) {
        sampled.add(copy.toString());
      }
      if (!reached) {
        break;
      }
    }
    assertThat(k).as("fragment writing has operations to fail").isGreaterThan(3);
    return "fragment writing: "
        + (k - 1)
        + " operations failed one by one, errors "
        + errors
        + "; "
        + leftChunks
        + " dead tasks left chunks for the commit's clean-up";
  }

  // ----------------------------------------------------------------------------------- (b) commit

  private record CommitCase(String name, WriteTransaction.Mode mode, String message) {}

  private String commitLoop(Path template, CommitCase cc, List<String> sampled) {
    Map<String, Map<String, VersionDigests.Digest>> before =
        VersionDigests.read(template.toString());
    long[] head = ids(template);
    long[] expected =
        cc.mode() == WriteTransaction.Mode.APPEND
            ? concat(head, range(200, 210), range(100, 160))
            : concat(range(200, 210), range(100, 160));
    Map<String, Integer> errors = new TreeMap<>();
    int retried = 0;
    int k = 1;
    long t0 = System.nanoTime();
    for (; ; k++) {
      Path copy = dir.resolve(cc.name() + "-k" + k);
      Fixtures.copyTree(template, copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      RuntimeException failure = null;
      boolean reached;
      WritePlan plan;
      List<Fragment> chosen;
      Fragment extra;
      try (WriteTransaction tx = WriteTransaction.begin(fs, WRITABLE)) {
        plan = tx.plan();
        Fragment a = fragment(plan, fs, 100, 160);
        Fragment b = fragment(plan, fs, 200, 210);
        extra = fragment(plan, fs, 900, 905); // a speculative attempt, never committed
        chosen = List.of(b, a);
        fs.failAt(k, ALL);
        try {
          WriteTransaction.CommitResult r = tx.commit(chosen, cc.mode(), cc.message());
          assertThat(r.alreadyCommitted()).isFalse();
          assertThat(r.rows()).isEqualTo(70);
        } catch (RuntimeException e) {
          failure = e;
          errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
        reached = fs.count() >= k;
        fs.heal();
        if (failure != null && !(failure instanceof CommitStateUnknownException) && k % 2 == 1) {
          // Odd k: the same coordinator commits again after the error (nothing was published).
          assertThat(VersionDigests.read(copy.toString()))
              .as("%s k=%d (%s): nothing published", cc.name(), k, failure)
              .isEqualTo(before);
          WriteTransaction.CommitResult r = tx.commit(chosen, cc.mode(), cc.message());
          assertThat(r.alreadyCommitted()).isFalse();
          assertThat(r.rows()).isEqualTo(70);
          retried++;
          failure = null;
        }
      } // the coordinator closes (healthy storage): publishes nothing more
      String what = cc.name() + " k=" + k + " (" + failure + ")";
      if (failure == null) {
        assertThat(ids(copy)).as(what).containsExactly(expected);
      } else {
        // Even k, or an unknown outcome (the handle refuses to go on): the coordinator gave up.
        assertThat(failure)
            .as(what)
            .isInstanceOfAny(
                StorageException.class,
                CommitConflictException.class,
                CommitStateUnknownException.class);
        // The injected fault fails an operation before it happens: no switch landed.
        assertThat(VersionDigests.read(copy.toString()))
            .as("%s: nothing published", what)
            .isEqualTo(before);
        // A new coordinator resumes the plan and commits the same fragments: published once,
        // without waiting for a lock the failed attempt left behind.
        long r0 = System.nanoTime();
        try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
          WriteTransaction.CommitResult r = again.commit(chosen, cc.mode(), cc.message());
          assertThat(r.alreadyCommitted()).as(what).isFalse();
          assertThat(r.rows()).isEqualTo(70);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - r0))
            .as("%s: resumed without waiting out a lock", what)
            .isLessThan(Duration.ofSeconds(5));
        assertThat(ids(copy)).as("%s: after resume", what).containsExactly(expected);
      }
      // Committing again publishes nothing.
      try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
        assertThat(again.commit(chosen, cc.mode(), cc.message()).alreadyCommitted()).isTrue();
      }
      assertThat(ids(copy)).as("%s: published once", what).containsExactly(expected);
      if (cc.message() != null) {
        try (Dataset ds = Dataset.open(copy.toString())) {
          assertThat(ds.log().get(0).message()).as(what).isEqualTo(cc.message());
        }
      }
      Map<String, Map<String, VersionDigests.Digest>> now = VersionDigests.read(copy.toString());
      commitsUnchanged(before, now, what);
      vacuumChecked(copy, now, what);
      for (String key : extra.chunkKeys()) {
        assertThat(copy.resolve(key)).as("%s: extra fragment's chunk", what).doesNotExist();
      }
      if (k % 10 == 1 || !reached) {
        sampled.add(copy.toString());
      }
      if (!reached) {
        break;
      }
    }
    assertThat(k).as("%s has operations to fail", cc.name()).isGreaterThan(10);
    assertThat(retried).isPositive();
    return String.format(
        "%s: %d operations failed one by one, errors %s; %d retried by the same coordinator,"
            + " the others resumed (%.1f s)",
        cc.name(), k - 1, errors, retried, (System.nanoTime() - t0) / 1e9);
  }

  // ------------------------------------------------------------------------------------ (c) abort

  private String abortLoop(Path template, List<String> sampled) {
    Map<String, Map<String, VersionDigests.Digest>> before =
        VersionDigests.read(template.toString());
    Map<String, Integer> errors = new TreeMap<>();
    int k = 1;
    for (; ; k++) {
      Path copy = dir.resolve("abort-k" + k);
      Fixtures.copyTree(template, copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      RuntimeException failure = null;
      boolean reached;
      WritePlan plan;
      List<String> staged = new ArrayList<>();
      try (WriteTransaction tx = WriteTransaction.begin(fs, WRITABLE)) {
        plan = tx.plan();
        staged.addAll(fragment(plan, fs, 100, 160).chunkKeys());
        staged.addAll(fragment(plan, fs, 200, 210).chunkKeys());
        fs.failAt(k, ALL);
        try {
          tx.abort();
        } catch (RuntimeException e) {
          failure = e;
          errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
        }
        reached = fs.count() >= k;
        fs.heal();
      }
      String what = "abort k=" + k + " (" + failure + ")";
      assertThat(failure).as(what).matches(f -> reached == (f instanceof StorageException));
      assertThat(VersionDigests.read(copy.toString())).as(what).isEqualTo(before);
      if (failure != null && k % 2 == 0) {
        // A new coordinator aborts again; odd k: the rest is left to vacuum.
        try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
          again.abort();
        }
        for (String key : staged) {
          assertThat(copy.resolve(key)).as("%s: staged chunk after abort", what).doesNotExist();
        }
      }
      vacuumChecked(copy, before, what);
      for (String key : staged) {
        assertThat(copy.resolve(key)).as("%s: staged chunk after vacuum", what).doesNotExist();
      }
      if (k % 3 == 1 || !reached) {
        sampled.add(copy.toString());
      }
      if (!reached) {
        break;
      }
    }
    assertThat(k).as("abort has operations to fail").isGreaterThan(3);
    return "abort: " + (k - 1) + " operations failed one by one, errors " + errors;
  }

  @Test
  void everyFailedOperationOfAWriteTransactionLeavesEveryVersionConsistent() throws Exception {
    Path template = template();
    List<String> report = new ArrayList<>();
    List<String> sampled = Collections.synchronizedList(new ArrayList<>());
    // Two loops at a time (each k works on its own copy): most of a k's time is the 10 ms lock
    // verification waits, which overlap.
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<String> append =
          pool.submit(
              () ->
                  commitLoop(
                      template,
                      new CommitCase("append+commit", WriteTransaction.Mode.APPEND, "txn"),
                      sampled));
      Future<List<String>> others =
          pool.submit(
              () ->
                  List.of(
                      fragmentLoop(template, sampled),
                      abortLoop(template, sampled),
                      commitLoop(
                          template,
                          new CommitCase(
                              "overwrite-as-head", WriteTransaction.Mode.OVERWRITE, null),
                          sampled)));
      report.addAll(join(others));
      report.add(join(append));
    } finally {
      pool.shutdownNow();
    }
    report.forEach(System.out::println);
    Map<String, Map<String, Map<String, VersionDigests.Digest>>> java = new LinkedHashMap<>();
    for (String p : sampled) {
      java.put(p, VersionDigests.read(p));
    }
    Path out = dir.resolve("python.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    args.addAll(java.keySet());
    PythonDeeplake.run(1200, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (var e : java.entrySet()) {
      VersionDigests.assertPythonReadsTheSame(py.get(e.getKey()), e.getValue());
    }
  }

  private static <T> T join(Future<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw (Exception) e.getCause();
    }
  }

  /**
   * A fragment writer writes each chunk once it is full, while appending (its memory holds one open
   * chunk per tensor, not the whole fragment); a failed chunk write surfaces at the append that
   * filled the chunk, and the chunk stays staged: a writer that goes on still finishes a complete
   * fragment.
   */
  @Test
  void fragmentChunksReachStorageWhileAppendingAndAFailedOneIsWrittenLater() {
    Path template = template();
    long[] head = ids(template);
    FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(template));
    try (WriteTransaction tx = WriteTransaction.begin(fs, WRITABLE)) {
      fs.failAt(2, FaultInjectingStorage.WRITES);
      int failed = 0;
      FragmentWriter w = FragmentWriter.open(tx.plan(), fs);
      for (long i = 100; i < 400; i++) {
        try {
          w.append(Map.of("id", i, "text", "row " + i));
        } catch (StorageException e) {
          failed++;
        }
      }
      assertThat(failed).as("the failed chunk write surfaced while appending").isEqualTo(1);
      assertThat(fs.count())
          .as("full chunks (32 ids each) were written while appending")
          .isGreaterThanOrEqualTo(8);
      Fragment f = w.finish();
      assertThat(f.rows()).isEqualTo(300);
      tx.commit(List.of(f), WriteTransaction.Mode.APPEND, "all there");
    }
    assertThat(ids(template)).containsExactly(concat(head, range(100, 400)));
    VersionDigests.read(template.toString());
  }

  // -------------------------------------------------------------- a switch that lands, then fails

  /**
   * The conditional write of {@code version_control_info.json} happens, then reports an I/O error
   * (a lost response): the outcome is unknown to the writer, but the version is published.
   */
  private static final class LandThenFail extends ForwardingStorage {
    final AtomicBoolean armed = new AtomicBoolean();

    LandThenFail(Storage delegate) {
      super(delegate);
    }

    @Override
    public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
      boolean ok = super.putIfMatch(key, data, expectedVersion);
      if (ok && key.equals(VersionGraph.VERSION_INFO_KEY) && armed.getAndSet(false)) {
        throw new StorageException("injected: response of the switch lost, " + key);
      }
      return ok;
    }
  }

  @Test
  void aSwitchThatLandsButReportsAnErrorIsPublishedOnceWithItsCommit() {
    Path template = template();
    long[] head = ids(template);
    for (WriteTransaction.Mode mode : WriteTransaction.Mode.values()) {
      Path copy = dir.resolve("landed-" + mode);
      Fixtures.copyTree(template, copy);
      LandThenFail s = new LandThenFail(new LocalStorage(copy));
      WritePlan plan;
      List<Fragment> chosen;
      try (WriteTransaction tx = WriteTransaction.begin(s, WRITABLE)) {
        plan = tx.plan();
        chosen = List.of(fragment(plan, s, 100, 160), fragment(plan, s, 200, 210));
        s.armed.set(true);
        assertThatThrownBy(() -> tx.commit(chosen, mode, "landed"))
            .isInstanceOf(CommitStateUnknownException.class);
        // The handle refuses to go on; closing it publishes nothing more.
        assertThatThrownBy(() -> tx.commit(chosen, mode, "landed"))
            .isInstanceOf(RuntimeException.class);
      }
      long[] expected =
          mode == WriteTransaction.Mode.APPEND
              ? concat(head, range(100, 160), range(200, 210))
              : concat(range(100, 160), range(200, 210));
      assertThat(ids(copy)).as("%s: published once", mode).containsExactly(expected);
      try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
        WriteTransaction.CommitResult r = again.commit(chosen, mode, "landed");
        assertThat(r.alreadyCommitted()).isTrue();
        assertThat(r.rows()).isZero();
      }
      try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
        assertThatThrownBy(again::abort)
            .isInstanceOf(DeepLakeException.class)
            .hasMessageContaining("is committed");
      }
      assertThat(ids(copy)).as("%s: still once", mode).containsExactly(expected);
      try (Dataset ds = Dataset.open(copy.toString())) {
        assertThat(ds.log().get(0).message()).isEqualTo("landed");
      }
      Map<String, Map<String, VersionDigests.Digest>> now = VersionDigests.read(copy.toString());
      vacuumChecked(copy, now, "landed " + mode);
    }
  }

  /**
   * The same for a plain {@link Dataset#commit}: the appended rows are there once (closing the
   * handle used to publish its private node again as the HEAD, which found a parent cycle).
   */
  @Test
  void aPlainCommitWhoseSwitchLandsButReportsAnErrorIsThereOnce() {
    Path template = template();
    long[] head = ids(template);
    LandThenFail s = new LandThenFail(new LocalStorage(template));
    try (Dataset ds = Dataset.open(s, WRITABLE)) {
      for (long i = 300; i < 305; i++) {
        ds.append(Map.of("id", i, "text", "row " + i));
      }
      s.armed.set(true);
      assertThatThrownBy(() -> ds.commit("plain")).isInstanceOf(CommitStateUnknownException.class);
      // The handle refuses to write on (P4), an explicit flush too; closing it writes nothing.
      assertThatThrownBy(ds::flush).hasMessageContaining("reopen the dataset");
    }
    assertThat(ids(template)).containsExactly(concat(head, range(300, 305)));
    VersionDigests.read(template.toString());
  }

  static void deleteTree(Path p) {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(f);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
