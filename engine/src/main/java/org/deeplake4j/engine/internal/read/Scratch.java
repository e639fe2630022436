package org.deeplake4j.engine.internal.read;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Process-wide scratch arrays for bulk reads (a compressed block, or a chunk's bytes on their way
 * into a {@code float[]}), so that a scan does not allocate and zero chunk-sized arrays per chunk,
 * even when every read opens a new dataset handle. A few arrays are pooled, softly held (the
 * collector may take them back under memory pressure); a caller that finds no fitting array, e.g.
 * while other threads hold them, allocates its own. Thread-safe.
 */
public final class Scratch {
  private static final int SLOTS = 4;
  private static final AtomicReferenceArray<SoftReference<byte[]>> POOL =
      new AtomicReferenceArray<>(SLOTS);

  private Scratch() {}

  /**
   * An array of at least {@code size} bytes, owned by the caller until {@link #give} (contents
   * undefined).
   */
  public static byte[] take(int size) {
    for (int i = 0; i < SLOTS; i++) {
      SoftReference<byte[]> ref = POOL.get(i);
      if (ref != null) {
        byte[] b = ref.get();
        if ((b == null || b.length >= size) && POOL.compareAndSet(i, ref, null) && b != null) {
          return b;
        }
      }
    }
    return new byte[size];
  }

  /** Returns an array taken with {@link #take}; the caller must not use it afterwards. */
  public static void give(byte[] b) {
    SoftReference<byte[]> ref = new SoftReference<>(b);
    for (int i = 0; i < SLOTS; i++) {
      if (POOL.compareAndSet(i, null, ref)) {
        return;
      }
    }
    // Full: replace the smallest pooled array if this one is larger.
    for (int i = 0; i < SLOTS; i++) {
      SoftReference<byte[]> cur = POOL.get(i);
      byte[] c = cur == null ? null : cur.get();
      if ((c == null || c.length < b.length) && POOL.compareAndSet(i, cur, ref)) {
        return;
      }
    }
  }
}
