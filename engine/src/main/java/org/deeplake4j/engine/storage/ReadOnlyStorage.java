package org.deeplake4j.engine.storage;

/** Read-only view of another storage; closing it does not close the delegate. */
final class ReadOnlyStorage extends ForwardingStorage {

  ReadOnlyStorage(Storage delegate) {
    super(delegate);
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
  public boolean isReadOnly() {
    return true;
  }

  @Override
  public void close() {}
}
