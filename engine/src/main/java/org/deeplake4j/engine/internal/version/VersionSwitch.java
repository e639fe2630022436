package org.deeplake4j.engine.internal.version;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.storage.ObjectMetadata;
import org.deeplake4j.engine.storage.Storage;

/**
 * The one switch point of the commit protocol ({@code docs/commit-protocol.md}, rules P1–P6): a
 * change of a dataset's version tree becomes visible by replacing {@code version_control_info.json}
 * with a conditional write on the version the writer read it at. Every writer of this engine that
 * changes the tree (flush, commit, branch creation, reset, branch deletion, merge) goes through
 * {@link #run}.
 *
 * <p>Stateless and thread-safe; the atomicity comes from {@link Storage#putIfMatch} and {@link
 * Storage#putIfAbsent}.
 */
public final class VersionSwitch {
  private static final long BACKOFF_START_MILLIS = 5;
  private static final long BACKOFF_MAX_MILLIS = 400;

  private VersionSwitch() {}

  /**
   * The version tree as read for one attempt.
   *
   * @param graph the tree
   * @param token the version of {@code version_control_info.json} it was read at (read before the
   *     bytes, so never newer than the tree); null when the file did not exist
   */
  public record Snapshot(VersionGraph graph, String token) {}

  /**
   * What one attempt staged: the tree to switch to and the value to return when the switch wins;
   * {@link #run} returns it with the number of the attempt that won.
   */
  public record Staged<T>(VersionGraph next, T result, int attempt) {
    public Staged(VersionGraph next, T result) {
      this(next, result, 0);
    }
  }

  /** One attempt's staging: given the current tree, write everything the new tree needs (P1). */
  @FunctionalInterface
  public interface Step<T> {
    /**
     * Stages a switch from {@code base}: writes every file the new tree references (into folders no
     * published node names) and returns the new tree. Throws {@link CommitConflictException} when
     * the change cannot be rebased onto {@code base}.
     */
    Staged<T> stage(Snapshot base, int attempt);
  }

  /** Reads the tree and its version token, token first (P2). */
  public static Snapshot read(Storage storage) {
    String token =
        storage.metadata(VersionGraph.VERSION_INFO_KEY).map(ObjectMetadata::version).orElse(null);
    Optional<byte[]> bytes = storage.getIfExists(VersionGraph.VERSION_INFO_KEY);
    return new Snapshot(VersionGraph.fromBytes(storage, bytes), token);
  }

  /**
   * Runs the protocol: read, stage, switch; on a lost switch re-read, re-stage (the step rebases)
   * and retry with backoff, up to {@code attempts} times (P3). The first attempt stages
   * optimistically, without holding {@code version_control_info.lock}; a retry holds it while it
   * re-reads and re-stages, so that cooperating writers queue instead of invalidating each other's
   * staging over and over (a retry then loses only to a writer that ignores the lock or outlives
   * its 10 s validity).
   *
   * @param lockFirst stage the first attempt under the lock too (for a writer that recently lost a
   *     switch: contention is likely, and an optimistic staging would be wasted)
   * @param what the change, for messages ("commit of branch 'main'")
   * @throws CommitConflictException when every attempt lost, or a step found a conflict
   * @throws CommitStateUnknownException when the conditional write failed without telling whether
   *     it happened (P4)
   */
  public static <T> Staged<T> run(
      Storage storage,
      DatasetLock.Identity identity,
      int attempts,
      boolean lockFirst,
      String what,
      Step<T> step) {
    for (int attempt = 1; attempt <= attempts; attempt++) {
      // locked: this writer may have written its lock record. A failure while taking the lock
      // (after the write, e.g. reading it back) still releases it, so that other writers do not
      // wait out its 10 s (releasing deletes only a record naming this writer).
      boolean locked = false;
      try {
        if (attempt > 1 || lockFirst) {
          locked = true;
          lockVersionInfo(storage, identity);
        }
        Snapshot base = read(storage);
        Staged<T> staged = step.stage(base, attempt);
        if (!locked) {
          locked = true;
          lockVersionInfo(storage, identity);
        }
        if (switchUnderLock(storage, base, staged.next(), what)) {
          return new Staged<>(staged.next(), staged.result(), attempt);
        }
      } finally {
        if (locked) {
          releaseQuietly(storage, identity);
        }
      }
      if (attempt < attempts) {
        backoff(attempt);
      }
    }
    throw new CommitConflictException(
        what
            + " of "
            + storage.root()
            + " lost the switch of "
            + VersionGraph.VERSION_INFO_KEY
            + " to concurrent writers "
            + attempts
            + " times (OpenOptions.commitAttempts); its staged files are unreferenced; retry later");
  }

  /**
   * Takes Python's {@code version_control_info.lock} (P6), waiting at most until another holder's
   * lock expires.
   */
  private static void lockVersionInfo(Storage storage, DatasetLock.Identity identity) {
    DatasetLock.Settings d = DatasetLock.Settings.defaults(storage);
    // Switches are short: poll the short lock more often than a dataset lock.
    DatasetLock.Settings st =
        new DatasetLock.Settings(
            d.validity(), d.refreshInterval(), d.verifyDelay(), d.verifyDelay().dividedBy(2));
    DatasetLock.LockRecord other =
        DatasetLock.acquireKey(
            storage,
            DatasetLock.VERSION_INFO_LOCK_KEY,
            identity,
            DatasetLock.VERSION_INFO_LOCK_VALIDITY,
            st,
            DatasetLock.VERSION_INFO_LOCK_VALIDITY.plusSeconds(1));
    if (other != null) {
      throw new DatasetLockedException(
          storage.root(),
          "*",
          DatasetLock.VERSION_INFO_LOCK_KEY,
          other.nodeId(),
          other.tagValue(),
          other.expiry(),
          DatasetLock.VERSION_INFO_LOCK_VALIDITY.plusSeconds(1));
    }
  }

  /**
   * Replaces the tree read as {@code base} with {@code next} if nobody switched since (P2); the
   * caller holds {@code version_control_info.lock} (P6). Returns false when someone did.
   */
  private static boolean switchUnderLock(
      Storage storage, Snapshot base, VersionGraph next, String what) {
    String now =
        storage.metadata(VersionGraph.VERSION_INFO_KEY).map(ObjectMetadata::version).orElse(null);
    if (!Objects.equals(now, base.token())) {
      return false;
    }
    byte[] bytes = next.toJsonBytes();
    try {
      return base.token() == null
          ? storage.putIfAbsent(VersionGraph.VERSION_INFO_KEY, bytes)
          : storage.putIfMatch(VersionGraph.VERSION_INFO_KEY, bytes, base.token());
    } catch (RuntimeException e) {
      throw new CommitStateUnknownException(
          what
              + " of "
              + storage.root()
              + ": the conditional write of "
              + VersionGraph.VERSION_INFO_KEY
              + " failed and may or may not have happened ("
              + e.getMessage()
              + "); nothing was cleaned up; reopen the dataset to see whether the new"
              + " version is there",
          e);
    }
  }

  /** P5: the short lock expires by itself in 10 s; failing to delete it must not fail a switch. */
  private static void releaseQuietly(Storage storage, DatasetLock.Identity identity) {
    try {
      DatasetLock.releaseKey(storage, DatasetLock.VERSION_INFO_LOCK_KEY, identity);
    } catch (RuntimeException e) {
      // expires in VERSION_INFO_LOCK_VALIDITY
    }
  }

  private static void backoff(int attempt) {
    long cap = Math.min(BACKOFF_MAX_MILLIS, BACKOFF_START_MILLIS << Math.min(attempt - 1, 16));
    long ms = ThreadLocalRandom.current().nextLong(cap / 2, cap + 1);
    try {
      TimeUnit.MILLISECONDS.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeepLakeException("interrupted while retrying a commit");
    }
  }
}
