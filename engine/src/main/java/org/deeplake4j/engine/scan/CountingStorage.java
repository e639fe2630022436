package org.deeplake4j.engine.scan;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.Storage;

/**
 * A storage that counts what readers fetch from chunk objects (keys {@code .../chunks/<hex id>}):
 * the bytes returned by {@link #get}, {@link #getRange} and {@link #readInto} on chunk keys and the
 * number of distinct chunk objects touched. Metadata and encoder reads are not counted. Everything
 * else is delegated unchanged; {@link #close()} closes the delegate only when asked to at
 * construction. Thread-safe.
 */
public final class CountingStorage extends ForwardingStorage {
  private final boolean closeDelegate;
  private final AtomicLong chunkBytes = new AtomicLong();
  private final Set<String> chunks = ConcurrentHashMap.newKeySet();

  /**
   * @param delegate the storage read
   * @param closeDelegate whether {@link #close()} closes {@code delegate}
   */
  public CountingStorage(Storage delegate, boolean closeDelegate) {
    super(delegate);
    this.closeDelegate = closeDelegate;
  }

  /** Bytes read from chunk objects so far. */
  public long chunkBytesRead() {
    return chunkBytes.get();
  }

  /** Distinct chunk objects read from so far. */
  public long chunksRead() {
    return chunks.size();
  }

  /** Whether {@code key} names a chunk object: {@code <tensor key>/chunks/<hex id>}. */
  public static boolean isChunkKey(String key) {
    int slash = key.lastIndexOf('/');
    if (slash < 0 || !key.startsWith("/" + Layout.CHUNKS, slash - Layout.CHUNKS.length() - 1)) {
      return false;
    }
    if (slash == key.length() - 1) {
      return false;
    }
    for (int i = slash + 1; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private void count(String key, long n) {
    if (isChunkKey(key)) {
      chunks.add(key);
      chunkBytes.addAndGet(n);
    }
  }

  @Override
  public byte[] get(String key) {
    byte[] b = delegate().get(key);
    count(key, b.length);
    return b;
  }

  @Override
  public Optional<byte[]> getIfExists(String key) {
    Optional<byte[]> b = delegate().getIfExists(key);
    b.ifPresent(x -> count(key, x.length));
    return b;
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    byte[] b = delegate().getRange(key, offset, length);
    count(key, b.length);
    return b;
  }

  @Override
  public int readInto(String key, long offset, ByteBuffer dst) {
    int n = delegate().readInto(key, offset, dst);
    count(key, n);
    return n;
  }

  /** False: chunk files must be read through this storage so that every byte is counted. */
  @Override
  public boolean allowsDirectFileReads() {
    return false;
  }

  @Override
  public void close() {
    if (closeDelegate) {
      super.close();
    }
  }
}
