package org.deeplake4j.engine.internal.tql;

/** Open-addressing map from long keys to int values (GROUP BY over one numeric key). */
final class LongIntMap {
  private long[] keys = new long[16];
  private int[] vals = new int[16];
  private boolean[] used = new boolean[16];
  private int size;

  /** The value of {@code key}, after mapping it to {@code v} if it was absent. */
  int putIfAbsent(long key, int v) {
    int mask = keys.length - 1;
    int i = mix(key) & mask;
    while (used[i]) {
      if (keys[i] == key) {
        return vals[i];
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = key;
    vals[i] = v;
    if (++size * 2 > keys.length) {
      grow();
    }
    return v;
  }

  private static int mix(long k) {
    long h = k * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32));
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = vals;
    boolean[] ou = used;
    keys = new long[ok.length * 2];
    vals = new int[ok.length * 2];
    used = new boolean[ok.length * 2];
    int mask = keys.length - 1;
    for (int j = 0; j < ok.length; j++) {
      if (ou[j]) {
        int i = mix(ok[j]) & mask;
        while (used[i]) {
          i = (i + 1) & mask;
        }
        used[i] = true;
        keys[i] = ok[j];
        vals[i] = ov[j];
      }
    }
  }
}
