package org.deeplake4j.engine.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The keys under one folder of another storage, as a storage of its own (Python's {@code
 * storage.subdir(path)}): key {@code k} here is key {@code prefix/k} of the delegate. Used for
 * datasets nested in a dataset, such as saved views under {@code .queries/<id>}. Thread-safe as the
 * delegate is; closing it does not close the delegate. The conditional writes are the delegate's,
 * so they keep its atomic primitive.
 */
public final class PrefixStorage implements Storage {
  private final Storage delegate;
  private final String prefix;

  private PrefixStorage(Storage delegate, String prefix) {
    this.delegate = delegate;
    this.prefix = prefix;
  }

  /**
   * The keys of {@code delegate} under folder {@code folder} (a relative key without a trailing
   * slash, checked with {@link Keys#check}).
   */
  public static PrefixStorage of(Storage delegate, String folder) {
    Keys.check(folder);
    String f = folder.endsWith("/") ? folder : folder + "/";
    return new PrefixStorage(delegate, f);
  }

  /** The folder of the delegate this storage reads and writes, ending in '/'. */
  public String prefix() {
    return prefix;
  }

  private String full(String key) {
    return prefix + Keys.check(key);
  }

  @Override
  public String root() {
    String r = delegate.root();
    return (r.endsWith("/") ? r : r + "/") + prefix.substring(0, prefix.length() - 1);
  }

  @Override
  public byte[] get(String key) {
    try {
      return delegate.get(full(key));
    } catch (KeyNotFoundException e) {
      throw missing(key, e);
    }
  }

  @Override
  public Optional<byte[]> getIfExists(String key) {
    return delegate.getIfExists(full(key));
  }

  @Override
  public byte[] getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative range " + offset + "+" + length + " of " + key);
    }
    try {
      return delegate.getRange(full(key), offset, length);
    } catch (KeyNotFoundException e) {
      throw missing(key, e);
    }
  }

  @Override
  public int readInto(String key, long offset, ByteBuffer dst) {
    try {
      return delegate.readInto(full(key), offset, dst);
    } catch (KeyNotFoundException e) {
      throw missing(key, e);
    }
  }

  @Override
  public ByteBuffer readMapped(String key) {
    try {
      return delegate.readMapped(full(key));
    } catch (KeyNotFoundException e) {
      throw missing(key, e);
    }
  }

  @Override
  public void put(String key, byte[] data) {
    checkWritable("put", key);
    delegate.put(full(key), data);
  }

  @Override
  public void putOwned(String key, byte[] data) {
    checkWritable("put", key);
    delegate.putOwned(full(key), data);
  }

  @Override
  public boolean putIfAbsent(String key, byte[] data) {
    checkWritable("put", key);
    return delegate.putIfAbsent(full(key), data);
  }

  @Override
  public boolean putIfMatch(String key, byte[] data, String expectedVersion) {
    checkWritable("put", key);
    return delegate.putIfMatch(full(key), data, expectedVersion);
  }

  @Override
  public void delete(String key) {
    checkWritable("delete", key);
    delegate.delete(full(key));
  }

  private KeyNotFoundException missing(String key, KeyNotFoundException cause) {
    KeyNotFoundException e = new KeyNotFoundException(root(), key);
    e.initCause(cause);
    return e;
  }

  private void checkWritable(String op, String key) {
    if (delegate.isReadOnly()) {
      throw new ReadOnlyStorageException(root(), op, key);
    }
  }

  @Override
  public List<String> list(String p) {
    Keys.checkPrefix(p);
    List<String> all = delegate.list(prefix + p);
    List<String> out = new ArrayList<>(all.size());
    for (String k : all) {
      out.add(k.substring(prefix.length()));
    }
    return out;
  }

  @Override
  public boolean exists(String key) {
    return delegate.exists(full(key));
  }

  @Override
  public Optional<ObjectMetadata> metadata(String key) {
    return delegate.metadata(full(key));
  }

  @Override
  public Optional<java.nio.file.Path> localRoot() {
    return delegate.localRoot().map(r -> r.resolve(prefix.substring(0, prefix.length() - 1)));
  }

  @Override
  public boolean allowsDirectFileReads() {
    return delegate.allowsDirectFileReads();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  @Override
  public void close() {}

  @Override
  public String toString() {
    return "PrefixStorage(" + root() + ")";
  }
}
