package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageResolver;

/**
 * Dataset lifecycle: creating (the empty root version Python writes), opening (a {@link
 * DatasetCore} at a ref, taking the branch's write lock when writable), and whole-dataset
 * operations on paths (exists, delete, copy, rename). The public {@code Dataset} factories parse
 * paths and options and delegate here.
 */
public final class Lifecycle {
  private Lifecycle() {}

  /**
   * Opens the dataset at {@code path} (no {@code @ref} suffix) at {@code ref} (null: main) in a
   * storage resolved with {@code options}, closed with the core.
   */
  public static DatasetCore open(String path, CoreOptions options, boolean readOnly, String ref) {
    Storage s = options.resolver().resolve(path, options.storageOptions(), readOnly);
    try {
      return new DatasetCore(path, s, true, options, ref);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Opens the dataset in {@code storage} (not closed with the core) at {@code ref}. */
  public static DatasetCore open(
      Storage storage, CoreOptions options, boolean readOnly, String ref) {
    Storage s = readOnly ? storage.readOnly() : storage;
    return new DatasetCore(storage.root(), s, false, options, ref);
  }

  /**
   * Opens the dataset in {@code storage} (not closed with the core) writable at {@code ref}, a
   * storage no other process sees: its write lock is taken without Python's verification wait.
   */
  static DatasetCore openUnshared(Storage storage, CoreOptions options, String ref) {
    return new DatasetCore(
        storage.root(), storage, false, options, ref, DatasetLock.Settings.unshared());
  }

  /**
   * Creates an empty dataset at {@code path} and opens it writable at {@code main}. Fails if a
   * dataset exists there, unless {@code overwrite}, which deletes every key under the root first.
   */
  public static DatasetCore create(String path, CoreOptions options, boolean overwrite) {
    Storage s = options.resolver().resolve(path, options.storageOptions(), false);
    try {
      initialize(s, overwrite);
      return new DatasetCore(path, s, true, options, "main");
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Creates a dataset in an existing storage (not closed with the core). */
  public static DatasetCore create(Storage storage, CoreOptions options, boolean overwrite) {
    initialize(storage, overwrite);
    return new DatasetCore(storage.root(), storage, false, options, "main");
  }

  static void initialize(Storage s, boolean overwrite) {
    if (s.exists(Layout.DATASET_META) || s.exists(VersionGraph.VERSION_INFO_KEY)) {
      if (!overwrite) {
        throw new DeepLakeException(
            "a dataset exists at " + s.root() + "; open it, or create with overwrite");
      }
      refuseIfLockedByOthers(s);
      for (String k : s.list("")) {
        s.delete(k);
      }
    }
    ObjectNode meta = JsonNodeFactory.instance.objectNode();
    meta.put("allow_delete", true);
    ObjectNode all = meta.putArray("default_index").addObject();
    all.putNull("start");
    all.putNull("step");
    all.putNull("stop");
    meta.putArray("groups");
    meta.putArray("hidden_tensors");
    meta.putObject("tensor_names");
    meta.putArray("tensors");
    meta.put("version", org.deeplake4j.engine.internal.format.VersionStrings.WRITTEN);
    // Conditional creates: of two processes creating one dataset at once, one wins and the other
    // is told a dataset exists; neither can overwrite the winner's tensors or first commit.
    if (!s.putIfAbsent(
        Layout.DATASET_META, org.deeplake4j.engine.internal.format.MetaJson.bytes(meta))) {
      throw new DeepLakeException(
          "a dataset exists at " + s.root() + " (created meanwhile by another writer)");
    }
    s.putIfAbsent(VersionGraph.VERSION_INFO_KEY, VersionGraph.initial().toJsonBytes());
  }

  /**
   * Refuses to wipe a dataset while any branch HEAD is write-locked by a writer that may be alive
   * (an unexpired lock whose holder is not provably dead, docs/commit-protocol.md L5).
   */
  private static void refuseIfLockedByOthers(Storage s) {
    VersionGraph g;
    try {
      g = VersionGraph.load(s);
    } catch (DeepLakeException e) {
      return; // an unreadable history: nothing to respect
    }
    java.time.Instant now = java.time.Instant.now();
    for (Map.Entry<String, String> b : g.branches().entrySet()) {
      String key = DatasetLock.lockKey(b.getValue());
      DatasetLock.LockRecord r = DatasetLock.read(s, key);
      if (r != null && !r.expiredAt(now) && !DatasetLock.holderGone(s, b.getKey(), r)) {
        throw new DatasetLockedException(
            s.root(),
            b.getKey(),
            key,
            r.nodeId(),
            r.tagValue(),
            r.expiry(),
            java.time.Duration.ZERO);
      }
    }
  }

  /** Whether a Deep Lake dataset exists at {@code path}. */
  public static boolean exists(String path) {
    try (Storage s = new StorageResolver().resolve(path, Map.of(), true)) {
      return s.exists(Layout.DATASET_META) || s.exists(VersionGraph.VERSION_INFO_KEY);
    }
  }

  /** Deletes the dataset at {@code path} (every key under its root). */
  public static void delete(String path) {
    try (Storage s = new StorageResolver().resolve(path, Map.of(), false)) {
      if (!s.exists(Layout.DATASET_META) && !s.exists(VersionGraph.VERSION_INFO_KEY)) {
        throw new NotFoundException("not a Deep Lake dataset: " + s.root());
      }
      for (String k : s.list("")) {
        s.delete(k);
      }
    }
  }

  /**
   * Copies the dataset at {@code src} (every version) to {@code dst}. Fails if {@code dst} holds a
   * dataset, unless {@code overwrite}.
   */
  public static void copy(String src, String dst, boolean overwrite) {
    StorageResolver r = new StorageResolver();
    try (Storage from = r.resolve(src, Map.of(), true);
        Storage to = r.resolve(dst, Map.of(), false)) {
      if (!from.exists(Layout.DATASET_META) && !from.exists(VersionGraph.VERSION_INFO_KEY)) {
        throw new NotFoundException("not a Deep Lake dataset: " + from.root());
      }
      if (to.exists(Layout.DATASET_META) || to.exists(VersionGraph.VERSION_INFO_KEY)) {
        if (!overwrite) {
          throw new DeepLakeException("a dataset exists at " + to.root() + "; copy with overwrite");
        }
        for (String k : to.list("")) {
          to.delete(k);
        }
      }
      List<String> keys = from.list("");
      for (String k : keys) {
        if (!isLockOrLease(k) && !k.equals(VersionGraph.VERSION_INFO_KEY)) {
          to.put(k, from.get(k));
        }
      }
      // The version tree last: until it lands, the copy does not look like a dataset with history.
      from.getIfExists(VersionGraph.VERSION_INFO_KEY)
          .ifPresent(b -> to.put(VersionGraph.VERSION_INFO_KEY, b));
    }
  }

  /**
   * The lock objects of the layout: a HEAD's writer lock (at the root or under {@code
   * versions/<id>/}) and the locks around {@code version_control_info.json} and {@code
   * queries.json} at the root, in the dataset or in a saved view's dataset under {@code .queries/}.
   * No tensor file has these paths: a tensor's files are its meta, info and encoder files and
   * hex-named chunks (format spec 1.3).
   */
  private static final Pattern LOCK =
      Pattern.compile(
          "^("
              + Pattern.quote(Layout.QUERIES_FOLDER)
              + ".+/)?(("
              + Pattern.quote(Layout.VERSIONS_FOLDER)
              + "[^/]+/)?"
              + Pattern.quote(Layout.DATASET_LOCK)
              + "|"
              + Pattern.quote(Layout.VERSION_CONTROL_INFO_LOCK)
              + "|"
              + Pattern.quote(Layout.QUERIES_LOCK)
              + ")$");

  /**
   * Whether {@code key} is a writer's lock or lease, which a copy must not carry (the copy has no
   * writers), decided from the layout's paths, never from a folder name alone.
   */
  static boolean isLockOrLease(String key) {
    return DatasetLock.isLeaseKey(key) || LOCK.matcher(key).matches();
  }

  /** Moves the dataset at {@code path} to {@code newPath} (copy, then delete the source). */
  public static void rename(String path, String newPath) {
    copy(path, newPath, false);
    delete(path);
  }
}
