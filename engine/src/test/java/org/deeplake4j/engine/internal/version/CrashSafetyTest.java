package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.FaultInjectingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash safety by fault injection: the k-th storage write of an operation (append + flush, commit,
 * branch creation, merge) fails, for every k until the operation runs past its last write. After
 * each failure the dataset, reopened with a plain storage, must read consistently at every version
 * (encoders cover their lengths, companions in step, every sample readable), every version that
 * existed before must read as before (no committed sample lost), and every version must be one the
 * operation could have produced (the state before or after it). A sample of the k's is also read by
 * Python deeplake 3.9.52 (read_versions.py, with its integrity check).
 */
class CrashSafetyTest {
  @TempDir Path dir;

  private static final OpenOptions WRITABLE = OpenOptions.defaults().withReadOnly(false);

  /** Tensors whose samples are random ids: compared by length only. */
  private static boolean randomIds(String tensor) {
    return tensor.startsWith("_") && tensor.endsWith("_id");
  }

  private static void rows(Dataset ds, long from, int n) {
    for (long i = from; i < from + n; i++) {
      ds.append(Map.of("v", i, "t", "row" + i));
    }
  }

  private Path template(String name, boolean committed, boolean branched) {
    Path p = dir.resolve("template-" + name);
    try (Dataset ds = Dataset.create(p.toString())) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64").withMaxChunkSize(64));
      ds.createTensor("t", TensorSpec.of("text"));
      rows(ds, 0, 5);
      if (committed) {
        ds.commit("base");
        rows(ds, 5, 2);
        ds.commit("second");
      }
      if (branched) {
        ds.checkout("alt", true);
        rows(ds, 100, 3);
        ds.commit("on alt");
        ds.checkout("main");
        rows(ds, 200, 1);
        ds.commit("on main");
      }
    }
    return p;
  }

  /** One scenario: a template, staged setup on a healthy handle, the operation under faults. */
  private record Scenario(
      String name, Path template, Consumer<Dataset> setup, Consumer<Dataset> op) {}

  private static Map<String, Map<String, VersionDigests.Digest>> comparable(
      Map<String, Map<String, VersionDigests.Digest>> versions) {
    Map<String, Map<String, VersionDigests.Digest>> out = new TreeMap<>();
    versions.forEach(
        (ref, tensors) -> {
          Map<String, VersionDigests.Digest> m = new TreeMap<>();
          tensors.forEach(
              (t, d) -> m.put(t, randomIds(t) ? new VersionDigests.Digest(d.length(), "") : d));
          out.put(ref, m);
        });
    return out;
  }

  /** Runs the operation healthy once: the states it may leave behind. */
  private Set<Map<String, VersionDigests.Digest>> after(Scenario s) {
    Path copy = dir.resolve(s.name() + "-healthy");
    Fixtures.copyTree(s.template(), copy);
    try (Dataset ds = Dataset.open(new LocalStorage(copy), WRITABLE)) {
      s.setup().accept(ds);
      s.op().accept(ds);
    }
    return new HashSet<>(comparable(VersionDigests.read(copy.toString())).values());
  }

  /** Fault loop of one scenario; returns the copies sampled for Python. */
  private List<String> faultLoop(Scenario s, List<String> report) {
    Map<String, Map<String, VersionDigests.Digest>> before =
        comparable(VersionDigests.read(s.template().toString()));
    Set<Map<String, VersionDigests.Digest>> allowed = new HashSet<>(before.values());
    allowed.addAll(after(s));
    List<String> sampled = new ArrayList<>();
    Map<String, Integer> errors = new TreeMap<>();
    int k = 1;
    for (; ; k++) {
      Path copy = dir.resolve(s.name() + "-k" + k);
      Fixtures.copyTree(s.template(), copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      Dataset ds = Dataset.open(fs, WRITABLE);
      s.setup().accept(ds);
      fs.failAt(k, FaultInjectingStorage.WRITES);
      RuntimeException failure = null;
      try {
        s.op().accept(ds);
      } catch (RuntimeException e) {
        failure = e;
        errors.merge(e.getClass().getSimpleName(), 1, Integer::sum);
      }
      boolean reached = fs.count() >= k;
      if (failure == null) {
        fs.heal();
        ds.close();
      } else {
        die(ds, fs);
      }
      // Reopen with a plain storage: every version consistent (VersionDigests.read asserts it).
      Map<String, Map<String, VersionDigests.Digest>> now =
          comparable(VersionDigests.read(copy.toString()));
      for (var e : before.entrySet()) {
        if (now.containsKey(e.getKey()) && !isBranch(e.getKey())) {
          assertThat(now.get(e.getKey()))
              .as("%s k=%d: commit %s reads as before", s.name(), k, e.getKey())
              .isEqualTo(e.getValue());
        } else if (!isBranch(e.getKey())) {
          assertThat(now)
              .as("%s k=%d: commit %s still exists", s.name(), k, e.getKey())
              .containsKey(e.getKey());
        }
      }
      for (var e : now.entrySet()) {
        assertThat(allowed)
            .as(
                "%s k=%d (%s): version %s is a state before or after the operation",
                s.name(), k, failure, e.getKey())
            .contains(e.getValue());
      }
      if (k % 4 == 1 || !reached) {
        sampled.add(copy.toString());
      }
      if (!reached) {
        break; // the operation ran past its last write without meeting the fault
      }
    }
    report.add(s.name() + ": " + (k - 1) + " writes failed one by one, errors " + errors);
    assertThat(k).as("%s has writes to fail", s.name()).isGreaterThan(2);
    return sampled;
  }

  /**
   * The writer "dies": every further write fails, so closing it writes nothing (and stops its lock
   * refresh thread, which would otherwise keep writing into the copy).
   */
  private static void die(Dataset ds, FaultInjectingStorage fs) {
    fs.failFrom(1, FaultInjectingStorage.WRITES);
    try {
      ds.close();
    } catch (RuntimeException expected) {
      // nothing can be written
    }
    fs.heal();
  }

  private static boolean isBranch(String ref) {
    boolean commitId =
        ref.equals(VersionGraph.FIRST_COMMIT_ID)
            || (ref.length() == 40 && ref.chars().allMatch(c -> Character.digit(c, 16) >= 0));
    return !commitId;
  }

  /**
   * L4: before the first commit the root HEAD is written in place, so a failed write can tear a
   * flush; a writer opening the root repairs it (rolls the torn rows back) before writing. After
   * that repair every tensor reads as before or after the flush, every companion is in step with
   * its tensor, and Python's integrity check passes.
   */
  @Test
  void aTornFlushAtTheRootIsRolledBackByTheNextWriter() {
    Path root = template("root", false, false);
    Map<String, VersionDigests.Digest> before =
        comparable(VersionDigests.read(root.toString())).get("main");
    Scenario s =
        new Scenario(
            "root append+flush",
            root,
            ds -> {},
            ds -> {
              rows(ds, 50, 3);
              ds.flush();
            });
    Set<Map<String, VersionDigests.Digest>> afterStates = after(s);
    Map<String, VersionDigests.Digest> after = afterStates.iterator().next();
    List<String> sampled = new ArrayList<>();
    int k = 1;
    int torn = 0;
    for (; ; k++) {
      Path copy = dir.resolve("root-k" + k);
      Fixtures.copyTree(root, copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      Dataset ds = Dataset.open(fs, WRITABLE);
      fs.failAt(k, FaultInjectingStorage.WRITES);
      RuntimeException failure = null;
      try {
        s.op().accept(ds);
      } catch (RuntimeException e) {
        failure = e;
      }
      boolean reached = fs.count() >= k;
      if (failure == null) {
        fs.heal();
        ds.close();
      } else {
        die(ds, fs);
      }
      // The dead writer's exclusive lock stays until it expires (300 s): let that time pass.
      try (LocalStorage plain = new LocalStorage(copy)) {
        DatasetLock.LockRecord r = DatasetLock.read(plain, "dataset_lock.lock");
        if (r != null) {
          plain.put(
              "dataset_lock.lock",
              new DatasetLock.LockRecord(r.nodeId(), r.expiresAt() - 301, r.tag()).toBytes());
        }
      }
      // The next writer repairs, then appends one more row to every tensor.
      try (Dataset next = Dataset.open(copy.toString(), WRITABLE)) {
        long v = next.tensor("v").length();
        long t = next.tensor("t").length();
        torn += v != t ? 1 : 0;
        Map<String, VersionDigests.Digest> repaired =
            comparable(Map.of("x", VersionDigests.atVersion(next))).get("x");
        for (var e : repaired.entrySet()) {
          assertThat(e.getValue())
              .as("k=%d (%s): %s reads as before or after the flush", k, failure, e.getKey())
              .isIn(before.get(e.getKey()), after.get(e.getKey()));
        }
        next.tensor("v").append(999L);
        next.tensor("t").append("after repair");
        assertThat(next.tensor("v").numpy(v).getLong(0)).isEqualTo(999L);
        assertThat(next.tensor("t").text(t)).isEqualTo("after repair");
      }
      VersionDigests.read(copy.toString());
      if (k % 4 == 1 || !reached) {
        sampled.add(copy.toString());
      }
      if (!reached) {
        break;
      }
    }
    System.out.println(
        "root append+flush: "
            + (k - 1)
            + " writes failed one by one, "
            + torn
            + " left v and t at different lengths (each in step with its companions)");
    Path out = dir.resolve("python-root.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    args.addAll(sampled);
    PythonDeeplake.run(1200, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (String p : sampled) {
      VersionDigests.assertPythonReadsTheSame(py.get(p), VersionDigests.read(p));
    }
  }

  @Test
  void everyFailedWriteLeavesEveryVersionConsistent() {
    Path committed = template("committed", true, false);
    Path branched = template("branched", true, true);
    List<Scenario> scenarios =
        List.of(
            new Scenario(
                "append+flush",
                committed,
                ds -> {},
                ds -> {
                  rows(ds, 50, 3);
                  ds.flush();
                }),
            new Scenario("commit", committed, ds -> rows(ds, 60, 3), ds -> ds.commit("c")),
            new Scenario(
                "branch creation",
                committed,
                ds -> rows(ds, 70, 1),
                ds -> ds.checkout("feature", true)),
            new Scenario("merge", branched, ds -> {}, ds -> ds.merge("alt")));
    List<String> report = new ArrayList<>();
    Map<String, Map<String, Map<String, VersionDigests.Digest>>> javaReads = new LinkedHashMap<>();
    for (Scenario s : scenarios) {
      for (String p : faultLoop(s, report)) {
        javaReads.put(p, VersionDigests.read(p));
      }
    }
    report.forEach(System.out::println);
    Path out = dir.resolve("python.json");
    List<String> args = new ArrayList<>();
    args.add(out.toString());
    args.addAll(javaReads.keySet());
    PythonDeeplake.run(1800, "read_versions.py", args.toArray(String[]::new));
    JsonNode py = Fixtures.readJson(out);
    for (var e : javaReads.entrySet()) {
      VersionDigests.assertPythonReadsTheSame(py.get(e.getKey()), e.getValue());
    }
  }
}
