package org.deeplake4j.engine.tql;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;

/** A storage that records the keys it was asked to read. */
final class CountingStorage implements Storage {
  private final Storage delegate;
  private final List<String> reads = Collections.synchronizedList(new ArrayList<>());

  CountingStorage(Storage delegate) {
    this.delegate = delegate;
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
  public String root() {
    return delegate.root();
  }

  @Override
  public byte[] get(String key) {
    reads.add(key);
    return delegate.get(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    reads.add(key);
    return delegate.getRange(key, offset, length);
  }

  @Override
  public void put(String key, byte[] data) {
    delegate.put(key, data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    return delegate.putIfAbsent(key, data);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    return delegate.putIfMatch(key, data, expectedVersion);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
  }

  @Override
  public List<String> list(String prefix) {
    return delegate.list(prefix);
  }

  @Override
  public boolean exists(String key) {
    return delegate.exists(key);
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    return delegate.metadata(key);
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
