package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.testing.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/commit-protocol.md L5: the lock of a writer that provably died on this machine is taken over
 * at once; anything else keeps the 300 s rule. Real writer JVMs ({@link LockHolderProcess}) are
 * killed with SIGKILL, then a new writer with lock timeout 0 must get the branch.
 */
class DeadLockHolderTest {
  @TempDir Path dir;

  private static final OpenOptions AT_ONCE =
      OpenOptions.defaults().withReadOnly(false).withLockTimeout(Duration.ZERO);

  private static double now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /** A dataset with tensor v and one row, never committed: its writers hold the root (L4). */
  private String rootDataset(String name) {
    String path = dir.resolve(name).toString();
    try (Dataset ds = Dataset.create(path)) {
      ds.createTensor("v", TensorSpec.generic().withDtype("int64"));
      ds.tensor("v").append(1L);
    }
    return path;
  }

  private record Holder(Process process, Path log) {}

  private Holder startHolder(String path, String branch, String name) {
    Path log = dir.resolve(name + ".log");
    return new Holder(ChildJvm.start(log, LockHolderProcess.class, path, branch), log);
  }

  /** Waits until every holder printed {@code holding}. */
  private static void awaitHolding(List<Holder> holders) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    for (Holder h : holders) {
      while (!Files.readString(h.log()).contains("holding " + h.process().pid())) {
        assertThat(h.process().isAlive()).as("holder log: %s", Files.readString(h.log())).isTrue();
        assertThat(System.nanoTime()).as("holder started in time").isLessThan(deadline);
        Thread.sleep(20);
      }
    }
  }

  private static void kill(List<Holder> holders) throws InterruptedException {
    for (Holder h : holders) {
      h.process().destroyForcibly(); // SIGKILL
    }
    for (Holder h : holders) {
      assertThat(h.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void aRootWriterKilledWithSigkillLeavesALockTakenOverAtOnce() throws Exception {
    List<String> paths = new ArrayList<>();
    List<Holder> holders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      paths.add(rootDataset("root" + i));
      holders.add(startHolder(paths.get(i), "main", "root" + i));
    }
    try {
      awaitHolding(holders);
      // Alive, each holds its root exclusively: a live process of this machine is not taken over.
      for (int i = 0; i < 3; i++) {
        try (Storage s = new LocalStorage(Path.of(paths.get(i)))) {
          DatasetLock.LockRecord r = DatasetLock.read(s, DatasetLock.LOCK_FILE);
          assertThat(r.heldBy(DatasetLock.SHARED)).isFalse();
          assertThat(r.tagValue()).isEqualTo(holders.get(i).process().pid());
        }
      }
      assertThatThrownBy(() -> Dataset.open(paths.get(0), AT_ONCE))
          .isInstanceOf(DatasetLockedException.class);
      kill(holders);
      for (int i = 0; i < 3; i++) {
        String p = paths.get(i);
        try (Storage s = new LocalStorage(Path.of(p))) {
          DatasetLock.LockRecord r = DatasetLock.read(s, DatasetLock.LOCK_FILE);
          assertThat(r.expiredAt(Instant.now()))
              .as("the dead writer's lock is still valid")
              .isFalse();
          assertThat(DatasetLock.holderGone(s, "main", r)).isTrue();
        }
        try (Dataset ds = Dataset.open(p, AT_ONCE)) {
          assertThat(ds.tensor("v").length()).as("the killed writer's flushed row").isEqualTo(2);
          ds.tensor("v").append(3L);
        }
        try (Storage s = new LocalStorage(Path.of(p))) {
          assertThat(s.exists(DatasetLock.LOCK_FILE)).as("released").isFalse();
          List<WriterLease> left = WriterLease.list(s);
          assertThat(left).as("only the dead writer's lease is left").hasSize(1);
          assertThat(left.get(0).provablyDead()).isTrue();
        }
        try (Dataset ds = Dataset.open(p)) {
          assertThat(ds.tensor("v").length()).isEqualTo(3);
        }
      }
    } finally {
      holders.forEach(h -> h.process().destroyForcibly());
    }
  }

  @Test
  void killedCooperatingWritersNeitherBlockBranchDeletionNorKeepTheLock() throws Exception {
    String path = ConcurrentWritersTest.base(dir.resolve("coop"));
    try (Dataset ds = Dataset.open(path, AT_ONCE)) {
      ds.checkout("alt", true);
    }
    List<Holder> holders =
        List.of(startHolder(path, "alt", "alt"), startHolder(path, "main", "main"));
    try {
      awaitHolding(holders);
      try (Dataset main = Dataset.open(path, AT_ONCE)) {
        assertThatThrownBy(() -> main.deleteBranch("alt"))
            .isInstanceOf(DeepLakeException.class)
            .hasMessageContaining("Java writer(s) open");
        kill(holders);
        String altHead = main.versionGraph().branches().get("alt");
        DatasetLock.LockRecord r = DatasetLock.read(main.storage(), DatasetLock.lockKey(altHead));
        assertThat(r.heldBy(DatasetLock.SHARED)).isTrue();
        assertThat(r.expiredAt(Instant.now())).isFalse();
        assertThat(DatasetLock.holderGone(main.storage(), "alt", r)).isTrue();
        main.deleteBranch("alt");
        assertThat(main.branches()).containsExactly("main");
      }
      // The last live writer of main closed: the lock is gone although the dead one's lease is not
      // expired, so Python can write again.
      try (Dataset ds = Dataset.open(path)) {
        assertThat(ds.storage().exists(DatasetLock.lockKey(ds.nodeId()))).isFalse();
        assertThat(ds.tensor("v").length()).as("the killed writer's published row").isEqualTo(1);
      }
    } finally {
      holders.forEach(h -> h.process().destroyForcibly());
    }
  }

  /** A process id that no process has now (a child that ran and was reaped). */
  private static long reapedPid() throws Exception {
    Process p = new ProcessBuilder("true").start();
    assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return p.pid();
  }

  private static byte[] pidTag(long pid) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) pid).array();
  }

  private static void lease(Storage s, long node, byte[] tag, String host, long pid, long start) {
    String json =
        String.format(
            "{\"branch\":\"main\",\"expires\":%f,\"pid\":%d,\"node\":\"%012x\",\"tag\":\"%s\""
                + ",\"host\":%s,\"start\":%d}",
            now() + 300,
            pid,
            node,
            HexFormat.of().formatHex(tag),
            host == null ? "null" : "\"" + host + "\"",
            start);
    s.put(
        DatasetLock.LEASE_PREFIX + "00000000000000000000000" + (node & 7) + ".lock",
        json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aPythonRecordOrAForeignLeaseNamingADeadPidKeepsThe300SecondRule() throws Exception {
    String path = rootDataset("python");
    long dead = reapedPid();
    LocalProcess.Name me = LocalProcess.self().orElseThrow();
    try (Storage s = new LocalStorage(Path.of(path))) {
      // Python's record: node id (a MAC address, or random) and a pid, nothing proves where.
      long mac = 0x0242ac110002L; // Docker's MAC of 172.17.0.2, the same on every host
      s.put(
          DatasetLock.LOCK_FILE,
          new DatasetLock.LockRecord(mac, now() + 300, pidTag(dead)).toBytes());
      assertThatThrownBy(() -> Dataset.open(path, AT_ONCE))
          .isInstanceOf(DatasetLockedException.class)
          .hasMessageContaining("tag " + dead);
      // A Java exclusive record whose lease names another machine (or container): no proof either.
      long node = 0x010203040501L;
      s.put(
          DatasetLock.LOCK_FILE,
          new DatasetLock.LockRecord(node, now() + 300, pidTag(dead)).toBytes());
      String otherBoot = "ffffffff-0000-0000-0000-000000000000" + me.host().substring(36);
      lease(s, node, pidTag(dead), otherBoot, dead, 1);
      assertThatThrownBy(() -> Dataset.open(path, AT_ONCE))
          .isInstanceOf(DatasetLockedException.class);
      lease(s, node, pidTag(dead), null, dead, 1);
      assertThatThrownBy(() -> Dataset.open(path, AT_ONCE))
          .isInstanceOf(DatasetLockedException.class);
      // The same lease on this machine: the holder is provably dead, taken over at once.
      lease(s, node, pidTag(dead), me.host(), dead, 1);
      try (Dataset ds = Dataset.open(path, AT_ONCE)) {
        assertThat(ds.tensor("v").length()).isEqualTo(1);
      }
    }
  }

  @Test
  void aReusedPidDoesNotKeepADeadWritersLock() throws Exception {
    // The holder's pid is now this (live) process's, but the lease's start time is another one.
    String path = rootDataset("reused");
    LocalProcess.Name me = LocalProcess.self().orElseThrow();
    long node = 0x01aabbccdd02L;
    try (Storage s = new LocalStorage(Path.of(path))) {
      s.put(
          DatasetLock.LOCK_FILE,
          new DatasetLock.LockRecord(node, now() + 300, pidTag(me.pid())).toBytes());
      lease(s, node, pidTag(me.pid()), me.host(), me.pid(), me.start());
      assertThatThrownBy(() -> Dataset.open(path, AT_ONCE))
          .as("the lease names this live process")
          .isInstanceOf(DatasetLockedException.class);
      lease(s, node, pidTag(me.pid()), me.host(), me.pid(), me.start() - 100);
      try (Dataset ds = Dataset.open(path, AT_ONCE)) {
        assertThat(ds.tensor("v").length()).isEqualTo(1);
      }
    }
  }
}
