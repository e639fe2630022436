package org.deeplake4j.engine.tql;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.storage.ForwardingStorage;
import org.deeplake4j.engine.storage.Storage;

/**
 * A storage that records the keys it was asked to read ({@code get}, {@code getIfExists}, {@code
 * getRange}, {@code readInto}). Its {@link #localRoot} is empty so that no read bypasses it.
 */
final class CountingStorage extends ForwardingStorage {
  private final List<String> reads = Collections.synchronizedList(new ArrayList<>());

  CountingStorage(Storage delegate) {
    super(delegate);
  }

  /** Keys read so far, in order (repeats included). */
  List<String> reads() {
    return List.copyOf(reads);
  }

  void reset() {
    reads.clear();
  }

  /** Number of chunk reads of the tensor stored under {@code tensorKey}. */
  long chunkReads(String tensorKey) {
    return reads().stream().filter(k -> k.startsWith(tensorKey + "/chunks/")).count();
  }

  /** Number of chunk reads of any tensor. */
  long chunkReads() {
    return reads().stream().filter(k -> k.contains("/chunks/")).count();
  }

  @Override
  public byte[] get(String key) {
    reads.add(key);
    return super.get(key);
  }

  @Override
  public Optional<byte[]> getIfExists(String key) {
    reads.add(key);
    return super.getIfExists(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    reads.add(key);
    return super.getRange(key, offset, length);
  }

  @Override
  public int readInto(String key, long offset, ByteBuffer dst) {
    reads.add(key);
    return super.readInto(key, offset, dst);
  }

  @Override
  public Optional<Path> localRoot() {
    return Optional.empty();
  }
}
