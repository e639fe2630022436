package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.storage.FaultInjectingStorage;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.StorageException;
import org.deeplake4j.engine.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Vacuum under faults: the k-th storage write (delete) of a vacuum fails, for every k; afterwards
 * every version reads exactly as before, and a healthy rerun removes all the garbage.
 */
class VacuumCrashSafetyTest {
  @TempDir Path dir;

  private Path template() {
    Path p = dir.resolve("template");
    try (Dataset ds = Dataset.create(p.toString())) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64").withMaxChunkSize(64));
      ds.createTensor("t", TensorSpec.of("text"));
      for (long i = 0; i < 8; i++) {
        ds.append(Map.of("v", i, "t", "row" + i));
      }
      ds.commit("base");
      for (long i = 8; i < 12; i++) {
        ds.append(Map.of("v", i, "t", "row" + i));
      }
      ds.commit("second");
    }
    // Garbage a crashed writer leaves: chunks no version references, a stray version folder.
    try (LocalStorage s = new LocalStorage(p)) {
      s.put("v/chunks/abcdef0123456789", new byte[100]);
      s.put("t/chunks/1234567890abcdef", new byte[50]);
      s.put("versions/" + "0".repeat(40) + "/v/chunks/fedcba9876543210", new byte[10]);
      s.put("versions/" + "0".repeat(40) + "/dataset_meta.json", "{}".getBytes());
    }
    return p;
  }

  @Test
  void everyFailedDeleteLeavesEveryVersionAsItWas() {
    Path template = template();
    Map<String, Map<String, VersionDigests.Digest>> before =
        VersionDigests.read(template.toString());
    Instant later = Instant.now().plus(Duration.ofDays(1));
    int garbage;
    try (LocalStorage s = new LocalStorage(template)) {
      garbage = Vacuum.run(s, Duration.ofMinutes(1), true, later).size();
    }
    assertThat(garbage).isGreaterThanOrEqualTo(4);
    int k = 1;
    for (; ; k++) {
      Path copy = dir.resolve("k" + k);
      Fixtures.copyTree(template, copy);
      FaultInjectingStorage fs = new FaultInjectingStorage(new LocalStorage(copy));
      fs.failAt(k, FaultInjectingStorage.WRITES);
      boolean failed = false;
      try {
        Vacuum.run(fs, Duration.ofMinutes(1), false, later);
      } catch (StorageException e) {
        failed = true;
        assertThat(e).hasMessageContaining("injected fault");
      }
      assertThat(VersionDigests.read(copy.toString()))
          .as("k=%d: every version reads as before", k)
          .isEqualTo(before);
      try (LocalStorage s = new LocalStorage(copy)) {
        List<Vacuum.Entry> left = Vacuum.run(s, Duration.ofMinutes(1), false, later);
        assertThat(left.size())
            .as("k=%d: a rerun finishes the job", k)
            .isLessThanOrEqualTo(garbage);
        assertThat(Vacuum.run(s, Duration.ofMinutes(1), true, later)).isEmpty();
      }
      assertThat(VersionDigests.read(copy.toString())).isEqualTo(before);
      if (!failed) {
        break;
      }
    }
    assertThat(k).as("vacuum made writes to fail").isGreaterThan(garbage);
  }
}
