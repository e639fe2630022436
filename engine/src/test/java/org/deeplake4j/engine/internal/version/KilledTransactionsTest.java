package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Fragment;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.WritePlan;
import org.deeplake4j.engine.WriteTransaction;
import org.deeplake4j.engine.testing.ChildJvm;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Write transactions whose processes are killed with SIGKILL (issue 14): a fragment writer JVM
 * killed while writing its chunks, and a coordinator JVM killed while committing, each at a random
 * storage write (the child stops before its k-th write and the test kills it there, so every kill
 * point of the calibrated range can come up). After each kill the dataset reads consistently at
 * every version, every committed transaction's rows are there once and in order, the killed
 * transaction's rows are all there or none; the coordinator's plan is then resumed (a killed commit
 * is committed again, exactly once) or the task retried, or the transaction aborted or abandoned.
 * At the end vacuum removes the orphaned chunks and nothing any version reads, and Python deeplake
 * 3.9.52 reads the dataset as it was after every kill, and at the end, as Java does (one process).
 *
 * <p>CI runs {@link #TRIALS} kills (system property {@code deeplake4j.txnKillTrials}); the Maven
 * profile {@code txn-kills} runs 24 (BENCHMARKS.md, "Write transactions: killed writers").
 */
class KilledTransactionsTest {
  static final int TRIALS = Integer.getInteger("deeplake4j.txnKillTrials", 4);
  static final long ROWS = 150;

  @TempDir Path dir;

  private static final OpenOptions WRITABLE = TxnProcess.WRITABLE;

  private record Trial(int n, String phase, String point, String outcome, long millis) {}

  private static String log(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String line(Path logFile, String prefix) {
    return log(logFile).lines().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
  }

  /**
   * Where a child paused: "write K of N: KEY" (N: the calibrated count; null: the first write after
   * the switch), node ids and chunk names abstracted.
   */
  private static String point(Path logFile, Long of) {
    String[] p = line(logFile, "paused").split(" ");
    String key =
        p[2].replaceAll("[0-9a-f]{40}", "<node>").replaceAll("/chunks/[0-9a-f]+$", "/chunks/<id>");
    return (of == null ? "first write after the switch" : "write " + p[1] + " of " + of)
        + ": "
        + key;
  }

  /** Waits until the child pauses before its K-th write (then kills it: true) or exits (false). */
  private static boolean killWhenPaused(Process p, Path logFile) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (true) {
      if (line(logFile, "paused") != null) {
        p.destroyForcibly(); // SIGKILL
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return true;
      }
      if (!p.isAlive()) {
        assertThat(p.exitValue()).as("child exit; log: %s", log(logFile)).isZero();
        return false;
      }
      assertThat(System.nanoTime()).as("child log: %s", log(logFile)).isLessThan(end);
      Thread.sleep(5);
    }
  }

  private static long[] ids(String path) {
    try (Dataset ds = Dataset.open(path)) {
      long[] out = new long[(int) ds.tensor("id").length()];
      for (int i = 0; i < out.length; i++) {
        out[i] = ds.tensor("id").numpy(i).getLong(0);
      }
      for (String t : List.of("text", "label", "emb")) {
        assertThat(ds.tensor(t).length()).as("%s in step with id", t).isEqualTo(out.length);
      }
      for (int i = 0; i < out.length; i++) {
        assertThat(ds.tensor("text").text(i)).isEqualTo("row " + out[i]);
      }
      return out;
    }
  }

  private static long[] expected(List<long[]> committed) {
    return TransactionFaultsTest.concat(committed.toArray(long[][]::new));
  }

  private static long[] range(long from, long to) {
    return TransactionFaultsTest.range(from, to);
  }

  /** Chunks under a transaction's staging folder that no version references. */
  private static List<String> orphansOf(String path, WritePlan plan) {
    return TransactionFaultsTest.unreferencedChunks(Path.of(path)).stream()
        .filter(k -> k.startsWith("versions/" + plan.stagingId() + "/"))
        .toList();
  }

  @Test
  void killedFragmentWritersAndCoordinatorsLeaveEveryVersionConsistent() throws Exception {
    String path = dir.resolve("ds").toString();
    try (WriteTransaction tx =
        WriteTransaction.begin(path, WRITABLE, WriteTransactionTest.schema(), null)) {
      tx.commit(
          List.of(TxnProcess.fragment(tx.plan(), null, 0, 10)),
          WriteTransaction.Mode.APPEND,
          "base");
    }
    List<long[]> committed = new ArrayList<>(List.of(range(0, 10)));
    List<WritePlan> plans = new ArrayList<>();
    List<Trial> trials = new ArrayList<>();
    List<String> snapshots = new ArrayList<>();
    Random rnd = new Random(Long.getLong("deeplake4j.txnKillSeed", 20261214L));
    long fragmentWrites = -1;
    long commitWrites = -1;
    int commitTrials = 0;
    // Trials 1 and 2 calibrate (nothing killed): how many writes a commit and a fragment make.
    for (int n = 1; n <= TRIALS + 2; n++) {
      long t0 = System.nanoTime();
      long from = 1000L * n;
      long to = from + ROWS;
      Path childLog = dir.resolve("t" + n + ".log");
      boolean fragmentPhase = n % 2 == 0;
      String outcome;
      String point = "-";
      if (fragmentPhase) {
        // A fragment writer (a Spark task) is killed while writing its chunks.
        long of = fragmentWrites;
        long k = of < 0 ? Long.MAX_VALUE : 1 + rnd.nextInt((int) of);
        try (WriteTransaction tx = WriteTransaction.begin(path, WRITABLE)) {
          WritePlan plan = tx.plan();
          plans.add(plan);
          Path planFile = dir.resolve("t" + n + ".plan");
          TxnProcess.write(plan, planFile);
          Path out = dir.resolve("t" + n + ".frag");
          Map<String, Map<String, VersionDigests.Digest>> before = VersionDigests.read(path);
          Process p =
              ChildJvm.start(
                  childLog,
                  TxnProcess.class,
                  "killable-fragment",
                  planFile.toString(),
                  out.toString(),
                  "" + from,
                  "" + to,
                  "" + k);
          boolean killed = killWhenPaused(p, childLog);
          if (killed) {
            point = point(childLog, of);
          } else {
            fragmentWrites = Long.parseLong(line(childLog, "done").split(" ")[1]);
          }
          assertThat(VersionDigests.read(path))
              .as("trial %d: nothing visible", n)
              .isEqualTo(before);
          snapshots.add(snapshot(path, n));
          Fragment f = killed ? null : TxnProcess.read(out);
          switch (killed ? n / 2 % 3 : 0) {
            case 0 -> {
              // The task is retried (in this JVM when it was killed) and the transaction commits.
              if (f == null) {
                f = TxnProcess.fragment(plan, null, from, to);
              }
              tx.commit(List.of(f), WriteTransaction.Mode.APPEND, TxnProcess.message(from));
              committed.add(range(from, to));
              assertThat(orphansOf(path, plan))
                  .as("trial %d: the killed attempt's chunks are dropped by the commit", n)
                  .isEmpty();
              outcome = killed ? "fragment writer killed; task retried, committed" : "calibration";
            }
            case 1 -> {
              tx.abort();
              assertThat(orphansOf(path, plan)).as("trial %d: abort", n).isEmpty();
              outcome = "fragment writer killed; transaction aborted";
            }
            default -> outcome = "fragment writer killed; transaction abandoned (for vacuum)";
          }
        }
      } else {
        // The coordinator is killed while committing: at a random write, or (every third time)
        // right after its switch, before the clean-up and before it could report the commit.
        long of = commitWrites;
        commitTrials++;
        String k =
            of < 0
                ? Long.toString(Long.MAX_VALUE)
                : commitTrials % 3 == 0 ? "after-switch" : Long.toString(1 + rnd.nextInt((int) of));
        String state = dir.resolve("t" + n).toString();
        Process p =
            ChildJvm.start(
                childLog,
                TxnProcess.class,
                "killable-commit",
                path,
                state,
                "" + from,
                "" + to,
                "3",
                "" + k);
        boolean killed = killWhenPaused(p, childLog);
        WritePlan plan = TxnProcess.read(Path.of(state + ".plan"));
        plans.add(plan);
        List<Fragment> frags = TxnProcess.read(Path.of(state + ".frags"));
        if (killed) {
          point = point(childLog, k.equals("after-switch") ? null : of);
        } else {
          String[] c = line(childLog, "committed").split(" ");
          commitWrites = Long.parseLong(c[c.length - 1]);
        }
        long[] now = ids(path); // consistent; all of the transaction or nothing
        VersionDigests.read(path);
        snapshots.add(snapshot(path, n));
        List<long[]> withIt = new ArrayList<>(committed);
        withIt.add(range(from, to));
        boolean landed = java.util.Arrays.equals(now, expected(withIt));
        if (!landed) {
          assertThat(now)
              .as("trial %d: rows after the kill", n)
              .containsExactly(expected(committed));
        }
        // A new coordinator resumes the plan and commits the same fragments.
        long r0 = System.nanoTime();
        try (WriteTransaction again = WriteTransaction.resume(plan, WRITABLE)) {
          WriteTransaction.CommitResult r =
              again.commit(frags, WriteTransaction.Mode.APPEND, TxnProcess.message(from));
          assertThat(r.alreadyCommitted()).as("trial %d", n).isEqualTo(landed);
        }
        long resumeMs = (System.nanoTime() - r0) / 1_000_000;
        committed = withIt;
        outcome =
            !killed
                ? "calibration"
                : (landed
                        ? "coordinator killed after its switch; resume found it committed"
                        : "coordinator killed before its switch; resume committed it")
                    + (resumeMs > 5000
                        ? " (resume waited " + resumeMs / 1000 + " s for the short lock)"
                        : "");
        assertThat(orphansOf(path, plan)).as("trial %d", n).isEmpty();
        if (TxnProcess.message(from) != null) {
          try (Dataset ds = Dataset.open(path)) {
            assertThat(ds.log())
                .extracting(c -> c.message())
                .as("trial %d: the commit once", n)
                .containsOnlyOnce(TxnProcess.message(from));
          }
        }
      }
      assertThat(ids(path))
          .as("trial %d: committed rows once, in order", n)
          .containsExactly(expected(committed));
      VersionDigests.read(path);
      trials.add(
          new Trial(
              n,
              fragmentPhase ? "fragment" : "commit",
              point,
              outcome,
              (System.nanoTime() - t0) / 1_000_000));
    }
    // Vacuum: the orphans of killed writers go, nothing any version reads does.
    Map<String, Map<String, VersionDigests.Digest>> versions = VersionDigests.read(path);
    List<Vacuum.Entry> deleted =
        TransactionFaultsTest.vacuumChecked(Path.of(path), versions, "vacuum");
    for (WritePlan plan : plans) {
      assertThat(orphansOf(path, plan)).isEmpty();
    }
    assertThat(ids(path)).containsExactly(expected(committed));
    // Python reads every snapshot and the end state as Java does.
    Map<String, Map<String, Map<String, VersionDigests.Digest>>> java = new LinkedHashMap<>();
    for (String s : snapshots) {
      java.put(s, VersionDigests.read(s));
    }
    java.put(path, versions);
    Path out = dir.resolve("python.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    args.addAll(java.keySet());
    PythonDeeplake.run(1800, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (var e : java.entrySet()) {
      VersionDigests.assertPythonReadsTheSame(py.get(e.getKey()), e.getValue());
    }
    Map<String, Integer> outcomes = new TreeMap<>();
    for (Trial t : trials) {
      System.out.printf(
          "| %d | %s | %s | %s | %d |%n", t.n(), t.phase(), t.point(), t.outcome(), t.millis());
      outcomes.merge(t.outcome().replaceAll(" \\(resume waited.*", ""), 1, Integer::sum);
    }
    System.out.println(
        "outcomes "
            + outcomes
            + "; vacuum deleted "
            + deleted.size()
            + " files, "
            + deleted.stream().filter(Vacuum.Entry::chunk).count()
            + " of them chunks");
  }

  /** A copy of the dataset as the kill left it, for Python. */
  private String snapshot(String path, int n) {
    Path s = dir.resolve("snap-" + n);
    Fixtures.copyTree(Path.of(path), s);
    return s.toString();
  }
}
