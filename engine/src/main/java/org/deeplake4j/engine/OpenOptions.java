package org.deeplake4j.engine;

import java.util.Map;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.internal.write.CoreOptions;
import org.deeplake4j.engine.storage.StorageResolver;

/**
 * How to open a dataset. Immutable; {@code with*} methods return a copy.
 *
 * @param ref branch or commit id to read (null: the ref in the path, else {@code main})
 * @param readOnly open without taking write locks
 * @param storageOptions backend options (credentials, endpoints); never logged
 * @param chunkCacheBytes bound of the decoded-chunk cache of this handle
 * @param resolver picks the storage backend by URL scheme
 * @param lockTimeout how long a writable open (or a checkout to another branch) waits while another
 *     writer (a Python process, or an exclusive Java writer) holds the branch's write lock before
 *     throwing {@link DatasetLockedException}; zero fails at once (Python's default). A lock whose
 *     holder is provably dead (a Java writer killed on this machine) is taken over without waiting;
 *     any other lock lasts until its holder releases it or it expires, 300 s after its last refresh
 * @param commitAttempts how many times a commit (or any other switch of the version tree) tries its
 *     conditional write, rebasing on the new tip between attempts, before {@link
 *     CommitConflictException}
 */
public record OpenOptions(
    String ref,
    boolean readOnly,
    Map<String, String> storageOptions,
    long chunkCacheBytes,
    StorageResolver resolver,
    java.time.Duration lockTimeout,
    int commitAttempts) {

  /** Default bound of the decoded-chunk cache: 128 MiB. */
  public static final long DEFAULT_CHUNK_CACHE_BYTES = CoreOptions.DEFAULT_CHUNK_CACHE_BYTES;

  /** Default {@link #lockTimeout}: fail at once, as Python's {@code lock_timeout=0}. */
  public static final java.time.Duration DEFAULT_LOCK_TIMEOUT = CoreOptions.DEFAULT_LOCK_TIMEOUT;

  /** Default {@link #commitAttempts}. */
  public static final int DEFAULT_COMMIT_ATTEMPTS = CoreOptions.DEFAULT_COMMIT_ATTEMPTS;

  public OpenOptions {
    storageOptions = Map.copyOf(storageOptions);
    if (lockTimeout == null || lockTimeout.isNegative()) {
      throw new IllegalArgumentException("lockTimeout must be zero or positive: " + lockTimeout);
    }
    if (commitAttempts < 1) {
      throw new IllegalArgumentException("commitAttempts must be at least 1: " + commitAttempts);
    }
  }

  /** Read-only, main branch, no storage options, a fresh resolver. */
  public static OpenOptions defaults() {
    return new OpenOptions(
        null,
        true,
        Map.of(),
        DEFAULT_CHUNK_CACHE_BYTES,
        new StorageResolver(),
        DEFAULT_LOCK_TIMEOUT,
        DEFAULT_COMMIT_ATTEMPTS);
  }

  public OpenOptions withRef(String r) {
    return new OpenOptions(
        r, readOnly, storageOptions, chunkCacheBytes, resolver, lockTimeout, commitAttempts);
  }

  public OpenOptions withReadOnly(boolean ro) {
    return new OpenOptions(
        ref, ro, storageOptions, chunkCacheBytes, resolver, lockTimeout, commitAttempts);
  }

  public OpenOptions withStorageOptions(Map<String, String> o) {
    return new OpenOptions(
        ref, readOnly, o, chunkCacheBytes, resolver, lockTimeout, commitAttempts);
  }

  public OpenOptions withChunkCacheBytes(long bytes) {
    return new OpenOptions(
        ref, readOnly, storageOptions, bytes, resolver, lockTimeout, commitAttempts);
  }

  public OpenOptions withResolver(StorageResolver r) {
    return new OpenOptions(
        ref, readOnly, storageOptions, chunkCacheBytes, r, lockTimeout, commitAttempts);
  }

  public OpenOptions withLockTimeout(java.time.Duration t) {
    return new OpenOptions(
        ref, readOnly, storageOptions, chunkCacheBytes, resolver, t, commitAttempts);
  }

  public OpenOptions withCommitAttempts(int n) {
    return new OpenOptions(
        ref, readOnly, storageOptions, chunkCacheBytes, resolver, lockTimeout, n);
  }

  /** These options as the internal components take them. */
  CoreOptions internal() {
    return new CoreOptions(storageOptions, chunkCacheBytes, resolver, lockTimeout, commitAttempts);
  }

  @Override
  public String toString() {
    return "OpenOptions[ref="
        + ref
        + ", readOnly="
        + readOnly
        + ", storageOptions="
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
