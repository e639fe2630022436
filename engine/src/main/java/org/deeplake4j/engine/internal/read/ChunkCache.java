package org.deeplake4j.engine.internal.read;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A small LRU cache of decoded chunks bounded by bytes, so that reading many samples of one chunk
 * parses and decompresses it once. Lives as long as the dataset handle that owns it; never shared
 * between handles (so benchmarks measure the reader). Thread-safe.
 */
public final class ChunkCache {
  /** A cached value and its approximate size in bytes. */
  public interface Sized {
    long sizeBytes();
  }

  private final long capacity;
  private long used;
  private final LinkedHashMap<String, Sized> map = new LinkedHashMap<>(16, 0.75f, true);

  public ChunkCache(long capacityBytes) {
    this.capacity = capacityBytes;
  }

  /** Whether {@code key} is cached (without touching its recency). */
  public synchronized boolean contains(String key) {
    return map.containsKey(key);
  }

  /** The cached value for {@code key}, loading (outside the lock) and caching it if absent. */
  @SuppressWarnings("unchecked")
  public <T extends Sized> T get(String key, Supplier<T> loader) {
    synchronized (this) {
      Sized v = map.get(key);
      if (v != null) {
        return (T) v;
      }
    }
    T loaded = loader.get();
    synchronized (this) {
      Sized prev = map.put(key, loaded);
      if (prev != null) {
        used -= prev.sizeBytes();
      }
      used += loaded.sizeBytes();
      var it = map.entrySet().iterator();
      while (used > capacity && map.size() > 1 && it.hasNext()) {
        Map.Entry<String, Sized> e = it.next();
        if (e.getKey().equals(key)) {
          continue;
        }
        used -= e.getValue().sizeBytes();
        it.remove();
      }
    }
    return loaded;
  }

  /** Drops the cached value of {@code key} (its bytes were rewritten). */
  public synchronized void invalidate(String key) {
    Sized v = map.remove(key);
    if (v != null) {
      used -= v.sizeBytes();
    }
  }
}
