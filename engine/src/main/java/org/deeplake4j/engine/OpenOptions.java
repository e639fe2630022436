package org.deeplake4j.engine;

import java.util.Map;
import org.deeplake4j.engine.storage.StorageResolver;

/**
 * How to open a dataset. Immutable; {@code with*} methods return a copy.
 *
 * @param ref branch or commit id to read (null: the ref in the path, else {@code main})
 * @param readOnly open without taking write locks
 * @param storageOptions backend options (credentials, endpoints); never logged
 * @param chunkCacheBytes bound of the decoded-chunk cache of this handle
 * @param resolver picks the storage backend by URL scheme
 */
public record OpenOptions(
    String ref,
    boolean readOnly,
    Map<String, String> storageOptions,
    long chunkCacheBytes,
    StorageResolver resolver) {

  /** Default bound of the decoded-chunk cache: 128 MiB. */
  public static final long DEFAULT_CHUNK_CACHE_BYTES = 128L << 20;

  public OpenOptions {
    storageOptions = Map.copyOf(storageOptions);
  }

  /** Read-only, main branch, no storage options, a fresh resolver. */
  public static OpenOptions defaults() {
    return new OpenOptions(null, true, Map.of(), DEFAULT_CHUNK_CACHE_BYTES, new StorageResolver());
  }

  public OpenOptions withRef(String r) {
    return new OpenOptions(r, readOnly, storageOptions, chunkCacheBytes, resolver);
  }

  public OpenOptions withReadOnly(boolean ro) {
    return new OpenOptions(ref, ro, storageOptions, chunkCacheBytes, resolver);
  }

  public OpenOptions withStorageOptions(Map<String, String> o) {
    return new OpenOptions(ref, readOnly, o, chunkCacheBytes, resolver);
  }

  public OpenOptions withChunkCacheBytes(long bytes) {
    return new OpenOptions(ref, readOnly, storageOptions, bytes, resolver);
  }

  public OpenOptions withResolver(StorageResolver r) {
    return new OpenOptions(ref, readOnly, storageOptions, chunkCacheBytes, r);
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
        + "]";
  }
}
