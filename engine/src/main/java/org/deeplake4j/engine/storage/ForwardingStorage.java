package org.deeplake4j.engine.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A storage that forwards every call to another storage (in the style of Guava's {@code
 * ForwardingObject}): subclasses override only the methods whose behaviour they change, such as a
 * read-only view, a counter or a fault injector.
 *
 * <p>Every {@link Storage} method forwards unchanged to {@link #delegate()}, including the default
 * methods {@link #getIfExists}, {@link #readInto} and {@link #localRoot} (so the delegate's
 * optimised versions are kept) and {@link #close()}; {@link #readMapped} forwards only while direct
 * file reads are allowed (below). Two consequences for subclasses:
 *
 * <ul>
 *   <li>A subclass that intercepts {@link #get} or {@link #getRange} must also intercept {@link
 *       #getIfExists} and {@link #readInto}, which forward directly rather than through them.
 *   <li>When {@link #localRoot} is present the engine may read local files directly (for example
 *       memory-mapped chunks), bypassing this storage; a subclass that must see every read should
 *       override it to return empty (or {@link #allowsDirectFileReads} to return false); {@link
 *       #readMapped} then reads through {@link #get}.
 * </ul>
 *
 * <p>{@link #readOnly()} is not forwarded: it wraps {@code this}, so a read-only view still goes
 * through this storage's overrides. A subclass that must not close the delegate overrides {@link
 * #close()}.
 *
 * <p>Thread-safety is the delegate's: this class adds no state, and a subclass that adds state must
 * make it thread-safe itself.
 */
public abstract class ForwardingStorage implements Storage {
  private final Storage delegate;

  /**
   * @param delegate the storage every call goes to
   */
  protected ForwardingStorage(Storage delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The storage every call goes to. */
  protected final Storage delegate() {
    return delegate;
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
  public int readInto(String key, long offset, ByteBuffer dst) {
    return delegate.readInto(key, offset, dst);
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

  /**
   * The delegate's mapping when {@link #allowsDirectFileReads} and {@link #localRoot} let readers
   * past this storage, else {@link #get} wrapped (so a subclass that intercepts {@code get} sees
   * the read).
   */
  @Override
  public ByteBuffer readMapped(String key) {
    if (allowsDirectFileReads() && localRoot().isPresent()) {
      return delegate.readMapped(key);
    }
    return Storage.super.readMapped(key);
  }

  @Override
  public Optional<Path> localRoot() {
    return delegate.localRoot();
  }

  @Override
  public boolean allowsDirectFileReads() {
    return delegate.allowsDirectFileReads();
  }

  @Override
  public boolean isReadOnly() {
    return delegate.isReadOnly();
  }

  /** A read-only view of {@code this} (not of the delegate), so overrides still apply. */
  @Override
  public Storage readOnly() {
    return isReadOnly() ? this : new ReadOnlyStorage(this);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
