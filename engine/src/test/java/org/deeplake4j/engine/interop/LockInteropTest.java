package org.deeplake4j.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.testing.Fixtures;
import org.deeplake4j.engine.testing.PythonDeeplake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java and Python deeplake 3.9.52 writers exclude each other through {@code dataset_lock.lock}: a
 * Java writer waits for and then refuses a branch a Python writer holds (and names it), Python's
 * writable load refuses one a Java writer holds.
 */
class LockInteropTest {
  @TempDir Path dir;

  private String dataset(String name, boolean committed) {
    String path = dir.resolve(name).toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("x", TensorSpec.generic().withDtype("int32"));
      ds.tensor("x").append(1);
      if (committed) {
        ds.commit("one");
      }
    }
    return path;
  }

  private static JsonNode waitForJson(Path f, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (!Files.exists(f)) {
      assertThat(p.isAlive())
          .as(
              "python holder still running; log:%n%s",
              Files.exists(log) ? Files.readString(log) : "")
          .isTrue();
      assertThat(System.nanoTime()).as("python holder ready within 120 s").isLessThan(deadline);
      Thread.sleep(50);
    }
    return Fixtures.readJson(f);
  }

  @Test
  void javaWaitsForAndThenRefusesABranchPythonHolds() throws Exception {
    for (boolean committed : new boolean[] {false, true}) {
      String path = dataset("py_holds_" + committed, committed);
      Path state = dir.resolve("state_" + committed + ".json");
      Path stop = dir.resolve("stop_" + committed);
      Path log = dir.resolve("hold_" + committed + ".log");
      Process py =
          PythonDeeplake.start(
              log, "lock_probe.py", "hold", path, state.toString(), stop.toString(), "120");
      try {
        JsonNode s = waitForJson(state, py, log);
        assertThat(s.get("read_only").asBoolean()).isFalse();
        String key = s.get("lock_key").asText();
        assertThat(key)
            .isEqualTo(
                committed
                    ? "versions/" + s.get("head").asText() + "/dataset_lock.lock"
                    : "dataset_lock.lock");
        long t0 = System.nanoTime();
        assertThatThrownBy(
                () ->
                    Dataset.open(
                        path,
                        OpenOptions.defaults()
                            .withReadOnly(false)
                            .withLockTimeout(Duration.ofMillis(1500))))
            .isInstanceOfSatisfying(
                DatasetLockedException.class,
                e -> {
                  assertThat(e.lockKey()).isEqualTo(key);
                  assertThat(e.holderNodeId()).isEqualTo(s.get("node").asLong());
                  assertThat(e.holderTag()).isEqualTo(s.get("pid").asLong());
                  // Python writes now + 300 s and (3.9.52) never refreshes it.
                  assertThat(e.expiresAt().getEpochSecond())
                      .isCloseTo(Instant.now().getEpochSecond() + 300, within(30L));
                })
            .hasMessageContaining(String.format("0x%012x", s.get("node").asLong()))
            .hasMessageContaining("tag " + s.get("pid").asLong());
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
            .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
        // The record is Python's: 18 bytes, node id and pid.
        try (Dataset ro = Dataset.open(path)) {
          byte[] b = ro.storage().get(key);
          assertThat(b).hasSize(18);
          DatasetLock.LockRecord r = DatasetLock.LockRecord.parse(b);
          assertThat(r.nodeId()).isEqualTo(s.get("node").asLong());
          assertThat(r.tagValue()).isEqualTo(s.get("pid").asLong());
          assertThat(ro.tensor("x").length()).as("readers are not blocked").isEqualTo(1);
        }
        // Released by Python: a waiting Java writer gets in.
        Files.writeString(stop, "stop");
        try (Dataset w =
            Dataset.open(
                path,
                OpenOptions.defaults()
                    .withReadOnly(false)
                    .withLockTimeout(Duration.ofSeconds(60)))) {
          w.tensor("x").append(2);
          assertThat(w.tensor("x").length()).isEqualTo(2);
        }
        assertThat(py.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(py.exitValue()).as(Files.readString(log)).isZero();
      } finally {
        py.destroyForcibly();
      }
    }
  }

  @Test
  void pythonRefusesToWriteABranchJavaHolds() throws Exception {
    for (boolean committed : new boolean[] {false, true}) {
      String path = dataset("java_holds_" + committed, committed);
      Path out = dir.resolve("try_" + committed + ".json");
      try (Dataset w = Dataset.openWritable(path)) {
        PythonDeeplake.run(300, "lock_probe.py", "try", path, out.toString());
        JsonNode r = Fixtures.readJson(out);
        // deeplake.load(path, read_only=False) raises LockedException ...
        assertThat(r.at("/writable/error").asText()).isEqualTo("LockedException");
        assertThat(r.at("/writable/message").asText()).contains("locked by another machine");
        // ... and deeplake.load(path) falls back to read-only with a warning.
        assertThat(r.at("/default/read_only").asBoolean()).isTrue();
        assertThat(r.at("/default/warnings").toString()).contains("read only mode");
        w.tensor("x").append(3);
      }
      // After Java closes, Python can write again.
      PythonDeeplake.run(300, "lock_probe.py", "try", path, out.toString());
      JsonNode r = Fixtures.readJson(out);
      assertThat(r.at("/writable/read_only").asBoolean()).isFalse();
      assertThat(r.at("/writable/error").isMissingNode()).isTrue();
    }
  }
}
