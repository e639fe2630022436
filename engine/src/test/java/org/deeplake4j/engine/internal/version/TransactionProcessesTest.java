package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions across processes (issue 14): eight writer JVMs write the fragments of one
 * transaction from its serialized plan and the coordinator commits them once, in an order of its
 * choosing, leaving a ninth (speculative) fragment out; two coordinator JVMs with transactions open
 * at once on one branch both land; transactions that do not commute (an append racing the deletion
 * of one of its tensors, two overwrites racing) end with a clean conflict or last-writer-wins, and
 * nothing of a loser is visible at the HEAD.
 */
class TransactionProcessesTest {
  static final int WRITERS = 8;

  @TempDir Path dir;

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);

  /** A dataset of WriteTransactionTest's schema with rows 0..9 committed. */
  private String base(String name) {
    String path = dir.resolve(name).toString();
    try (WriteTransaction tx =
        WriteTransaction.begin(path, WRITABLE, WriteTransactionTest.schema(), null)) {
      tx.commit(
          List.of(TxnProcess.fragment(tx.plan(), null, 0, 10)),
          WriteTransaction.Mode.APPEND,
          "base");
    }
    return path;
  }

  private static String log(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void waitFor(Process p, Path logFile) throws InterruptedException {
    assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("child finished: %s", log(logFile)).isTrue();
    assertThat(p.exitValue()).as("child exit; log: %s", log(logFile)).isZero();
  }

  private static void waitForLine(Process p, Path logFile, String prefix) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (!log(logFile).lines().anyMatch(l -> l.startsWith(prefix))) {
      assertThat(p.isAlive()).as("child alive; log: %s", log(logFile)).isTrue();
      assertThat(System.nanoTime()).as("waiting for '%s'", prefix).isLessThan(end);
      Thread.sleep(20);
    }
  }

  private static String line(Path logFile, String prefix) {
    return log(logFile).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
  }

  private static long[] range(long from, long to) {
    return TransactionFaultsTest.range(from, to);
  }

  private static long[] concat(long[]... parts) {
    return TransactionFaultsTest.concat(parts);
  }

  private static long[] ids(String path) {
    try (Dataset ds = Dataset.open(path)) {
      long[] out = new long[(int) ds.tensor("id").length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ds.tensor("id").numpy(i).getLong(0);
      }
      if (ds.hasTensor("text")) {
        assertThat(ds.tensor("text").length()).isEqualTo(out.length);
        for (int i = 0; i < out.length; i++) {
          assertThat(ds.tensor("text").text(i)).isEqualTo("row " + out[i]);
        }
      }
      return out;
    }
  }

  @Test
  void eightWriterProcessesWriteOneTransactionCommittedOnceInTheChosenOrder() throws Exception {
    String path = base("eight");
    Map<String, Map<String, VersionDigests.Digest>> before = VersionDigests.read(path);
    Path planFile = dir.resolve("plan.bin");
    List<Fragment> fragments = new ArrayList<>();
    Fragment extra;
    long[] expectedRows = new long[WRITERS];
    try (WriteTransaction tx = WriteTransaction.begin(path, WRITABLE)) {
      TxnProcess.write(tx.plan(), planFile);
      List<Process> ps = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        long from = 1000L * (w + 1);
        long to = from + 20 + 7 * w; // fragments of different sizes, several chunks each
        expectedRows[w] = to - from;
        List<String> args = new ArrayList<>(List.of("fragment", planFile.toString()));
        args.addAll(List.of(dir.resolve("f" + w).toString(), "" + from, "" + to));
        if (w == WRITERS - 1) {
          // This task ran twice (speculation): its second fragment is never committed.
          args.addAll(List.of(dir.resolve("extra").toString(), "9000", "9040"));
        }
        ps.add(
            ChildJvm.start(
                dir.resolve("w" + w + ".log"), TxnProcess.class, args.toArray(String[]::new)));
      }
      for (int w = 0; w < WRITERS; w++) {
        waitFor(ps.get(w), dir.resolve("w" + w + ".log"));
        fragments.add(TxnProcess.read(dir.resolve("f" + w)));
      }
      extra = TxnProcess.read(dir.resolve("extra"));
      // Nothing is visible before the commit.
      assertThat(VersionDigests.read(path)).isEqualTo(before);
      List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
      Collections.shuffle(order, new Random(14));
      List<Fragment> chosen = new ArrayList<>();
      List<long[]> expected = new ArrayList<>();
      expected.add(range(0, 10));
      long sum = 0;
      for (int w : order) {
        chosen.add(fragments.get(w));
        long from = 1000L * (w + 1);
        expected.add(range(from, from + expectedRows[w]));
        sum += expectedRows[w];
        assertThat(fragments.get(w).rows()).isEqualTo(expectedRows[w]);
      }
      WriteTransaction.CommitResult r =
          tx.commit(chosen, WriteTransaction.Mode.APPEND, "eight writers " + order);
      assertThat(r.rows()).isEqualTo(sum);
      assertThat(r.alreadyCommitted()).isFalse();
      assertThat(ids(path))
          .as("rows in the committed order %s", order)
          .containsExactly(concat(expected.toArray(long[][]::new)));
      for (String k : extra.chunkKeys()) {
        assertThat(Path.of(path, k)).as("the extra fragment's chunk %s", k).doesNotExist();
      }
      WritePlan plan = TxnProcess.read(planFile);
      try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
        assertThat(again.commit(chosen, WriteTransaction.Mode.APPEND, "again").alreadyCommitted())
            .isTrue();
      }
      assertThat(ids(path)).hasSize((int) (10 + sum));
    }
    Map<String, Map<String, VersionDigests.Digest>> after = VersionDigests.read(path);
    for (var e : before.entrySet()) {
      if (!e.getKey().equals("main")) {
        assertThat(after.get(e.getKey())).isEqualTo(e.getValue());
      }
    }
    assertThat(TransactionFaultsTest.unreferencedChunks(Path.of(path))).isEmpty();
  }

  private Process coordinator(String path, String name, String mode, long from, long to, Path go) {
    return ChildJvm.start(
        dir.resolve(name + ".log"),
        TxnProcess.class,
        "coordinate",
        path,
        mode,
        Long.toString(from),
        Long.toString(to),
        go.toString());
  }

  @Test
  void twoCoordinatorProcessesOnOneBranchBothLand() throws Exception {
    String path = base("two");
    Path go = dir.resolve("go-two");
    Process a = coordinator(path, "a", "APPEND", 100, 130, go);
    Process b = coordinator(path, "b", "APPEND", 200, 215, go);
    waitForLine(a, dir.resolve("a.log"), "ready");
    waitForLine(b, dir.resolve("b.log"), "ready");
    Files.createFile(go); // both transactions are open: commit at once
    waitFor(a, dir.resolve("a.log"));
    waitFor(b, dir.resolve("b.log"));
    assertThat(line(dir.resolve("a.log"), "committed")).isNotNull();
    assertThat(line(dir.resolve("b.log"), "committed")).isNotNull();
    long[] got = ids(path);
    assertThat(got)
        .satisfiesAnyOf(
            g ->
                assertThat(g)
                    .containsExactly(concat(range(0, 10), range(100, 130), range(200, 215))),
            g ->
                assertThat(g)
                    .containsExactly(concat(range(0, 10), range(200, 215), range(100, 130))));
    VersionDigests.read(path);
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.log()).extracting(c -> c.message()).contains("100", "200", "base");
    }
  }

  @Test
  void anAppendRacingTheDeletionOfItsTensorFailsCleanly() throws Exception {
    String path = base("deleted");
    Path go = dir.resolve("go-del");
    Process a = coordinator(path, "append", "APPEND", 100, 130, go);
    waitForLine(a, dir.resolve("append.log"), "ready");
    // Another process deletes a tensor of the transaction's schema and commits first.
    Process d = ChildJvm.start(dir.resolve("delete.log"), TxnProcess.class, "delete", path, "text");
    waitFor(d, dir.resolve("delete.log"));
    Map<String, Map<String, VersionDigests.Digest>> afterDeletion = VersionDigests.read(path);
    Files.createFile(go);
    waitFor(a, dir.resolve("append.log"));
    assertThat(line(dir.resolve("append.log"), "conflict"))
        .as("log: %s", log(dir.resolve("append.log")))
        .isNotNull()
        .contains("text");
    assertThat(VersionDigests.read(path)).as("nothing of the loser").isEqualTo(afterDeletion);
    assertThat(ids(path)).containsExactly(range(0, 10));
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.hasTensor("text")).isFalse();
    }
  }

  @Test
  void twoOverwritesRacingLeaveExactlyOneOfThem() throws Exception {
    String path = base("overwrite");
    Path go = dir.resolve("go-ow");
    Process a = coordinator(path, "ow-a", "OVERWRITE", 100, 130, go);
    Process b = coordinator(path, "ow-b", "OVERWRITE", 200, 215, go);
    waitForLine(a, dir.resolve("ow-a.log"), "ready");
    waitForLine(b, dir.resolve("ow-b.log"), "ready");
    Files.createFile(go);
    waitFor(a, dir.resolve("ow-a.log"));
    waitFor(b, dir.resolve("ow-b.log"));
    boolean aLanded = line(dir.resolve("ow-a.log"), "committed") != null;
    boolean bLanded = line(dir.resolve("ow-b.log"), "committed") != null;
    assertThat(aLanded || bLanded).as("one of them lands").isTrue();
    long[] got = ids(path);
    // The HEAD holds exactly one transaction's rows (the one published last), never a mix, and
    // nothing of the base.
    assertThat(got)
        .satisfiesAnyOf(
            g -> assertThat(g).containsExactly(range(100, 130)),
            g -> assertThat(g).containsExactly(range(200, 215)));
    if (!aLanded) {
      assertThat(got).containsExactly(range(200, 215));
    }
    if (!bLanded) {
      assertThat(got).containsExactly(range(100, 130));
    }
    VersionDigests.read(path);
    try (Dataset ds = Dataset.open(path)) {
      // Every commit is one whole transaction (or the base).
      for (var c : ds.log()) {
        long[] at = idsAt(path, c.id());
        assertThat(at)
            .as("commit %s (%s)", c.id(), c.message())
            .satisfiesAnyOf(
                g -> assertThat(g).containsExactly(range(100, 130)),
                g -> assertThat(g).containsExactly(range(200, 215)),
                g -> assertThat(g).containsExactly(range(0, 10)),
                g -> assertThat(g).isEmpty());
      }
    }
    System.out.println(
        "overwrite race: a "
            + (aLanded ? "landed" : "conflict")
            + ", b "
            + (bLanded ? "landed" : "conflict"));
  }

  private static long[] idsAt(String path, String ref) {
    try (Dataset ds = Dataset.open(path, ref)) {
      long[] out = new long[(int) ds.tensor("id").length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ds.tensor("id").numpy(i).getLong(0);
      }
      return out;
    }
  }
}
