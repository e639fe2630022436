package org.deeplake4j.engine.storage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * In-memory storage ({@code mem://}); the default test fixture. Atomic primitive: a {@link
 * ConcurrentMap} compare-and-set on the key's entry, whose version is a per-storage generation
 * counter. Thread-safe. Stored arrays are copied on the way in and out.
 */
public final class MemoryStorage implements Storage {
  private record Entry(byte[] data, long generation, Instant modified) {}

  private final String name;
  private final ConcurrentMap<String, Entry> map = new ConcurrentHashMap<>();
  private final AtomicLong generation = new AtomicLong();

  public MemoryStorage(String name) {
    this.name = name;
  }

  public MemoryStorage() {
    this("anonymous");
  }

  @Override
  public String root() {
    return "mem://" + name;
  }

  private Entry entry(String key) {
    Entry e = map.get(Keys.check(key));
    if (e == null) {
      throw new KeyNotFoundException(root(), key);
    }
    return e;
  }

  @Override
  public byte[] get(String key) {
    return entry(key).data.clone();
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
    }
    byte[] d = entry(key).data;
    if (offset >= d.length) {
      return new byte[0];
    }
    return Arrays.copyOfRange(d, (int) offset, (int) Math.min(d.length, offset + length));
  }

  @Override
  public int readInto(String key, long offset, java.nio.ByteBuffer dst) {
    if (offset < 0) {
      throw new IllegalArgumentException("negative offset " + offset + " of " + key);
    }
    byte[] d = entry(key).data;
    if (offset >= d.length) {
      return 0;
    }
    int n = (int) Math.min(dst.remaining(), d.length - offset);
    dst.put(d, (int) offset, n);
    return n;
  }

  /** A read-only view of the stored bytes (never modified: a put stores a new array), no copy. */
  @Override
  public java.nio.ByteBuffer readMapped(String key) {
    return java.nio.ByteBuffer.wrap(entry(key).data).asReadOnlyBuffer();
  }

  private Entry newEntry(byte[] data) {
    return new Entry(data.clone(), generation.incrementAndGet(), Instant.now());
  }

  @Override
  public void put(String key, byte[] data) {
    map.put(Keys.check(key), newEntry(data));
  }

  /** Stores {@code data} itself, no copy: the caller gave it up. */
  @Override
  public void putOwned(String key, byte[] data) {
    map.put(Keys.check(key), new Entry(data, generation.incrementAndGet(), Instant.now()));
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    return map.putIfAbsent(Keys.check(key), newEntry(data)) == null;
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    Entry cur = map.get(Keys.check(key));
    if (cur == null || !Long.toString(cur.generation).equals(expectedVersion)) {
      return false;
    }
    return map.replace(key, cur, newEntry(data));
  }

  @Override
  public void delete(String key) {
    map.remove(Keys.check(key));
  }

  @Override
  public List<String> list(String prefix) {
    Keys.checkPrefix(prefix);
    List<String> out = new ArrayList<>();
    for (String k : map.keySet()) {
      if (k.startsWith(prefix)) {
        out.add(k);
      }
    }
    Collections.sort(out);
    return out;
  }

  @Override
  public boolean exists(String key) {
    return map.containsKey(Keys.check(key));
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    Entry e = map.get(Keys.check(key));
    return e == null
        ? Optional.empty()
        : Optional.of(new ObjectMetadata(e.data.length, Long.toString(e.generation), e.modified));
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  @Override
  public void close() {}
}
