package org.deeplake4j.engine.errors;

import java.time.Duration;
import java.time.Instant;

/**
 * A writer could not take a dataset's write lock ({@code dataset_lock.lock} of the branch HEAD, in
 * Deep Lake 3.x's format) because another writer holds it: a Python deeplake process, or a Java
 * writer locking exclusively. Thrown after waiting {@code OpenOptions.lockTimeout}. The message
 * names the lock key, the holder (6-byte node id in hex and its tag, for Python the process id) and
 * when the lock expires; nothing was written.
 */
public class DatasetLockedException extends DeepLakeException {
  private static final long serialVersionUID = 1L;

  private final String lockKey;
  private final long holderNodeId;
  private final long holderTag;
  private final Instant expiresAt;

  public DatasetLockedException(
      String root,
      String branch,
      String lockKey,
      long holderNodeId,
      long holderTag,
      Instant expiresAt,
      Duration waited) {
    super(
        "dataset "
            + root
            + " branch '"
            + branch
            + "' is locked for writing: "
            + lockKey
            + " is held by node "
            + String.format("0x%012x", holderNodeId)
            + " tag "
            + holderTag
            + " (Python writes its process id there) until "
            + expiresAt
            + " (in "
            + Math.max(0, Duration.between(Instant.now(), expiresAt).toSeconds())
            + " s); waited "
            + waited.toMillis()
            + " ms (OpenOptions.lockTimeout). Open it read-only, wait for the other writer to"
            + " close, or raise lockTimeout.");
    this.lockKey = lockKey;
    this.holderNodeId = holderNodeId;
    this.holderTag = holderTag;
    this.expiresAt = expiresAt;
  }

  /** Storage key of the lock file (relative to the dataset root). */
  public String lockKey() {
    return lockKey;
  }

  /** The holder's 48-bit node id (Python: {@code uuid.getnode()}). */
  public long holderNodeId() {
    return holderNodeId;
  }

  /** The holder's tag as an unsigned little-endian integer (Python: its process id). */
  public long holderTag() {
    return holderTag;
  }

  /** When the holder's lock expires unless refreshed. */
  public Instant expiresAt() {
    return expiresAt;
  }
}
