package org.deeplake4j.engine.storage;

import java.util.List;
import java.util.Optional;

/** Read-only view of another storage; closing it does not close the delegate. */
final class ReadOnlyStorage implements Storage {
  private final Storage delegate;

  ReadOnlyStorage(Storage delegate) {
    this.delegate = delegate;
  }

  @Override
  public String root() {
    return delegate.root();
  }

  @Override
  public byte[] get(String key) {
    return delegate.get(key);
  }

  @Override
  public Optional<byte[]> getIfExists(String key) {
    return delegate.getIfExists(key);
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public int readInto(String key, long offset, java.nio.ByteBuffer dst) {
    return delegate.readInto(key, offset, dst);
  }

  @Override
  public void put(String key, byte[] data) {
    throw new ReadOnlyStorageException(root(), "put", key);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    throw new ReadOnlyStorageException(root(), "put", key);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    throw new ReadOnlyStorageException(root(), "put", key);
  }

  @Override
  public void delete(String key) {
    throw new ReadOnlyStorageException(root(), "delete", key);
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
  public Optional<java.nio.file.Path> localRoot() {
    return delegate.localRoot();
  }

  @Override
  public boolean isReadOnly() {
    return true;
  }

  @Override
  public void close() {}
}
