package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.LinkCredentials;
import org.deeplake4j.engine.internal.read.ChunkCache;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * The state of one open dataset handle at one version, shared by its components: the storage, the
 * version tree and the node being read or written, dataset_meta and info, the write lock, the
 * staged changes (tensor writers, pending metas, the private node of the commit protocol) and the
 * decoded-chunk cache. The public {@code Dataset} is a thin handle over one core; it supplies the
 * {@link HandleLayer} (its cached tensor handles). The write side reads the core's version through
 * {@link #reads()} (the read layer's tensor readers).
 *
 * <p>Components: {@link DatasetWriter} (tensors, rows, flush), {@link VersionControl} (commits,
 * branches, the commit protocol), {@link LinkCredentials} (linked_creds.json, link files), {@link
 * Lifecycle} (create, open, delete, copy). Not thread-safe for writes: the public handle serializes
 * every change (its writing methods are synchronized); reads of the volatile fields are safe from
 * any thread.
 */
public final class DatasetCore implements AutoCloseable {
  final String path;
  final Storage storage;
  final boolean ownsStorage;
  final CoreOptions options;
  volatile VersionGraph graph;
  volatile CommitNode node;
  volatile List<String> chain;
  volatile DatasetMeta meta;
  volatile JsonNode info;
  final Map<String, TensorWriter> writers = new LinkedHashMap<>();
  ObjectNode pendingMeta;
  ObjectNode pendingInfo;
  org.deeplake4j.engine.internal.format.DatasetDiff datasetDiff;
  final java.util.Set<String> deletedKeys = new java.util.LinkedHashSet<>();
  volatile long generation;
  boolean closed;

  final ChunkCache cache;
  DatasetLock lock;
  WriteSession session;
  boolean stateUnknown;

  /**
   * Why the handle no longer knows its HEAD: a switch succeeded, but re-reading the new HEAD failed
   * (P5); null while it knows. Writes are refused ("reopen"), and closing flushes nothing.
   */
  String staleAfterSwitch;

  final DatasetWriter writer;
  final VersionControl versions;
  final LinkCredentials creds;
  private final VersionSource reads = new VersionSource(this);
  private HandleLayer handles;

  DatasetCore(String path, Storage storage, boolean ownsStorage, CoreOptions options, String ref) {
    this(path, storage, ownsStorage, options, ref, null);
  }

  /** {@code lockSettings}: timings of the write lock (null: {@code Settings.defaults}). */
  DatasetCore(
      String path,
      Storage storage,
      boolean ownsStorage,
      CoreOptions options,
      String ref,
      DatasetLock.Settings lockSettings) {
    this.path = path;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.options = options;
    if (!storage.exists(Layout.DATASET_META)
        && !storage.exists(VersionGraph.VERSION_INFO_KEY)
        && !storage.exists(VersionGraph.LEGACY_VERSION_INFO_KEY)) {
      throw new NotFoundException(
          "not a Deep Lake dataset: " + storage.root() + " has no dataset_meta.json");
    }
    VersionGraph g = VersionGraph.load(storage);
    CommitNode n = g.resolve(ref == null ? "main" : ref, storage.root());
    if (!storage.isReadOnly() && n.isHead()) {
      // A writable open at a HEAD takes the branch's write lock first (Python's format).
      lock =
          DatasetLock.acquire(
              storage,
              n.branch(),
              VersionControl::lockIdentityFor,
              options.lockTimeout(),
              lockSettings != null ? lockSettings : DatasetLock.Settings.defaults(storage));
      g = lock.graph();
      n = g.node(lock.headId());
    }
    try {
      this.graph = g;
      this.node = n;
      this.chain = graph.chain(node.id());
      String metaKey = VersionKeys.at(node.id(), Layout.DATASET_META);
      this.meta = DatasetMeta.parse(storage.get(metaKey), metaKey);
      String infoKey = VersionKeys.at(node.id(), Layout.DATASET_INFO);
      this.info =
          storage
              .getIfExists(infoKey)
              .map(b -> Json.parse(b, infoKey))
              .orElse(JsonNodeFactory.instance.objectNode());
    } catch (RuntimeException e) {
      if (lock != null) {
        lock.close();
      }
      throw e;
    }
    this.cache = new ChunkCache(options.chunkCacheBytes());
    this.writer = new DatasetWriter(this);
    this.versions = new VersionControl(this);
    this.creds = new LinkCredentials(storage, options.resolver(), options.storageOptions());
    if (lock != null && VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      try {
        writer.repairTornRoot();
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
  }

  /**
   * Whether the HEAD being read has uncommitted changes, as Python decides: the root with any
   * tensor, a tensor {@code commit_diff} in the HEAD folder, or a dataset_diff recording info
   * updates, renames or deletions.
   */
  public boolean hasHeadChanges() {
    if (!storage.isReadOnly()) {
      writer.flushLocal();
    }
    if (!node.isHead()) {
      return false;
    }
    if (VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      return !meta.tensors().isEmpty();
    }
    for (String key : meta.tensors()) {
      if (storage.exists(VersionKeys.at(node.id(), Layout.commitDiff(key)))) {
        return true;
      }
    }
    Optional<byte[]> dd = storage.getIfExists(VersionKeys.at(node.id(), Layout.DATASET_DIFF));
    return dd.isPresent() && datasetDiffHasChanges(dd.get());
  }

  private static boolean datasetDiffHasChanges(byte[] b) {
    if (b.length < 1) {
      return false;
    }
    if (b[0] != 0) {
      return true;
    }
    for (int i = 1; i < b.length; i++) {
      if (b[i] != 0) {
        return true; // a non-zero rename or deletion count
      }
    }
    return false;
  }

  /** Tensor names in dataset_meta order, optionally with hidden companion tensors. */
  public List<String> tensorNames(boolean includeHidden) {
    DatasetMeta m = meta;
    NameLists cached = names;
    if (cached == null || cached.meta != m) {
      List<String> all = new ArrayList<>();
      List<String> visible = new ArrayList<>();
      for (String n : m.namesInKeyOrder()) {
        all.add(n);
        if (!m.hiddenTensors().contains(m.tensorNames().get(n))) {
          visible.add(n);
        }
      }
      cached = new NameLists(m, List.copyOf(all), List.copyOf(visible));
      names = cached; // per-row appends ask twice per row: computed once per dataset_meta
    }
    return includeHidden ? cached.all : cached.visible;
  }

  private record NameLists(DatasetMeta meta, List<String> all, List<String> visible) {}

  private volatile NameLists names;

  void checkWritable() {
    if (closed) {
      throw new DeepLakeException("dataset " + storage.root() + " is closed");
    }
    if (storage.isReadOnly()) {
      throw new DeepLakeException(
          "dataset " + storage.root() + " is open read-only; open it with readOnly=false to write");
    }
    if (!node.isHead()) {
      throw new DeepLakeException(
          "dataset "
              + storage.root()
              + " is open at commit "
              + node.id()
              + ", which is immutable; open a branch to write");
    }
    if (stateUnknown) {
      throw new DeepLakeException(
          "dataset "
              + storage.root()
              + ": a switch of the version tree by this handle ended with an unknown outcome;"
              + " reopen the dataset");
    }
    if (staleAfterSwitch != null) {
      throw new DeepLakeException(
          "dataset "
              + storage.root()
              + ": this handle's last change was published, but reading the new HEAD "
              + node.id()
              + " failed ("
              + staleAfterSwitch
              + "); reopen the dataset");
    }
    if (lock == null || lock.isLost()) {
      throw new DeepLakeException(
          "dataset "
              + storage.root()
              + " branch '"
              + node.branch()
              + "': this handle "
              + (lock == null ? "holds no write lock" : "lost its write lock to another writer")
              + "; reopen it writable");
    }
  }

  void moveTo(VersionGraph g, String nodeId) {
    graph = g;
    node = g.node(nodeId);
    chain = g.chain(nodeId);
    String metaKey = VersionKeys.at(nodeId, Layout.DATASET_META);
    meta = DatasetMeta.parse(storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(nodeId, Layout.DATASET_INFO);
    info =
        storage
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    writers.clear();
    dropTensorHandles();
    pendingMeta = null;
    pendingInfo = null;
    datasetDiff = null;
    deletedKeys.clear();
    session = null;
    generation++;
  }

  void releaseLock() {
    if (lock != null) {
      DatasetLock l = lock;
      lock = null;
      l.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      // P4, P5: after a switch with an unknown outcome (or one whose new HEAD could not be read
      // back) the handle writes nothing more, not even the flush of its private node as the HEAD
      // (the node may already be published as a commit).
      if (!storage.isReadOnly() && !stateUnknown && staleAfterSwitch == null) {
        writer.flush();
      }
    } finally {
      closed = true;
      try {
        releaseLock();
      } finally {
        if (ownsStorage) {
          storage.close();
        }
      }
    }
  }

  /** Called once by the handle that wraps this core. */
  public void attach(HandleLayer handleLayer) {
    if (handles != null) {
      throw new IllegalStateException("core of " + storage.root() + " is wrapped already");
    }
    handles = handleLayer;
  }

  /** Reads of this version through the read layer (staged changes flushed and included). */
  public VersionSource reads() {
    return reads;
  }

  /** What {@code tensors.clear()} was in {@code Dataset}: cached tensor handles are stale. */
  void dropTensorHandles() {
    if (handles != null) {
      handles.dropTensorHandles();
    }
  }

  /**
   * The storage key of tensor {@code name} at this version, flushing first when the tensor was
   * created by changes not flushed yet.
   *
   * @throws NotFoundException when there is no such tensor
   */
  public String tensorKey(String name) {
    if (pendingMeta != null
        && !meta.tensorNames().containsKey(name)
        && DatasetMetaEdits.namesOf(pendingMeta).containsKey(name)) {
      writer.flushLocal();
    }
    String key = meta.tensorNames().get(name);
    if (key == null) {
      throw new NotFoundException(
          "no tensor '"
              + name
              + "' in "
              + storage.root()
              + " at "
              + node.id()
              + " (tensors: "
              + String.join(", ", tensorNames(false))
              + ")");
    }
    return key;
  }

  /** The path or URL the dataset was opened from. */
  public String path() {
    return path;
  }

  /** The settings the handle was opened with. */
  public CoreOptions options() {
    return options;
  }

  /** The storage under the dataset root. */
  public Storage storage() {
    return storage;
  }

  /** The version tree as this handle last read or wrote it. */
  public VersionGraph graph() {
    return graph;
  }

  /** The node being read or written. */
  public CommitNode node() {
    return node;
  }

  /** The node's chain of versions, itself first, back to the root. */
  public List<String> chain() {
    return chain;
  }

  /** dataset_meta.json of the node (as last flushed). */
  public DatasetMeta meta() {
    return meta;
  }

  /** dataset_info.json of the node (as last flushed; the caller must not modify it). */
  public JsonNode info() {
    return info;
  }

  /** Changes whenever staged or stored state changes; handles compare it to find they are stale. */
  public long generation() {
    return generation;
  }

  /** The decoded-chunk cache of this handle. */
  public ChunkCache cache() {
    return cache;
  }

  /**
   * Python's {@code ds.commit_id}: the commit itself, or for a HEAD node its parent commit; null
   * when nothing was committed yet.
   */
  public String commitId() {
    return node.isHead() ? node.parent() : node.id();
  }

  /** Whether {@link #close()} ran. */
  public boolean isClosed() {
    return closed;
  }

  /** Writing: tensors, rows, info, flush. */
  public DatasetWriter writer() {
    return writer;
  }

  /** Version control: commits, branches, checkout, reset, merge, diff. */
  public VersionControl versions() {
    return versions;
  }

  /** linked_creds.json and the files links point at. */
  public LinkCredentials creds() {
    return creds;
  }
}
