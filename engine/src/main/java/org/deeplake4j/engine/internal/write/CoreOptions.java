package org.deeplake4j.engine.internal.write;

import java.time.Duration;
import java.util.Map;
import org.deeplake4j.engine.storage.StorageResolver;

/**
 * The settings of one open dataset that the internal components use: the public {@code OpenOptions}
 * minus what only opening needs (ref, read-only flag). Accessor names match {@code OpenOptions} so
 * code moved out of {@code Dataset} reads the same.
 *
 * @param storageOptions backend options for storages opened besides the dataset's own (linked
 *     files); never logged
 * @param chunkCacheBytes bound of the decoded-chunk cache of the handle
 * @param resolver picks the storage backend by URL scheme (linked files, opening by path)
 * @param lockTimeout how long taking a branch's write lock waits for another writer
 * @param commitAttempts how many times a switch of the version tree tries its conditional write
 */
public record CoreOptions(
    Map<String, String> storageOptions,
    long chunkCacheBytes,
    StorageResolver resolver,
    Duration lockTimeout,
    int commitAttempts) {

  /** Default bound of the decoded-chunk cache (the public {@code OpenOptions}' default). */
  public static final long DEFAULT_CHUNK_CACHE_BYTES = 128L << 20;

  /** Default wait for another writer's branch lock: none (fail at once). */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ZERO;

  /** Default attempts of a switch of the version tree. */
  public static final int DEFAULT_COMMIT_ATTEMPTS = 50;

  public CoreOptions {
    storageOptions = Map.copyOf(storageOptions);
  }

  /**
   * The settings of {@code OpenOptions.defaults()}: for datasets the write side opens itself (the
   * other side of a merge, a saved view's dataset).
   */
  public static CoreOptions defaults() {
    return new CoreOptions(
        Map.of(),
        DEFAULT_CHUNK_CACHE_BYTES,
        new StorageResolver(),
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_COMMIT_ATTEMPTS);
  }

  @Override
  public String toString() {
    return "CoreOptions[storageOptions="
        + storageOptions.keySet()
        + ", chunkCacheBytes="
        + chunkCacheBytes
        + ", lockTimeout="
        + lockTimeout
        + ", commitAttempts="
        + commitAttempts
        + "]";
  }
}
