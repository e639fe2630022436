package org.deeplake4j.engine.internal;

import java.lang.ref.SoftReference;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A process-wide scratch array for bulk reads (a chunk's bytes on their way into a {@code
 * float[]}), so that a scan does not allocate and zero a chunk-sized array per chunk, even when
 * every read opens a new dataset handle. One array is pooled, softly held (the collector may take
 * it back under memory pressure); a caller that finds the pool empty, e.g. while another thread
 * holds the array, allocates its own. Thread-safe.
 */
public final class Scratch {
  private static final AtomicReference<SoftReference<byte[]>> POOL = new AtomicReference<>();

  private Scratch() {}

  /**
   * An array of at least {@code size} bytes, owned by the caller until {@link #give} (contents
   * undefined).
   */
  public static byte[] take(int size) {
    SoftReference<byte[]> ref = POOL.getAndSet(null);
    byte[] b = ref == null ? null : ref.get();
    return b != null && b.length >= size ? b : new byte[size];
  }

  /** Returns an array taken with {@link #take}; the caller must not use it afterwards. */
  public static void give(byte[] b) {
    POOL.set(new SoftReference<>(b));
  }
}
