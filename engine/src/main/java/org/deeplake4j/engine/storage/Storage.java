package org.deeplake4j.engine.storage;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A flat key-value object store rooted at one dataset: the only way the engine touches bytes.
 *
 * <p>Keys are relative, '/'-separated paths checked with {@link Keys#check}; no key can reach
 * outside the root. Implementations are thread-safe: any method may be called concurrently from any
 * thread. {@link #close()} releases clients and is idempotent.
 *
 * <p>Two conditional writes are the primitives of the commit protocol. Each implementation's
 * Javadoc names the atomic primitive it relies on:
 *
 * <ul>
 *   <li>{@link #putIfAbsent}: create {@code key} only if it does not exist, atomically;
 *   <li>{@link #putIfMatch}: replace {@code key} only if its current {@link ObjectMetadata#version}
 *       equals the given one, atomically.
 * </ul>
 */
public interface Storage extends AutoCloseable {

  /** A printable description of the root (URL or path), for messages. Never contains secrets. */
  String root();

  /** Whole object. Throws {@link KeyNotFoundException} if absent. */
  byte[] get(String key);

  /** The object, or empty if it does not exist. */
  default Optional<byte[]> getIfExists(String key) {
    try {
      return Optional.of(get(key));
    } catch (KeyNotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Bytes {@code [offset, offset + length)} of the object; fewer if the object ends earlier. Throws
   * {@link KeyNotFoundException} if absent.
   */
  byte[] getRange(String key, long offset, int length);

  /**
   * Copies bytes {@code [offset, offset + dst.remaining())} of the object into {@code dst} at its
   * position, advancing it; returns the number of bytes copied, fewer only if the object ends
   * earlier. Like {@link #get}, a copy: {@code dst} never aliases stored bytes. The default goes
   * through {@link #getRange}; backends override it to copy straight into {@code dst}, which spares
   * bulk readers an intermediate array. Throws {@link KeyNotFoundException} if absent.
   */
  default int readInto(String key, long offset, ByteBuffer dst) {
    byte[] b = getRange(key, offset, dst.remaining());
    dst.put(b);
    return b.length;
  }

  /**
   * The whole object as a read-only buffer (position 0, limit its size), for a reader that scans it
   * once and keeps no copy: a backend that can map the object into memory (a local file) returns
   * the mapping, with no copy and no heap array; the default reads it with {@link #get} and wraps
   * the bytes. Objects are replaced whole (never rewritten in place), so a mapping keeps showing
   * the bytes it was made over; it is released when the buffer is collected. Throws {@link
   * KeyNotFoundException} if absent.
   */
  default ByteBuffer readMapped(String key) {
    return ByteBuffer.wrap(get(key)).asReadOnlyBuffer();
  }

  /** Creates or replaces the object. Readers see either the old or the new bytes, never a mix. */
  void put(String key, byte[] data);

  /**
   * {@link #put}, the caller handing {@code data} over: it never reads or changes the array again,
   * so a storage that keeps objects on the heap may keep this array instead of a copy (the engine's
   * writers hand over each chunk they serialize). The default calls {@link #put}, so wrappers that
   * intercept {@code put} see these writes too.
   */
  default void putOwned(String key, byte[] data) {
    put(key, data);
  }

  /** Creates the object if absent; returns false (and writes nothing) if it already exists. */
  boolean putIfAbsent(String key, byte[] data);

  /**
   * Replaces the object if its current version equals {@code expectedVersion}; returns false (and
   * writes nothing) if it differs or the object is gone.
   */
  boolean putIfMatch(String key, byte[] data, String expectedVersion);

  /** Deletes the object; deleting an absent key is not an error. */
  void delete(String key);

  /** Every key that starts with {@code prefix} (the empty prefix lists all), sorted. */
  List<String> list(String prefix);

  /** Whether the object exists. */
  boolean exists(String key);

  /** Size, version tag and modification time, or empty if absent. */
  Optional<ObjectMetadata> metadata(String key);

  /** The root directory when this storage is a local file system, else empty. */
  default Optional<java.nio.file.Path> localRoot() {
    return Optional.empty();
  }

  /**
   * Whether readers may map or read the files under {@link #localRoot()} directly, bypassing {@link
   * #get}/{@link #getRange}. True for a plain local file system; a wrapper that must see every read
   * (counting, fault injection) answers false while still reporting its root (which relative links
   * resolve against).
   */
  default boolean allowsDirectFileReads() {
    return localRoot().isPresent();
  }

  /** Whether writes are refused. */
  boolean isReadOnly();

  /** A view of this storage that refuses every write with {@link ReadOnlyStorageException}. */
  default Storage readOnly() {
    return isReadOnly() ? this : new ReadOnlyStorage(this);
  }

  @Override
  void close();
}
