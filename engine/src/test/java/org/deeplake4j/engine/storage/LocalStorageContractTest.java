package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalStorageContractTest extends StorageContractTest {
  @TempDir Path dir;

  Path root() {
    return dir.resolve("ds");
  }

  @Override
  protected Storage newStorage() {
    return new LocalStorage(root());
  }

  @Test
  void keysMapToFilesUnderTheRoot() throws IOException {
    storage.put("t/chunks/abc", bytes("x"));
    assertThat(Files.readString(root().resolve("t/chunks/abc"))).isEqualTo("x");
    assertThat(storage.root()).isEqualTo(root().toAbsolutePath().normalize().toString());
    assertThat(((LocalStorage) storage).rootPath()).isEqualTo(root().toAbsolutePath());
  }

  @Test
  void refusedKeysWriteNothingOutsideTheRoot() throws IOException {
    Files.createDirectories(root());
    for (String key : List.of("../escaped", "a/../../escaped", "/tmp/escaped-dl4j")) {
      assertThatThrownBy(() -> storage.put(key, bytes("x")))
          .isInstanceOf(InvalidKeyException.class)
          .hasMessageContaining(key);
    }
    try (Stream<Path> s = Files.list(dir)) {
      assertThat(s.map(p -> p.getFileName().toString())).containsExactly("ds");
    }
  }

  @Test
  void aDirectoryIsNotAnObject() throws IOException {
    Files.createDirectories(root().resolve("d/sub"));
    assertThat(storage.exists("d")).isFalse();
    assertThat(storage.metadata("d")).isEmpty();
    // Reading one is damage (a file replaced by a folder), not a missing file.
    assertThatThrownBy(() -> storage.get("d/sub"))
        .isInstanceOf(org.deeplake4j.engine.errors.CorruptDataException.class)
        .hasMessageStartingWith("d/sub: is a directory, not a file");
  }

  @Test
  void deletePrunesEmptyFoldersButKeepsTheRoot() {
    storage.put("a/b/c", bytes("1"));
    storage.put("a/keep", bytes("2"));
    storage.delete("a/b/c");
    assertThat(Files.exists(root().resolve("a/b"))).isFalse();
    assertThat(Files.exists(root().resolve("a/keep"))).isTrue();
    storage.delete("a/keep");
    assertThat(Files.exists(root().resolve("a"))).isFalse();
    assertThat(Files.isDirectory(root())).isTrue();
  }

  /** delete() prunes empty folders; a put into the same folder at that moment must not fail. */
  @Test
  void putRacingWithDeleteOfASiblingSucceeds() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (String name : List.of("a", "b")) {
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < 300; i++) {
                    storage.put("d/e/" + name, bytes(name + i));
                    storage.delete("d/e/" + name);
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(storage.list("")).isEmpty();
  }

  @Test
  void leftoverTempFilesAreNotListed() throws IOException {
    storage.put("t/x", bytes("1"));
    Files.writeString(root().resolve("t/x.dl4j-tmp-0000"), "partial");
    assertThat(storage.list("")).containsExactly("t/x");
    assertThat(storage.list("t/")).containsExactly("t/x");
  }

  @Test
  void readOnlyLocalStorageRefusesWrites() {
    storage.put("k", bytes("v"));
    LocalStorage ro = new LocalStorage(root(), true);
    assertThat(ro.isReadOnly()).isTrue();
    assertThat(ro.readOnly()).isSameAs(ro);
    assertThat(text(ro.get("k"))).isEqualTo("v");
    assertThatThrownBy(() -> ro.put("k", bytes("w")))
        .isInstanceOf(ReadOnlyStorageException.class)
        .hasMessage("storage " + ro.root() + " is read-only: cannot put k");
    assertThatThrownBy(() -> ro.putIfMatch("k", bytes("w"), "v"))
        .isInstanceOf(ReadOnlyStorageException.class)
        .hasMessageContaining("cannot put k");
    assertThatThrownBy(() -> ro.delete("k"))
        .isInstanceOf(ReadOnlyStorageException.class)
        .hasMessageContaining("cannot delete k");
    assertThat(text(storage.get("k"))).isEqualTo("v");
  }

  @Test
  void versionChangesOnEveryReplacementEvenWithinOneClockTick() {
    // Same size, written back to back: the version must still differ every time, and an old
    // version must never come back (a file's inode number is reused once it is freed).
    storage.put("v", bytes("00"));
    Set<String> seen = ConcurrentHashMap.newKeySet();
    seen.add(storage.metadata("v").orElseThrow().version());
    for (int i = 1; i < 300; i++) {
      String before = storage.metadata("v").orElseThrow().version();
      assertThat(storage.putIfMatch("v", bytes(String.format("%02d", i % 100)), before)).isTrue();
      String after = storage.metadata("v").orElseThrow().version();
      assertThat(seen.add(after))
          .as("version %s after %d replacements was seen before", after, i)
          .isTrue();
    }
  }

  /**
   * A replacement under putIfMatch gets an mtime after the file it replaces, even when the clock
   * says otherwise (a coarse or stepped-back clock): with inode numbers reused at once, an older
   * version could otherwise come back and let a stale putIfMatch win.
   */
  @Test
  void putIfMatchNeverReusesAVersionWhenTheClockLags() throws IOException {
    storage.put("v", bytes("00"));
    Path file = root().resolve("v");
    FileTime future = FileTime.from(Instant.now().plusSeconds(3600));
    Files.setLastModifiedTime(file, future);
    String stale = storage.metadata("v").orElseThrow().version();
    assertThat(storage.putIfMatch("v", bytes("01"), stale)).isTrue();
    assertThat(Files.getLastModifiedTime(file)).isGreaterThan(future);
    String v2 = storage.metadata("v").orElseThrow().version();
    assertThat(storage.putIfMatch("v", bytes("02"), v2)).isTrue();
    assertThat(storage.metadata("v").orElseThrow().version()).isNotIn(stale, v2);
    assertThat(storage.putIfMatch("v", bytes("lost"), stale)).isFalse();
    assertThat(text(storage.get("v"))).isEqualTo("02");
    storage.put("v", bytes("03")); // a plain put of a key used with putIfMatch also advances
    assertThat(storage.putIfMatch("v", bytes("lost"), v2)).isFalse();
    assertThat(text(storage.get("v"))).isEqualTo("03");
  }

  @Test
  void versionWithoutAFileKeyUsesSizeAndTime() {
    FileTime t = FileTime.from(Instant.ofEpochSecond(1_700_000_000L, 123_456_789L));
    BasicFileAttributes noKey =
        new BasicFileAttributes() {
          @Override
          public FileTime lastModifiedTime() {
            return t;
          }

          @Override
          public FileTime lastAccessTime() {
            return t;
          }

          @Override
          public FileTime creationTime() {
            return t;
          }

          @Override
          public boolean isRegularFile() {
            return true;
          }

          @Override
          public boolean isDirectory() {
            return false;
          }

          @Override
          public boolean isSymbolicLink() {
            return false;
          }

          @Override
          public boolean isOther() {
            return false;
          }

          @Override
          public long size() {
            return 42;
          }

          @Override
          public Object fileKey() {
            return null; // Windows, and some network file systems
          }
        };
    assertThat(LocalStorage.versionOf(noKey)).isEqualTo("nokey-42-1700000000123456789");
  }

  /** Two handles on one dataset in one JVM (as two Dataset.open calls make) race their CAS. */
  @Test
  void putIfMatchCounterAcrossTwoHandlesInOneJvm() throws Exception {
    int perThread = 40;
    storage.put("counter", bytes("0"));
    List<Storage> handles = List.of(storage, new LocalStorage(root()), new LocalStorage(root()));
    Set<Long> written = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        Storage s = handles.get(t % handles.size());
        fs.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int done = 0; done < perThread; ) {
                    long v = tryIncrement(s, "counter");
                    if (v >= 0) {
                      assertThat(written.add(v)).as("value %d written twice", v).isTrue();
                      done++;
                    }
                  }
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = (long) THREADS * perThread;
    assertThat(Long.parseLong(text(storage.get("counter")))).isEqualTo(total);
    assertThat(written).hasSize((int) total);
  }
}
