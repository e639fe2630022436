package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.Tensor;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.records.Records;
import org.deeplake4j.engine.testing.ChildJvm;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.deeplake4j.engine.types.CommitNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N = 8 writer processes (separate JVMs) append to one branch at once, each committing several
 * times with the commit protocol; nothing is lost or duplicated, every intermediate version is a
 * consistent prefix of each writer's rows, and Python deeplake 3.9.52 reads (and extends) the
 * result.
 */
class ConcurrentWritersTest {
  static final int WRITERS = 8;
  static final int ROUNDS = 3;
  static final int ROWS = 10;

  @TempDir Path dir;

  /** The base dataset: v int64 (small chunks), t text, with companions; one commit, no rows. */
  static String base(Path at) {
    String path = at.toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64").withMaxChunkSize(256));
      ds.createTensor("t", TensorSpec.of("text"));
      ds.commit("base", true);
    }
    return path;
  }

  /**
   * Checks one version: v and t rows agree (same writer and sequence number), no row twice, each
   * writer's rows are its sequence 0..k-1 in order. Returns writer -> row count.
   */
  static Map<Integer, Long> checkRows(Dataset ds) {
    Tensor v = ds.tensor("v");
    Tensor t = ds.tensor("t");
    assertThat(t.length()).isEqualTo(v.length());
    Map<Integer, Long> next = new HashMap<>();
    Set<Long> seen = new HashSet<>();
    for (long i = 0; i < v.length(); i++) {
      long x = v.numpy(i).getLong(0);
      int w = (int) (x / 1_000_000L);
      long seq = x % 1_000_000L;
      assertThat(seen.add(x)).as("row %d (%d) appears once at %s", i, x, ds.nodeId()).isTrue();
      assertThat(t.text(i)).as("t[%d] at %s", i, ds.nodeId()).isEqualTo(WriterProcess.text(w, seq));
      assertThat(seq)
          .as("writer %d's rows in order at %s", w, ds.nodeId())
          .isEqualTo(next.getOrDefault(w, 0L));
      next.put(w, seq + 1);
    }
    return next;
  }

  @Test
  void eightWriterProcessesAppendToOneBranch() throws Exception {
    Path caseDir = dir.resolve("concurrent_appends");
    String path = base(caseDir.resolve("dataset"));
    List<Process> procs = new ArrayList<>();
    List<Path> logs = new ArrayList<>();
    for (int w = 1; w <= WRITERS; w++) {
      Path log = dir.resolve("writer" + w + ".log");
      logs.add(log);
      procs.add(
          ChildJvm.start(
              log,
              WriterProcess.class,
              path,
              Integer.toString(w),
              Integer.toString(ROUNDS),
              Integer.toString(ROWS)));
    }
    Map<String, String> committed = new HashMap<>(); // commit id -> "w r"
    for (int i = 0; i < procs.size(); i++) {
      Process p = procs.get(i);
      boolean done = p.waitFor(15, TimeUnit.MINUTES);
      String out = Files.readString(logs.get(i));
      assertThat(done).as("writer %d finished; log:%n%s", i + 1, out).isTrue();
      assertThat(p.exitValue()).as("writer %d exit; log:%n%s", i + 1, out).isZero();
      assertThat(out).contains("done " + (i + 1));
      for (String line : out.split("\n")) {
        String[] f = line.trim().split(" ");
        if (f[0].equals("committed")) {
          committed.put(f[3], f[1] + " " + f[2]);
        }
      }
    }
    assertThat(committed).hasSize(WRITERS * ROUNDS);
    try (Dataset ds = Dataset.open(path)) {
      assertThat(ds.tensor("v").length()).isEqualTo((long) WRITERS * ROUNDS * ROWS);
      Map<Integer, Long> counts = checkRows(ds);
      for (int w = 1; w <= WRITERS; w++) {
        assertThat(counts.get(w)).as("rows of writer %d", w).isEqualTo((long) ROUNDS * ROWS);
      }
      assertThat(ds.hasHeadChanges()).isFalse();
      List<CommitNode> log = ds.log();
      assertThat(log).hasSize(WRITERS * ROUNDS + 1);
      assertThat(log.stream().map(CommitNode::id).filter(committed::containsKey))
          .hasSize(WRITERS * ROUNDS);
      // Every intermediate version: consistent, whole rounds only, growing by one round a commit.
      long previous = -1;
      for (int i = log.size() - 1; i >= 0; i--) {
        try (Dataset at = Dataset.open(path, log.get(i).id())) {
          Map<Integer, Long> c = checkRows(at);
          c.values().forEach(n -> assertThat(n % ROWS).isZero());
          long total = c.values().stream().mapToLong(Long::longValue).sum();
          assertThat(total).isEqualTo(previous < 0 ? 0 : previous + ROWS);
          previous = total;
          VersionDigests.atVersion(at);
        }
      }
      assertThat(ds.storage().list(DatasetLock.LEASE_PREFIX)).as("leases released").isEmpty();
      assertThat(ds.storage().exists(DatasetLock.lockKey(ds.nodeId())))
          .as("lock released")
          .isFalse();
    }
    // Python deeplake 3.9.52 reads every version as Java does, then appends and commits on top.
    Files.write(
        caseDir.resolve("java_expected.json"),
        Json.MAPPER.writeValueAsBytes(Records.expectedDocument(path)));
    String report =
        PythonDeeplake.run(
            1200, "verify_java_written.py", dir.toString(), "--case", "concurrent_appends");
    assertThat(report).contains("PASS").contains("1 passed");
    JsonNode after = Fixtures.readJson(caseDir.resolve("python_after/expected.json"));
    assertThat(after.get("versions").size()).isGreaterThan(WRITERS * ROUNDS);
  }
}
