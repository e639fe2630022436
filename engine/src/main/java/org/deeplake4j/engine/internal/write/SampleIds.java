package org.deeplake4j.engine.internal.write;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Random 64-bit sample ids for the {@code _x_id} companions (Python draws them from {@code
 * uuid4()}, i.e. the OS's random source). Drawing every id from {@link SecureRandom} costs a lock
 * and a digest per 8 bytes (about a third of a bulk append's time); here each thread draws a 64-bit
 * seed from {@link SecureRandom} for every {@value #PER_SEED} ids and expands it with {@link
 * SplittableRandom} (a bijective mix of a counter: no id repeats within one seed's run). Two runs
 * overlap only if their seeds fall within {@value #PER_SEED} steps of each other (probability about
 * 2^-47 per pair of runs), so ids stay as unique as independent random 64-bit values.
 */
final class SampleIds {
  static final int PER_SEED = 1 << 16;
  private static final SecureRandom SEEDS = new SecureRandom();

  private static final ThreadLocal<SampleIds> LOCAL = ThreadLocal.withInitial(SampleIds::new);

  private SplittableRandom random;
  private int left;

  private SampleIds() {}

  private long nextId() {
    if (left == 0) {
      long seed;
      synchronized (SEEDS) {
        seed = SEEDS.nextLong();
      }
      random = new SplittableRandom(seed);
      left = PER_SEED;
    }
    left--;
    return random.nextLong();
  }

  /** One fresh sample id. */
  static long next() {
    return LOCAL.get().nextId();
  }

  /**
   * Writes {@code count} fresh sample ids as little-endian uint64s into {@code dst} at {@code off}.
   */
  static void fill(byte[] dst, int off, int count) {
    SampleIds ids = LOCAL.get();
    for (int i = 0; i < count; i++, off += 8) {
      org.deeplake4j.engine.internal.format.Bits.putLongLE(dst, off, ids.nextId());
    }
  }
}
