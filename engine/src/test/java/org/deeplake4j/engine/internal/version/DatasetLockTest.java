package org.deeplake4j.engine.internal.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import org.deeplake4j.engine.Dataset;
import org.deeplake4j.engine.OpenOptions;
import org.deeplake4j.engine.TensorSpec;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.storage.LocalStorage;
import org.deeplake4j.engine.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The write lock in Deep Lake 3.x's format: bytes, waiting, takeover, refresh, release. */
class DatasetLockTest {
  @TempDir Path dir;

  private static double now() {
    Instant t = Instant.now();
    return t.getEpochSecond() + t.getNano() / 1e9;
  }

  /** A lock record of a foreign (Python-like) holder expiring {@code inSeconds} from now. */
  private static byte[] foreign(long node, int pid, double inSeconds) {
    byte[] tag = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(pid).array();
    return new DatasetLock.LockRecord(node, now() + inSeconds, tag).toBytes();
  }

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

  private static OpenOptions writable(Duration timeout) {
    return OpenOptions.defaults().withReadOnly(false).withLockTimeout(timeout);
  }

  @Test
  void parsesAndWritesPythonsObservedRecord() {
    // Observed in a Python 3.9.52 lock file (format spec section 3.12).
    byte[] observed = HexFormat.of().parseHex("01000000fc021243f81f93c0da41bd5d0000");
    DatasetLock.LockRecord r = DatasetLock.LockRecord.parse(observed);
    assertThat(r.nodeId()).isEqualTo(0x02fc00000001L);
    assertThat(r.tagValue()).isEqualTo(23997);
    assertThat(r.expiresAt())
        .isEqualTo(ByteBuffer.wrap(observed, 6, 8).order(ByteOrder.LITTLE_ENDIAN).getDouble());
    assertThat(r.toBytes()).isEqualTo(observed);
    assertThat(DatasetLock.LockRecord.parse(new byte[13])).isNull();
  }

  @Test
  void writerAtTheRootHeadLocksTheRootWithAnEighteenByteRecord() {
    String path = dir.resolve("fresh").toString();
    try (Dataset ds = Dataset.create(path)) {
      byte[] b = ds.storage().get("dataset_lock.lock");
      assertThat(b).hasSize(18);
      DatasetLock.LockRecord r = DatasetLock.LockRecord.parse(b);
      assertThat(r.expiresAt()).isCloseTo(now() + 300, within(5.0));
      assertThat(r.tag()).hasSize(4);
      assertThat(r.nodeId() >>> 48).isZero();
      assertThat(r.tagValue()).isEqualTo(ProcessHandle.current().pid());
    }
    try (Storage s = new LocalStorage(Path.of(path))) {
      assertThat(s.exists("dataset_lock.lock")).as("released on close").isFalse();
    }
  }

  @Test
  void writerAfterACommitLocksTheHeadFolderAndReadersTakeNoLock() {
    String path = dataset("committed", true);
    try (Dataset ro = Dataset.open(path)) {
      String head = ro.nodeId();
      assertThat(ro.storage().exists("versions/" + head + "/dataset_lock.lock")).isFalse();
      try (Dataset w = Dataset.openWritable(path)) {
        assertThat(w.storage().exists("versions/" + head + "/dataset_lock.lock")).isTrue();
        assertThat(w.storage().exists("dataset_lock.lock")).isFalse();
      }
    }
  }

  @Test
  void waitsForAForeignLockThenFailsNamingTheHolder() {
    String path = dataset("held", true);
    String head;
    try (Dataset ro = Dataset.open(path)) {
      head = ro.nodeId();
    }
    String key = "versions/" + head + "/dataset_lock.lock";
    try (Storage s = new LocalStorage(Path.of(path))) {
      s.put(key, foreign(0x123456789aL, 4242, 300));
      long t0 = System.nanoTime();
      assertThatThrownBy(() -> Dataset.open(path, writable(Duration.ofMillis(400))))
          .isInstanceOfSatisfying(
              DatasetLockedException.class,
              e -> {
                assertThat(e.lockKey()).isEqualTo(key);
                assertThat(e.holderNodeId()).isEqualTo(0x123456789aL);
                assertThat(e.holderTag()).isEqualTo(4242);
                assertThat(e.expiresAt()).isAfter(Instant.now().plusSeconds(290));
              })
          .hasMessageContaining("0x00123456789a")
          .hasMessageContaining("tag 4242")
          .hasMessageContaining("branch 'main'")
          .hasMessageContaining(key);
      assertThat(Duration.ofNanos(System.nanoTime() - t0))
          .isGreaterThanOrEqualTo(Duration.ofMillis(400));
      // Fail-fast default.
      assertThatThrownBy(() -> Dataset.openWritable(path))
          .isInstanceOf(DatasetLockedException.class);
      assertThat(DatasetLock.LockRecord.parse(s.get(key)).nodeId()).isEqualTo(0x123456789aL);
      // Read-only opens are not affected.
      try (Dataset ro = Dataset.open(path)) {
        assertThat(ro.tensor("x").length()).isEqualTo(1);
      }
    }
  }

  @Test
  void waitsUntilTheHolderReleases() throws Exception {
    String path = dataset("released", true);
    String key;
    try (Dataset ro = Dataset.open(path)) {
      key = "versions/" + ro.nodeId() + "/dataset_lock.lock";
    }
    try (Storage s = new LocalStorage(Path.of(path))) {
      s.put(key, foreign(0x42L, 7, 300));
      Thread releaser =
          new Thread(
              () -> {
                try {
                  Thread.sleep(500);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
                s.delete(key);
              });
      long t0 = System.nanoTime();
      releaser.start();
      try (Dataset w = Dataset.open(path, writable(Duration.ofSeconds(20)))) {
        Duration waited = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(waited).isBetween(Duration.ofMillis(450), Duration.ofSeconds(15));
        w.tensor("x").append(2);
      }
      releaser.join();
      assertThat(s.exists(key)).isFalse();
    }
  }

  @Test
  void takesOverAnExpiredLock() {
    String path = dataset("stale", true);
    String key;
    try (Dataset ro = Dataset.open(path)) {
      key = "versions/" + ro.nodeId() + "/dataset_lock.lock";
    }
    try (Storage s = new LocalStorage(Path.of(path))) {
      s.put(key, foreign(0x99L, 31337, -1));
      try (Dataset w = Dataset.openWritable(path)) {
        DatasetLock.LockRecord r = DatasetLock.LockRecord.parse(s.get(key));
        assertThat(r.nodeId()).isNotEqualTo(0x99L);
        assertThat(r.expiresAt()).isCloseTo(now() + 300, within(5.0));
        w.tensor("x").append(5);
      }
      assertThat(s.exists(key)).isFalse();
    }
  }

  @Test
  void closeKeepsALockSomeoneElseTookOver() {
    String path = dataset("taken", true);
    try (Dataset w = Dataset.openWritable(path)) {
      String key = "versions/" + w.nodeId() + "/dataset_lock.lock";
      byte[] theirs = foreign(0x77L, 1, 300);
      w.storage().put(key, theirs);
      w.close();
      assertThat(w.storage().get(key)).isEqualTo(theirs);
    }
  }

  @Test
  void refreshExtendsTheExpiry() throws Exception {
    String path = dataset("refresh", true);
    try (Storage s = new LocalStorage(Path.of(path))) {
      DatasetLock.Settings fast =
          new DatasetLock.Settings(
              Duration.ofSeconds(3),
              Duration.ofMillis(200),
              Duration.ofMillis(10),
              Duration.ofMillis(20));
      try (DatasetLock lock =
          DatasetLock.acquire(s, "main", DatasetLock.uniqueIdentity(), Duration.ZERO, fast)) {
        String key = DatasetLock.lockKey(lock.headId());
        double first = DatasetLock.read(s, key).expiresAt();
        assertThat(first).isCloseTo(now() + 3, within(1.0));
        Thread.sleep(1200);
        double later = DatasetLock.read(s, key).expiresAt();
        assertThat(later).isGreaterThan(first + 0.5);
        assertThat(lock.isLost()).isFalse();
        assertThat(lock.lastRefreshError()).isNull();
      }
    }
  }

  @Test
  void refreshNoticesATakeover() {
    String path = dataset("lost", true);
    try (Storage s = new LocalStorage(Path.of(path));
        DatasetLock lock =
            DatasetLock.acquire(
                s,
                "main",
                DatasetLock.uniqueIdentity(),
                Duration.ZERO,
                DatasetLock.Settings.defaults(s))) {
      s.put(DatasetLock.lockKey(lock.headId()), foreign(0x55L, 2, 300));
      lock.refresh();
      assertThat(lock.isLost()).isTrue();
    }
  }

  @Test
  void javaWritersNeverHoldTheSameShortLockAtOnce() throws Exception {
    // Writes that take 0-20 ms (as on an object store): Python's plain overwrite would let two
    // writers both read "free", both write and both read their own record back.
    Storage mem = new org.deeplake4j.engine.storage.MemoryStorage("mutex");
    java.util.Random rnd = new java.util.Random(7);
    Storage s =
        (Storage)
            java.lang.reflect.Proxy.newProxyInstance(
                Storage.class.getClassLoader(),
                new Class<?>[] {Storage.class},
                (proxy, m, args) -> {
                  if (m.getName().startsWith("put")) {
                    Thread.sleep(rnd.nextInt(20));
                  }
                  try {
                    return m.invoke(mem, args);
                  } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    java.util.concurrent.atomic.AtomicInteger holders =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger maxHolders =
        new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.atomic.AtomicInteger acquired =
        new java.util.concurrent.atomic.AtomicInteger();
    DatasetLock.Settings st = DatasetLock.Settings.defaults(s);
    java.util.List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 4; t++) {
      DatasetLock.Identity me = DatasetLock.uniqueIdentity();
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 10; i++) {
                  assertThat(
                          DatasetLock.acquireKey(
                              s, "m.lock", me, Duration.ofSeconds(10), st, Duration.ofSeconds(60)))
                      .isNull();
                  maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                  acquired.incrementAndGet();
                  try {
                    Thread.sleep(25); // hold it for a while
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  holders.decrementAndGet();
                  DatasetLock.releaseKey(s, "m.lock", me);
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join(120_000);
    }
    assertThat(acquired.get()).isEqualTo(40);
    assertThat(maxHolders.get()).as("holders at once").isEqualTo(1);
  }

  @Test
  void checkoutMovesTheLockToTheOtherBranch() {
    String path = dataset("branches", true);
    try (Dataset w = Dataset.openWritable(path)) {
      String mainHead = w.nodeId();
      w.checkout("alt", true);
      String altHead = w.nodeId();
      assertThat(w.storage().exists("versions/" + altHead + "/dataset_lock.lock")).isTrue();
      assertThat(w.storage().exists("versions/" + mainHead + "/dataset_lock.lock")).isFalse();
      w.checkout("main");
      assertThat(w.storage().exists("versions/" + w.nodeId() + "/dataset_lock.lock")).isTrue();
      assertThat(w.storage().exists("versions/" + altHead + "/dataset_lock.lock")).isFalse();
      // At a commit the handle cannot write and holds nothing.
      w.checkout(w.commitId());
      assertThat(w.storage().list("versions/").stream().filter(k -> k.endsWith(".lock"))).isEmpty();
    }
  }

  @Test
  void overwritingALockedDatasetIsRefused() {
    String path = dataset("overwrite", false);
    try (Dataset w = Dataset.openWritable(path)) {
      assertThatThrownBy(() -> Dataset.create(path, true))
          .isInstanceOf(DatasetLockedException.class);
      assertThat(w.tensor("x").length()).isEqualTo(1);
    }
  }
}
