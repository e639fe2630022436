package org.deeplake4j.engine.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalStorage#get} and {@code readInto} return the exact bytes on both sides of the
 * memory-map threshold (readInto also on {@link MemoryStorage}).
 */
class LocalStorageGetTest {
  @TempDir Path dir;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    SplittableRandom r = new SplittableRandom(seed);
    for (int i = 0; i < n; i++) {
      b[i] = (byte) r.nextInt();
    }
    return b;
  }

  @Test
  void smallAndLargeFilesReadBack() {
    LocalStorage s = new LocalStorage(dir);
    int t = (int) LocalStorage.MAP_THRESHOLD;
    for (int n : new int[] {0, 1, 4096, t - 1, t, t + 1, 3 * t + 12345}) {
      byte[] b = random(n, n);
      s.put("t/chunks/k" + n, b);
      assertThat(s.get("t/chunks/k" + n)).as("size %d", n).isEqualTo(b);
      assertThat(s.getIfExists("t/chunks/k" + n)).get().isEqualTo(b);
    }
  }

  @Test
  void largeFileReadIsACopy() throws Exception {
    LocalStorage s = new LocalStorage(dir);
    byte[] b = random(2 << 20, 3);
    s.put("big", b);
    byte[] got = s.get("big");
    got[0] ^= 1;
    assertThat(s.get("big")).isEqualTo(b);
    Files.write(dir.resolve("big"), new byte[] {1, 2, 3});
    assertThat(s.get("big")).containsExactly(1, 2, 3);
  }

  @Test
  void readIntoCopiesRangesIntoHeapAndDirectBuffers() {
    int t = (int) LocalStorage.MAP_THRESHOLD;
    byte[] b = random(3 * t + 777, 4);
    for (Storage s : new Storage[] {new LocalStorage(dir), new MemoryStorage("m")}) {
      s.put("k", b);
      for (int[] r :
          new int[][] {{0, b.length}, {5, t}, {t + 3, t - 1}, {10, 100}, {b.length - 9, 9}}) {
        for (ByteBuffer dst :
            new ByteBuffer[] {ByteBuffer.allocate(r[1] + 4), ByteBuffer.allocateDirect(r[1] + 4)}) {
          dst.position(4);
          assertThat(s.readInto("k", r[0], dst)).isEqualTo(r[1]);
          assertThat(dst.position()).isEqualTo(r[1] + 4);
          byte[] got = new byte[r[1]];
          dst.position(4);
          dst.get(got);
          assertThat(got).isEqualTo(Arrays.copyOfRange(b, r[0], r[0] + r[1]));
        }
      }
      ByteBuffer past = ByteBuffer.allocate(2 * t);
      assertThat(s.readInto("k", b.length - 10, past)).as("short at the end").isEqualTo(10);
      assertThat(s.readInto("k", b.length + 5, past)).isZero();
      assertThatThrownBy(() -> s.readInto("nope", 0, ByteBuffer.allocate(1)))
          .isInstanceOf(KeyNotFoundException.class);
    }
  }

  @Test
  void missingKeysAreNotFoundAndDirectoriesAreNotFiles() throws Exception {
    LocalStorage s = new LocalStorage(dir);
    assertThatThrownBy(() -> s.get("nope")).isInstanceOf(KeyNotFoundException.class);
    Files.createDirectories(dir.resolve("sub"));
    assertThatThrownBy(() -> s.get("sub"))
        .isInstanceOf(org.deeplake4j.engine.errors.CorruptDataException.class)
        .hasMessageContaining("is a directory, not a file");
    assertThat(s.getIfExists("nope")).isEmpty();
  }
}
