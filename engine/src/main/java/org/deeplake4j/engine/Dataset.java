package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.MergeConflictException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Htypes;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.MetaTemplates;
import org.deeplake4j.engine.internal.format.NdArrays;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.read.ChunkCache;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.internal.version.VersionSwitch;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageResolver;
import org.deeplake4j.engine.types.CommitNode;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.NdArray;

/**
 * A Deep Lake 3.x dataset opened at one version (a branch HEAD or a commit).
 *
 * <pre>{@code
 * try (Dataset ds = Dataset.open("/data/mnist", "main")) {
 *   Tensor labels = ds.tensor("labels");
 *   NdArray first = labels.numpy(0);
 * }
 * }</pre>
 *
 * <p>The handle reads the version it was opened at: metadata is read once at open, chunks on
 * demand. Thread-safe for reads. Closing releases the storage it opened (not a storage passed in).
 *
 * <p>A writable handle at a branch HEAD holds the branch's write lock in Deep Lake's own format
 * ({@link DatasetLock}): a Python writer cannot open the branch writable meanwhile, and opening a
 * branch that a Python writer holds waits {@link OpenOptions#lockTimeout()} and then throws {@link
 * DatasetLockedException}. Read-only handles take no lock. Closing releases it.
 *
 * <p>Several writable handles (threads, processes, machines) may write one branch at once: each
 * stages its changes in a private version node and publishes it with one conditional write of
 * {@code version_control_info.json} — {@link #flush()} and {@link #close()} as the branch's
 * uncommitted HEAD, {@link #commit} as a commit — rebasing appends onto whatever another writer
 * published meanwhile ({@code docs/commit-protocol.md}). Until a publish, other handles do not see
 * this handle's changes; reads of this handle do. Before a dataset's first commit its root is
 * written in place by one writer at a time.
 */
public final class Dataset implements AutoCloseable {
  private final String path;
  private final Storage storage;
  private final boolean ownsStorage;
  private final OpenOptions options;
  private volatile VersionGraph graph;
  private volatile CommitNode node;
  private volatile List<String> chain;
  private volatile DatasetMeta meta;
  private volatile JsonNode info;
  private final Map<String, TensorWriter> writers = new LinkedHashMap<>();
  private ObjectNode pendingMeta;
  private ObjectNode pendingInfo;
  private org.deeplake4j.engine.internal.format.DatasetDiff datasetDiff;
  private final java.util.Set<String> deletedKeys = new java.util.LinkedHashSet<>();
  private volatile long generation;
  private boolean closed;
  private final ChunkCache cache;
  private final Map<String, Tensor> tensors = new ConcurrentHashMap<>();
  private List<String> credsKeys;
  private DatasetLock lock;
  private WriteSession session;
  // P6: version_control_info.lock is a mutex for each switch, so every handle has its own identity.
  private final DatasetLock.Identity switchIdentity = DatasetLock.uniqueIdentity();
  // P3: after losing a switch, this many switches stage under version_control_info.lock from the
  // start (contention is likely; optimistic staging would be wasted); then one probes again.
  private static final int LOCK_FIRST_AFTER_LOSS = 16;
  private int lockFirstLeft;
  private boolean stateUnknown;

  private Dataset(
      String path, Storage storage, boolean ownsStorage, OpenOptions options, String ref) {
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
              lockIdentityFor(n.id()),
              options.lockTimeout(),
              DatasetLock.Settings.defaults(storage));
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
    if (lock != null && VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      try {
        repairTornRoot();
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
    }
  }

  /**
   * L4 recovery (docs/commit-protocol.md §4): a flush at the root HEAD that died part-way can leave
   * encoder rows past a tensor's length, a last chunk holding samples its encoder does not count,
   * or companion tensors out of step with their tensor. Python's integrity check refuses such a
   * dataset and Python's or Java's next append would land at the wrong local index. A writer that
   * takes the root exclusively rolls those torn rows back first (they were never complete).
   * Sequence tensors and tiled or image-canvas tails are left as they are.
   */
  private void repairTornRoot() {
    boolean torn = false;
    for (String key : meta.tensors()) {
      TensorWriter w = writer(key);
      torn |= w.isDirty() | w.trimTornTail();
    }
    for (TensorWriter w : List.copyOf(writers.values())) {
      if (w.companions.isEmpty()
          || w.isSequence()
          || w.companions.stream().anyMatch(c -> c.writer().isSequence())) {
        continue;
      }
      long n = w.length();
      for (TensorWriter.Companion c : w.companions) {
        n = Math.min(n, c.writer().length());
      }
      List<TensorWriter> group = new ArrayList<>();
      group.add(w);
      w.companions.forEach(c -> group.add(c.writer()));
      for (TensorWriter g : group) {
        try {
          while (g.length() > n) {
            g.popItem(g.length() - 1, null);
            torn = true;
          }
        } catch (DeepLakeException e) {
          // a tiled or canvas tail cannot be popped: leave the tensor as it is
        }
      }
    }
    if (torn) {
      flushLocal();
    }
    writers.clear();
    tensors.clear();
    generation++;
  }

  /**
   * The lock identity of a writer at HEAD {@code headId}: writers of a non-root HEAD share {@link
   * DatasetLock#SHARED} and cooperate through private nodes (docs/commit-protocol.md L2); a writer
   * of the root HEAD writes in place and locks exclusively with its own identity (L4).
   */
  private static DatasetLock.Identity lockIdentityFor(String headId) {
    return VersionGraph.FIRST_COMMIT_ID.equals(headId)
        ? DatasetLock.uniqueIdentity()
        : DatasetLock.SHARED;
  }

  /** Opens {@code path} (which may end in {@code @ref}) read-only at its main branch or ref. */
  public static Dataset open(String path) {
    return open(path, OpenOptions.defaults());
  }

  /** Opens {@code path} read-only at {@code ref} (a branch name or commit id). */
  public static Dataset open(String path, String ref) {
    return open(path, OpenOptions.defaults().withRef(ref));
  }

  /**
   * Opens {@code path} with options. A ref in the options wins over one in the path ({@code
   * PATH@ref}, parsed by {@link DatasetPath}).
   */
  public static Dataset open(String path, OpenOptions options) {
    DatasetPath p = DatasetPath.parse(path);
    String ref = options.ref() != null ? options.ref() : p.ref();
    if (options.ref() != null && p.ref() == null) {
      p = new DatasetPath(path, null);
    }
    Storage s = options.resolver().resolve(p.path(), options.storageOptions(), options.readOnly());
    try {
      return new Dataset(p.path(), s, true, options, ref);
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /**
   * Opens the dataset in an existing storage (not closed by {@link #close()}); read-only unless
   * {@code options.readOnly()} is false.
   */
  public static Dataset open(Storage storage, OpenOptions options) {
    Storage s = options.readOnly() ? storage.readOnly() : storage;
    return new Dataset(storage.root(), s, false, options, options.ref());
  }

  /** The path or URL the dataset was opened from. */
  public String path() {
    return path;
  }

  /** The storage under the dataset root. */
  public Storage storage() {
    return storage;
  }

  /** The version tree. */
  public VersionGraph versionGraph() {
    return graph;
  }

  /** Branch of the version being read. */
  public String branch() {
    return node.branch();
  }

  /** Id of the node being read: a commit, or a branch's HEAD node. */
  public String nodeId() {
    return node.id();
  }

  /**
   * Python's {@code ds.commit_id}: the commit itself, or for a HEAD node its parent commit; null
   * when nothing was committed yet.
   */
  public String commitId() {
    return node.isHead() ? node.parent() : node.id();
  }

  /** Python's {@code ds.pending_commit_id}: the HEAD node id when reading a branch head. */
  public String pendingCommitId() {
    return node.id();
  }

  /** Whether the version being read is a branch HEAD (writable, possibly uncommitted changes). */
  public boolean isHeadNode() {
    return node.isHead();
  }

  /** Branch names. */
  public List<String> branches() {
    return List.copyOf(graph.branches().keySet());
  }

  /** Commits reachable from this version back to the root, newest first (Python's log). */
  public List<CommitNode> log() {
    return graph.log(node.id());
  }

  /**
   * Whether the HEAD being read has uncommitted changes, as Python decides: the root with any
   * tensor, a tensor {@code commit_diff} in the HEAD folder, or a dataset_diff recording info
   * updates, renames or deletions.
   */
  public boolean hasHeadChanges() {
    if (!storage.isReadOnly()) {
      flushLocal();
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

  /** dataset_meta.json of this version. */
  public DatasetMeta meta() {
    return meta;
  }

  /** Dataset info ({@code dataset_info.json}; empty when absent). */
  public JsonNode info() {
    return info.deepCopy();
  }

  /** Group paths, ancestors included. */
  public List<String> groups() {
    return meta.groups();
  }

  /** Visible tensor names in dataset_meta order. */
  public List<String> tensorNames() {
    return tensorNames(false);
  }

  /** Tensor names in dataset_meta order, optionally with hidden companion tensors. */
  public List<String> tensorNames(boolean includeHidden) {
    List<String> out = new ArrayList<>();
    for (String n : meta.namesInKeyOrder()) {
      if (includeHidden || !meta.hiddenTensors().contains(meta.tensorNames().get(n))) {
        out.add(n);
      }
    }
    return Collections.unmodifiableList(out);
  }

  /** Whether a tensor with this name exists at this version. */
  public boolean hasTensor(String name) {
    return meta.tensorNames().containsKey(name);
  }

  /** The tensor named {@code name} (a group tensor is {@code group/name}). */
  public Tensor tensor(String name) {
    if (pendingMeta != null
        && !meta.tensorNames().containsKey(name)
        && namesOf(pendingMeta).containsKey(name)) {
      flushLocal();
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
              + String.join(", ", tensorNames())
              + ")");
    }
    if (!tensors.containsKey(name) && !storage.isReadOnly()) {
      flushIfDirty(); // a tensor loaded now must see writes staged before
    }
    return tensors.computeIfAbsent(name, n -> loadTensor(n, key));
  }

  private Tensor loadTensor(String name, String key) {
    String metaKey = VersionKeys.at(node.id(), Layout.tensorMeta(key));
    TensorMeta tm = TensorMeta.parse(storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(node.id(), Layout.tensorInfo(key));
    JsonNode ti =
        storage
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    return new Tensor(this, name, key, tm, ti, cache, chain);
  }

  /** All visible tensors, by name, in dataset_meta order. */
  public Map<String, Tensor> tensors() {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (String n : tensorNames()) {
      out.put(n, tensor(n));
    }
    return out;
  }

  /** Python's {@code len(ds)}: the length of the shortest visible tensor (0 with none). */
  public long length() {
    long min = Long.MAX_VALUE;
    for (String n : tensorNames()) {
      min = Math.min(min, tensor(n).length());
    }
    return min == Long.MAX_VALUE ? 0 : min;
  }

  /** Python's {@code ds.max_len}: the length of the longest visible tensor. */
  public long maxLength() {
    long max = 0;
    for (String n : tensorNames()) {
      max = Math.max(max, tensor(n).length());
    }
    return max;
  }

  /**
   * Runs a TQL query (see {@code docs/tql.md}) and returns its result as a view: the rows, in
   * result order, read through the dataset. Pending writes are flushed first.
   *
   * @throws org.deeplake4j.engine.tql.TqlSyntaxException if {@code tql} is not TQL
   * @throws org.deeplake4j.engine.tql.TqlSemanticException if it does not fit this dataset
   */
  public DatasetView query(String tql) {
    return DatasetView.query(this, null, tql);
  }

  /**
   * {@link #query(String)} with options, e.g. {@code QueryOptions.seed(42)} for reproducible {@code
   * SAMPLE BY} and {@code RANDOM()}.
   */
  public DatasetView query(String tql, org.deeplake4j.engine.tql.QueryOptions options) {
    return DatasetView.query(this, null, tql, options);
  }

  /**
   * Draws {@code n} rows with probabilities proportional to {@code weights} (see {@link
   * DatasetView#sampleBy}); the API form of {@code SELECT * SAMPLE BY weights REPLACE replace LIMIT
   * n}, seeded.
   */
  public DatasetView sampleBy(String weights, long n, boolean replace, long seed) {
    return DatasetView.sampleBy(this, null, weights, n, replace, seed);
  }

  // ------------------------------------------------------------------------------ writing

  /**
   * Creates an empty dataset at {@code path} and opens it writable at {@code main}. Fails if a
   * dataset exists there, unless {@code overwrite}, which deletes every key under the root first.
   */
  public static Dataset create(String path, boolean overwrite) {
    return create(path, OpenOptions.defaults().withReadOnly(false), overwrite);
  }

  /** {@link #create(String, boolean)} without overwriting. */
  public static Dataset create(String path) {
    return create(path, false);
  }

  /** Creates a dataset with explicit options (storage options, resolver). */
  public static Dataset create(String path, OpenOptions options, boolean overwrite) {
    Storage s = options.resolver().resolve(path, options.storageOptions(), false);
    try {
      initialize(s, overwrite);
      return new Dataset(path, s, true, options.withReadOnly(false), "main");
    } catch (RuntimeException e) {
      s.close();
      throw e;
    }
  }

  /** Creates a dataset in an existing storage (not closed by {@link #close()}). */
  public static Dataset create(Storage storage, boolean overwrite) {
    initialize(storage, overwrite);
    return new Dataset(
        storage.root(), storage, false, OpenOptions.defaults().withReadOnly(false), "main");
  }

  private static void initialize(Storage s, boolean overwrite) {
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
    s.put(Layout.DATASET_META, org.deeplake4j.engine.internal.format.MetaJson.bytes(meta));
    s.put(VersionGraph.VERSION_INFO_KEY, VersionGraph.initial().toJsonBytes());
  }

  /** Refuses to wipe a dataset while any branch HEAD is write-locked by a live foreign writer. */
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
      if (r != null && !r.expiredAt(now)) {
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
        if (!k.endsWith(Layout.LOCK_SUFFIX)
            && !k.startsWith(DatasetLock.LEASE_PREFIX)
            && !k.equals(VersionGraph.VERSION_INFO_KEY)) {
          to.put(k, from.get(k));
        }
      }
      // The version tree last: until it lands, the copy does not look like a dataset with history.
      from.getIfExists(VersionGraph.VERSION_INFO_KEY)
          .ifPresent(b -> to.put(VersionGraph.VERSION_INFO_KEY, b));
    }
  }

  /** Moves the dataset at {@code path} to {@code newPath} (copy, then delete the source). */
  public static void rename(String path, String newPath) {
    copy(path, newPath, false);
    delete(path);
  }

  /**
   * Creates an empty dataset at {@code dst} with the tensors (htypes, dtypes, compressions, chunk
   * settings, class names, companions) of {@code src} at its version (Python's {@code
   * deeplake.like}).
   */
  public static Dataset like(String dst, Dataset src, boolean overwrite) {
    Dataset out = create(dst, overwrite);
    for (String name : src.tensorNames()) {
      out.createTensor(name, TensorSpec.from(src.tensor(name)));
    }
    out.setInfo(Json.MAPPER.convertValue(src.info(), Map.class));
    out.flush();
    return out;
  }

  /** Opens {@code path} writable at its main branch (or the branch in {@code PATH@branch}). */
  public static Dataset openWritable(String path) {
    return open(path, OpenOptions.defaults().withReadOnly(false));
  }

  private void checkWritable() {
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

  private ObjectNode pendingMeta() {
    if (session != null) {
      session.metaChanged();
    }
    if (pendingMeta == null) {
      pendingMeta = meta.raw();
    }
    return pendingMeta;
  }

  long generation() {
    return generation;
  }

  /** Flushes pending writes if there are any (reads call this so they see earlier writes). */
  void flushIfDirty() {
    if (pendingMeta != null
        || pendingInfo != null
        || writers.values().stream().anyMatch(TensorWriter::isDirty)) {
      flushLocal();
    }
  }

  TensorWriter writer(String key) {
    beginChange();
    TensorWriter w = writers.get(key);
    if (w == null) {
      w = TensorWriter.load(storage, node.id(), chain, key);
      writers.put(key, w);
      for (var e : w.meta.path("links").properties()) {
        String fn = e.getValue().path("extend").asText();
        String kind =
            switch (fn) {
              case "extend_id" -> "id";
              case "extend_shape" -> "shape";
              case "extend_len" -> "len";
              case "extend_info" -> "info";
              default ->
                  throw new UnsupportedFormatException(
                      "tensor key '"
                          + key
                          + "' keeps companion '"
                          + e.getKey()
                          + "' with "
                          + fn
                          + ", which this engine does not maintain; writing to it is refused");
            };
        w.companions.add(
            new TensorWriter.Companion(
                kind, writer(e.getKey()), e.getValue().path("flatten_sequence").asBoolean()));
      }
    }
    return w;
  }

  /**
   * Creates a tensor (and the hidden companions Python creates for its htype) and returns it. A
   * name in a group ({@code "grp/name"}) creates the groups too.
   */
  public synchronized Tensor createTensor(String name, TensorSpec spec) {
    beginChange();
    spec.validate(name);
    checkName(name);
    checkLayoutCollision(name);
    ObjectNode m = pendingMeta();
    if (namesOf(m).containsKey(name)) {
      throw new DeepLakeException("tensor '" + name + "' already exists in " + storage.root());
    }
    String key = name;
    if (deletedKeys.contains(key)) {
      flushLocal(); // the deleted tensor's files under this key go first
      m = pendingMeta();
    }
    while (keysOf(m).contains(key)) {
      key =
          name
              + "_"
              + String.format(
                  "%04x", java.util.concurrent.ThreadLocalRandom.current().nextInt(0x10000));
    }
    String base = spec.baseHtype();
    String dtype = spec.dtype() != null ? spec.dtype() : MetaTemplates.defaultDtype(base);
    String sc =
        spec.sampleCompression() != null
            ? spec.sampleCompression()
            : MetaTemplates.defaultSampleCompression(base);
    ObjectNode tm =
        MetaTemplates.tensorMeta(
            name,
            base,
            dtype,
            sc,
            spec.chunkCompression(),
            spec.maxChunkSize(),
            spec.tilingThreshold(),
            spec.hidden(),
            spec.isSequence(),
            spec.isLink(),
            spec.verify());
    ObjectNode info = null;
    if (base != null) {
      info = JsonNodeFactory.instance.objectNode();
      switch (base) {
        case "image" -> info.putNull("intrinsics");
        case "class_label", "segment_mask" -> {
          ArrayNode cn = info.putArray("class_names");
          if (spec.classNames() != null) {
            spec.classNames().forEach(cn::add);
          }
        }
        case "bbox", "bbox.3d" -> info.putObject("coords");
        case "keypoints_coco" -> {
          info.putArray("keypoints");
          info.putArray("connections");
        }
        default -> info = null;
      }
    }
    if (!spec.info().isEmpty()) {
      if (info == null) {
        info = JsonNodeFactory.instance.objectNode();
      }
      info.setAll((ObjectNode) Json.MAPPER.valueToTree(spec.info()));
    }
    List<MetaTemplates.Companion> comps =
        MetaTemplates.companions(
            key,
            base,
            spec.isLink(),
            spec.verify(),
            spec.createIdTensor(),
            spec.createShapeTensor(),
            spec.createSampleInfoTensor());
    ObjectNode links = (ObjectNode) tm.get("links");
    for (MetaTemplates.Companion c : comps) {
      links.set(c.key(), c.linkSpec());
    }
    TensorWriter w = TensorWriter.create(storage, node.id(), chain, key, tm, info);
    writers.put(key, w);
    register(m, name, key, spec.hidden());
    for (MetaTemplates.Companion c : comps) {
      TensorWriter cw = TensorWriter.create(storage, node.id(), chain, c.key(), c.meta(), null);
      writers.put(c.key(), cw);
      register(m, c.key(), c.key(), true);
      w.companions.add(
          new TensorWriter.Companion(
              c.kind(), cw, c.linkSpec().path("flatten_sequence").asBoolean()));
    }
    generation++;
    return tensor(name);
  }

  private static void checkName(String name) {
    if (name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
      throw new DeepLakeException("invalid tensor name '" + name + "'");
    }
    String leaf = name.substring(name.lastIndexOf('/') + 1);
    if (RESERVED_NAMES.contains(leaf)) {
      throw new DeepLakeException(
          "tensor name '" + name + "' is reserved in Deep Lake 3.x (a Dataset attribute)");
    }
    org.deeplake4j.engine.storage.Keys.check(name);
  }

  /**
   * Refuses a tensor whose files would go under a dataset file of the layout: {@code <T>/...} of a
   * tensor named {@code dataset_meta.json} (or in a group of that name) cannot sit next to the file
   * {@code dataset_meta.json} of the same folder. Files of every version folder always collide;
   * files only at the root collide while this HEAD is the first commit (stored at the root). Other
   * names of the layout ({@code versions}, {@code chunks}, ...) do not collide and stay accepted,
   * as in Python 3.9.52.
   */
  private void checkLayoutCollision(String name) {
    String top = name.contains("/") ? name.substring(0, name.indexOf('/')) : name;
    boolean atRoot = VersionGraph.FIRST_COMMIT_ID.equals(node.id());
    if (VERSIONED_FILES.contains(top) || (atRoot && ROOT_FILES.contains(top))) {
      throw new DeepLakeException(
          "tensor '"
              + name
              + "' cannot be created: its files would go under '"
              + top
              + "/', which collides with the dataset file '"
              + top
              + "'"
              + (VERSIONED_FILES.contains(top)
                  ? ""
                  : " at the root (where the first commit is stored; after a commit it is free)"));
    }
  }

  /** Dataset files of every version folder (the root for the first commit). */
  static final java.util.Set<String> VERSIONED_FILES =
      java.util.Set.of(
          "dataset_meta.json",
          "dataset_info.json",
          "dataset_diff",
          VersionGraph.COMMIT_INFO_KEY,
          DatasetLock.LOCK_FILE);

  /** Dataset files only at the root, which Python and this engine write. */
  static final java.util.Set<String> ROOT_FILES =
      java.util.Set.of(
          VersionGraph.VERSION_INFO_KEY,
          DatasetLock.VERSION_INFO_LOCK_KEY,
          "linked_creds.json",
          SavedViews.QUERIES_KEY,
          DatasetLock.QUERIES_LOCK_KEY);

  /** Dataset attribute names Python deeplake 3.x refuses as tensor or group names. */
  static final java.util.Set<String> RESERVED_NAMES =
      java.util.Set.of(
          "meta",
          "info",
          "tensors",
          "commit",
          "index",
          "version_state",
          "path",
          "log",
          "branch",
          "branches",
          "commits",
          "checkout",
          "merge",
          "query",
          "pytorch",
          "tensorflow",
          "append",
          "extend",
          "summary",
          "diff",
          "delete",
          "rename",
          "copy",
          "groups",
          "storage",
          "read_only",
          "max_len",
          "min_len",
          "client",
          "commit_id");

  private static Map<String, String> namesOf(ObjectNode m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.path("tensor_names").properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
    return out;
  }

  private static List<String> keysOf(ObjectNode m) {
    List<String> out = new ArrayList<>();
    m.path("tensors").forEach(x -> out.add(x.asText()));
    return out;
  }

  private static void register(ObjectNode m, String name, String key, boolean hidden) {
    ((ArrayNode) m.get("tensors")).add(key);
    ((ObjectNode) m.get("tensor_names")).put(name, key);
    if (hidden) {
      ((ArrayNode) m.get("hidden_tensors")).add(key);
    }
    int slash = name.lastIndexOf('/');
    if (slash > 0) {
      addGroups(m, name.substring(0, slash));
    }
  }

  private static void addGroups(ObjectNode m, String group) {
    // Python lists a new group path deepest first: "a/b", then "a".
    ArrayNode groups = (ArrayNode) m.get("groups");
    List<String> paths = new ArrayList<>();
    for (String p = group;
        !p.isEmpty();
        p = p.contains("/") ? p.substring(0, p.lastIndexOf('/')) : "") {
      paths.add(p);
    }
    for (String p : paths) {
      boolean present = false;
      for (JsonNode g : groups) {
        present |= g.asText().equals(p);
      }
      if (!present) {
        groups.add(p);
      }
    }
  }

  /** Creates a group (and its ancestors). */
  public synchronized void createGroup(String name) {
    beginChange();
    checkName(name);
    addGroups(pendingMeta(), name);
    generation++;
  }

  /** Replaces the dataset info ({@code ds.info}) with {@code newInfo}. */
  public synchronized void setInfo(Map<String, ?> newInfo) {
    beginChange();
    pendingInfo = Json.MAPPER.valueToTree(newInfo);
    if (session != null) {
      session.infoChanged();
    }
    recordDatasetDiff(org.deeplake4j.engine.internal.format.DatasetDiff::infoUpdated);
    generation++;
  }

  /** Adds or replaces keys of the dataset info ({@code ds.info.update(...)}). */
  public synchronized void updateInfo(Map<String, ?> values) {
    beginChange();
    ObjectNode merged = (pendingInfo != null ? pendingInfo : (ObjectNode) info).deepCopy();
    merged.setAll((ObjectNode) Json.MAPPER.valueToTree(values));
    pendingInfo = merged;
    if (session != null) {
      session.infoChanged();
    }
    recordDatasetDiff(org.deeplake4j.engine.internal.format.DatasetDiff::infoUpdated);
    generation++;
  }

  /** Adds or replaces keys of a tensor's info ({@code ds.tensor.info.update(...)}). */
  public synchronized void updateTensorInfo(String tensorName, Map<String, ?> values) {
    beginChange();
    TensorWriter w = writer(keyOf(tensorName));
    ObjectNode merged = w.info == null ? JsonNodeFactory.instance.objectNode() : w.info.deepCopy();
    merged.setAll((ObjectNode) Json.MAPPER.valueToTree(values));
    w.setInfo(merged);
    generation++;
  }

  private org.deeplake4j.engine.internal.format.DatasetDiff datasetDiff() {
    if (datasetDiff == null) {
      String k = VersionKeys.at(node.id(), Layout.DATASET_DIFF);
      datasetDiff =
          storage
              .getIfExists(k)
              .map(b -> org.deeplake4j.engine.internal.format.DatasetDiff.parse(b, k))
              .orElse(org.deeplake4j.engine.internal.format.DatasetDiff.empty());
    }
    return datasetDiff;
  }

  /** Whether tensor {@code key} was created at this HEAD (its commit_diff says so). */
  private boolean createdAtHead(String key) {
    String k = VersionKeys.at(node.id(), Layout.commitDiff(key));
    return storage
        .getIfExists(k)
        .map(b -> org.deeplake4j.engine.internal.format.CommitDiff.parse(b, k).created())
        .orElse(false);
  }

  /**
   * Deletes a tensor and its companions at this HEAD. Its data in committed versions stays; a
   * tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public synchronized void deleteTensor(String tensorName) {
    beginChange();
    String key = keyOf(tensorName);
    flushLocal();
    ObjectNode m = pendingMeta();
    List<String> keys = new ArrayList<>();
    keys.add(key);
    String metaKey = VersionKeys.at(node.id(), Layout.tensorMeta(key));
    TensorMeta tm = TensorMeta.parse(storage.get(metaKey), metaKey);
    keys.addAll(tm.links().keySet());
    if (!createdAtHead(key)) {
      recordDatasetDiff(d -> d.deleted(tensorName));
    }
    for (String k : keys) {
      removeFromArray((ArrayNode) m.get("tensors"), k);
      removeFromArray((ArrayNode) m.get("hidden_tensors"), k);
      ObjectNode names = (ObjectNode) m.get("tensor_names");
      for (var e : List.copyOf(names.properties())) {
        if (e.getValue().asText().equals(k)) {
          names.remove(e.getKey());
        }
      }
      writers.remove(k);
      deletedKeys.add(k);
    }
    generation++;
  }

  private static void removeFromArray(ArrayNode a, String value) {
    for (int i = a.size() - 1; i >= 0; i--) {
      if (a.get(i).asText().equals(value)) {
        a.remove(i);
      }
    }
  }

  /**
   * Renames a tensor within its group (the storage key is kept, as in Python); its companions are
   * renamed alike. A tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public synchronized void renameTensor(String oldName, String newName) {
    beginChange();
    String key = keyOf(oldName);
    checkName(newName);
    String oldGroup = oldName.contains("/") ? oldName.substring(0, oldName.lastIndexOf('/')) : "";
    String newGroup = newName.contains("/") ? newName.substring(0, newName.lastIndexOf('/')) : "";
    if (!oldGroup.equals(newGroup)) {
      throw new DeepLakeException(
          "cannot rename '" + oldName + "' to '" + newName + "': the new name is in another group");
    }
    ObjectNode m = pendingMeta();
    if (namesOf(m).containsKey(newName)) {
      throw new DeepLakeException("tensor '" + newName + "' already exists");
    }
    TensorWriter w = writer(key);
    if (!createdAtHead(key) && !w.isCreatedHere()) {
      recordDatasetDiff(d -> d.renamed(oldName, newName));
    }
    ObjectNode names = (ObjectNode) m.get("tensor_names");
    names.remove(oldName);
    names.put(newName, key);
    w.setMeta("name", JsonNodeFactory.instance.textNode(newName));
    String oldLeaf = oldName.substring(oldName.lastIndexOf('/') + 1);
    String newLeaf = newName.substring(newName.lastIndexOf('/') + 1);
    String prefix = newGroup.isEmpty() ? "" : newGroup + "/";
    for (TensorWriter.Companion c : w.companions) {
      String ck = c.writer().key;
      String cOld = meta.nameOfKey(ck) != null ? meta.nameOfKey(ck) : namesOfKey(names, ck);
      if (cOld == null) {
        continue;
      }
      String suffix = cOld.substring(cOld.lastIndexOf('/') + 1);
      if (!suffix.startsWith("_" + oldLeaf + "_")) {
        continue;
      }
      String cNew = prefix + "_" + newLeaf + suffix.substring(oldLeaf.length() + 1);
      names.remove(cOld);
      names.put(cNew, ck);
      c.writer().setMeta("name", JsonNodeFactory.instance.textNode(cNew));
    }
    generation++;
  }

  private static String namesOfKey(ObjectNode names, String key) {
    for (var e : names.properties()) {
      if (e.getValue().asText().equals(key)) {
        return e.getKey();
      }
    }
    return null;
  }

  /** Appends one value to a tensor (see {@link Tensor#append}). */
  public synchronized void append(String tensorName, Object value) {
    beginChange();
    String key = keyOf(tensorName);
    appendRow(writer(key), tensorName, value);
    generation++;
  }

  /**
   * Appends one row: {@code row} maps tensor names to values. Tensors of the dataset missing from
   * the row get an empty sample, as Python pads ({@code append_empty}).
   */
  public synchronized void append(Map<String, ?> row) {
    beginChange();
    for (String n : row.keySet()) {
      keyOf(n);
    }
    for (String n : tensorNames()) {
      appendRow(writer(keyOf(n)), n, row.get(n));
    }
    generation++;
  }

  /**
   * Appends the first-axis slices of {@code batch} to a tensor as samples: a batch of shape {@code
   * (n, d1, ...)} appends n samples of shape {@code (d1, ...)}, a 1-D batch n scalars (stored with
   * shape [1]). The same as appending each slice; numeric tensors without sample compression take a
   * bulk path (one metadata update per batch). Requires a writable dataset at a branch HEAD.
   */
  public synchronized void extend(String tensorName, NdArray batch) {
    checkWritable();
    String key = keyOf(tensorName);
    long[] bs = batch.shape();
    if (bs.length == 0) {
      throw new DeepLakeException(
          "tensor '" + tensorName + "': extend needs a batch with a first axis, got a 0-d array");
    }
    TensorWriter w = writer(key);
    long[] item = bs.length == 1 ? new long[] {1} : Arrays.copyOfRange(bs, 1, bs.length);
    int n = Math.toIntExact(bs[0]);
    int itemElems = Math.toIntExact(NdArray.numElements(item));
    byte[] all = batch.toBytes();
    int srcItemBytes = itemElems * batch.dtype().itemSize();
    int start = 0;
    if ((w.dtype() == null || w.htype() == null) && n > 0) {
      appendRow(w, tensorName, slice(batch.dtype(), item, all, 0, srcItemBytes));
      start = 1;
    }
    Dtype dt = Dtype.parse(w.dtype());
    boolean bulk =
        dt != null
            && !w.isSequence()
            && !w.isLink()
            && w.sampleCompression() == null
            && (w.chunkCompression() == null
                || org.deeplake4j.engine.internal.format.Codecs.isByteCodec(w.chunkCompression()))
            && w.htype() != null
            && !Htypes.isTextLike(w.htype())
            && !Htypes.IMAGES.contains(w.htype())
            && !Htypes.MEDIA.contains(w.htype())
            && !"polygon".equals(w.htype())
            && !(w.tilingThreshold() > 0 && (long) itemElems * dt.itemSize() > w.tilingThreshold())
            && itemElems > 0;
    if (!bulk) {
      for (int i = start; i < n; i++) {
        appendRow(w, tensorName, slice(batch.dtype(), item, all, i, srcItemBytes));
      }
      generation++;
      return;
    }
    int count = n - start;
    long[] restShape = new long[bs.length];
    restShape[0] = count;
    System.arraycopy(bs, 1, restShape, 1, bs.length - 1);
    NdArray rest =
        NdArray.of(
            batch.dtype(),
            restShape,
            Arrays.copyOfRange(all, start * srcItemBytes, n * srcItemBytes));
    byte[] raw = NdArrays.reshapeCast(rest, restShape, dt, tensorName).toBytes();
    w.appendItems(item, raw, itemElems * dt.itemSize(), count);
    for (TensorWriter.Companion c : w.companions) {
      initCompanion(c);
      TensorWriter cw = c.writer();
      switch (c.kind()) {
        case "id" -> cw.appendItems(new long[] {1}, TensorWriter.newSampleIds(count), 8, count);
        case "shape", "len" -> {
          long[] s = "len".equals(c.kind()) ? new long[] {item[0]} : item;
          byte[] one = new byte[8 * s.length];
          for (int i = 0; i < s.length; i++) {
            org.deeplake4j.engine.internal.format.Bits.putLongLE(one, 8 * i, s[i]);
          }
          cw.appendItems(new long[] {s.length}, repeat(one, count), one.length, count);
        }
        case "info" -> {
          byte[] one = "{}".getBytes(StandardCharsets.UTF_8);
          cw.appendItems(new long[] {1}, repeat(one, count), one.length, count);
        }
        default -> throw new IllegalStateException("companion kind " + c.kind());
      }
    }
    generation++;
  }

  private static NdArray slice(Dtype dt, long[] item, byte[] all, int i, int itemBytes) {
    return NdArray.of(dt, item, Arrays.copyOfRange(all, i * itemBytes, (i + 1) * itemBytes));
  }

  private static byte[] repeat(byte[] one, int count) {
    byte[] out = new byte[Math.multiplyExact(one.length, count)];
    for (int i = 0; i < count; i++) {
      System.arraycopy(one, 0, out, i * one.length, one.length);
    }
    return out;
  }

  /** Appends empty samples to every visible tensor shorter than the longest one. */
  public synchronized void padTensors() {
    beginChange();
    long max = maxLength();
    for (String n : tensorNames()) {
      TensorWriter w = writer(keyOf(n));
      while (w.rowCount() < max) {
        appendRow(w, n, null);
      }
    }
    generation++;
  }

  private String keyOf(String tensorName) {
    String k = (pendingMeta != null ? namesOf(pendingMeta) : meta.tensorNames()).get(tensorName);
    if (k == null) {
      throw new NotFoundException("no tensor '" + tensorName + "' in " + storage.root());
    }
    return k;
  }

  private void appendRow(TensorWriter w, String name, Object value) {
    if (w.isSequence()) {
      List<?> items =
          value == null
              ? List.of()
              : value instanceof List<?> l
                  ? l
                  : value instanceof JsonNode j && j.isArray()
                      ? Json.MAPPER.convertValue(j, List.class)
                      : null;
      if (items == null) {
        throw new DeepLakeException(
            "tensor '" + name + "' is a sequence: append a List of items, got " + value.getClass());
      }
      long first = w.length();
      for (Object item : items) {
        long[] s = appendItem(w, name, item);
        for (TensorWriter.Companion c : w.companions) {
          if (c.flatten()) {
            appendCompanion(c, s, item);
          }
        }
      }
      w.endSequence(first, items.size());
      for (TensorWriter.Companion c : w.companions) {
        if (!c.flatten()) {
          appendCompanion(c, null, value);
        }
      }
      return;
    }
    long[] s = appendItem(w, name, value);
    for (TensorWriter.Companion c : w.companions) {
      appendCompanion(c, s, value);
    }
  }

  private void appendCompanion(TensorWriter.Companion c, long[] shape, Object value) {
    initCompanion(c);
    TensorWriter cw = c.writer();
    switch (c.kind()) {
      case "id" -> {
        byte[] b = new byte[8];
        org.deeplake4j.engine.internal.format.Bits.putLongLE(
            b, 0, forcedId != null ? forcedId : TensorWriter.newSampleId());
        cw.appendItem(new long[] {1}, b);
      }
      case "shape", "len" -> {
        long[] s = shape == null ? new long[0] : shape;
        if ("len".equals(c.kind())) {
          s = new long[] {s.length == 0 ? 0 : s[0]};
        }
        byte[] b = new byte[8 * s.length];
        for (int i = 0; i < s.length; i++) {
          org.deeplake4j.engine.internal.format.Bits.putLongLE(b, 8 * i, s[i]);
        }
        cw.appendItem(new long[] {s.length}, b);
      }
      case "info" -> cw.appendItem(new long[] {1}, "{}".getBytes(StandardCharsets.UTF_8));
      default -> throw new IllegalStateException("companion kind " + c.kind());
    }
  }

  /** Python fills a companion's htype (and the id tensor's dtype) at its first append. */
  private static void initCompanion(TensorWriter.Companion c) {
    TensorWriter cw = c.writer();
    if (cw.htype() == null) {
      cw.setMeta("htype", JsonNodeFactory.instance.textNode("generic"));
      if ("id".equals(c.kind())) {
        cw.setMeta("dtype", JsonNodeFactory.instance.textNode("uint64"));
        cw.setMeta("typestr", JsonNodeFactory.instance.textNode("<u8"));
      }
    }
  }

  /** Appends one flat item; returns the item's shape as its companions record it. */
  private long[] appendItem(TensorWriter w, String name, Object value) {
    if (w.isLink()) {
      Samples.LinkSample link =
          value == null
              ? null
              : value instanceof Samples.LinkSample l ? l : Samples.link(String.valueOf(value));
      long[] linked = null;
      boolean verify = w.meta.path("verify").asBoolean(true);
      if (link != null && verify && !link.path().isEmpty()) {
        byte[] blob = readLink(link.path(), Optional.ofNullable(link.credsKey()));
        NdArray px =
            org.deeplake4j.engine.internal.format.Images.decode(
                blob, 0, blob.length, "image", link.path());
        linked = px.shape();
        if (linked.length == 2) {
          linked = new long[] {linked[0], linked[1], 1};
        }
      }
      byte[] path = (link == null ? "" : link.path()).getBytes(StandardCharsets.UTF_8);
      w.appendItem(new long[] {1}, path, verify ? (linked == null ? new long[3] : linked) : null);
      w.appendCreds(link == null || link.credsKey() == null ? 0 : credsIndexFor(link.credsKey()));
      if (link != null && link.credsKey() != null) {
        markCredsUsed(link.credsKey());
      }
      return linked == null ? new long[3] : linked;
    }
    SampleEncoder.Encoded e = SampleEncoder.encode(w, value, name);
    if (e.shape() == null) {
      w.appendEmptyOfUnknownShape();
      return new long[0];
    }
    long threshold = w.tilingThreshold();
    double ratio =
        w.sampleCompression() != null
                || (w.chunkCompression() != null
                    && !org.deeplake4j.engine.internal.format.Codecs.isByteCodec(
                        w.chunkCompression()))
            ? 0.5
            : 1.0;
    if (threshold > 0 && e.array() != null && e.rawSize() * ratio > threshold) {
      Tiling.append(w, e, threshold, ratio, name);
    } else {
      w.appendItem(e.shape(), e.stored());
    }
    return e.shape();
  }

  /**
   * Replaces sample {@code index} of a tensor (copy-on-write of its chunk at this HEAD); the
   * tensor's companions follow. Sequence, tiled and image-canvas samples are refused.
   */
  public synchronized void update(String tensorName, long index, Object value) {
    beginChange();
    TensorWriter w = writer(keyOf(tensorName));
    if (w.isSequence() || w.isLink()) {
      throw new DeepLakeException(
          "tensor '" + tensorName + "': updating sequence and link samples is not supported yet");
    }
    SampleEncoder.Encoded e = SampleEncoder.encode(w, value, tensorName);
    long threshold = w.tilingThreshold();
    if (threshold > 0 && e.rawSize() > threshold) {
      throw new DeepLakeException(
          "tensor '" + tensorName + "': an update above the tiling threshold is not supported yet");
    }
    w.updateItem(index, e.shape(), e.stored());
    for (TensorWriter.Companion c : w.companions) {
      TensorWriter cw = c.writer();
      switch (c.kind()) {
        case "shape", "len" -> {
          long[] s = e.shape();
          if ("len".equals(c.kind())) {
            s = new long[] {s.length == 0 ? 0 : s[0]};
          }
          byte[] b = new byte[8 * s.length];
          for (int i = 0; i < s.length; i++) {
            org.deeplake4j.engine.internal.format.Bits.putLongLE(b, 8 * i, s[i]);
          }
          cw.updateItem(index, new long[] {s.length}, b);
        }
        case "info" -> cw.updateItem(index, new long[] {1}, "{}".getBytes(StandardCharsets.UTF_8));
        default -> {}
      }
    }
    generation++;
  }

  /**
   * Rewrites the chunks of the named tensors (all when none are named) with Python's fill policy,
   * as Python's {@code ds.rechunk()}: samples are unchanged, small or uneven chunks are merged.
   */
  public synchronized void rechunk(String... tensorNames) {
    checkWritable();
    List<String> names = tensorNames.length == 0 ? tensorNames(true) : List.of(tensorNames);
    for (String n : names) {
      writer(keyOf(n)).rechunk();
    }
    generation++;
  }

  /** Removes sample {@code index} from one tensor and its companions. */
  public synchronized void pop(String tensorName, long index) {
    beginChange();
    popFrom(writer(keyOf(tensorName)), tensorName, index);
    generation++;
  }

  /** Removes row {@code index} from every tensor that has it (Python's {@code ds.pop}). */
  public synchronized void pop(long index) {
    beginChange();
    for (String n : tensorNames()) {
      TensorWriter w = writer(keyOf(n));
      if (index < w.rowCount()) {
        popFrom(w, n, index);
      }
    }
    generation++;
  }

  private void popFrom(TensorWriter w, String name, long index) {
    if (w.isSequence()) {
      throw new DeepLakeException(
          "tensor '" + name + "': popping sequence rows is not supported yet");
    }
    Long id = null;
    for (TensorWriter.Companion c : w.companions) {
      if ("id".equals(c.kind())) {
        id = c.writer().readId(index);
      }
    }
    w.popItem(index, id);
    for (TensorWriter.Companion c : w.companions) {
      c.writer().popItem(index, null);
    }
  }

  /**
   * Adds a named credentials key that link samples can use ({@code Samples.link(path, key)}), as
   * Python's {@code ds.add_creds_key(key)}. Secrets are never stored: only the name, in
   * linked_creds.json.
   */
  public synchronized void addCredsKey(String key) {
    checkWritable();
    ObjectNode doc = linkedCreds();
    for (JsonNode k : doc.get("creds_keys")) {
      if (k.asText().equals(key)) {
        throw new DeepLakeException("creds key '" + key + "' already exists");
      }
    }
    ((ArrayNode) doc.get("creds_keys")).add(key);
    storage.put(Layout.LINKED_CREDS, org.deeplake4j.engine.internal.format.MetaJson.compact(doc));
    credsKeys = null;
  }

  private ObjectNode linkedCreds() {
    ObjectNode doc =
        storage
            .getIfExists(Layout.LINKED_CREDS)
            .map(b -> (ObjectNode) Json.parse(b, Layout.LINKED_CREDS))
            .orElse(JsonNodeFactory.instance.objectNode());
    for (String f : List.of("creds_keys", "managed_creds_keys", "used_creds_keys")) {
      if (!doc.has(f)) {
        doc.putArray(f);
      }
    }
    return doc;
  }

  private void markCredsUsed(String key) {
    ObjectNode doc = linkedCreds();
    for (JsonNode k : doc.get("used_creds_keys")) {
      if (k.asText().equals(key)) {
        return;
      }
    }
    ((ArrayNode) doc.get("used_creds_keys")).add(key);
    storage.put(Layout.LINKED_CREDS, org.deeplake4j.engine.internal.format.MetaJson.compact(doc));
  }

  /**
   * Approximate stored size in bytes of this version's data (every chunk of every tensor, hidden
   * ones included), as Python's {@code ds.size_approx()}.
   */
  public long sizeApprox() {
    flushWritable();
    long total = 0;
    for (String n : tensorNames(true)) {
      total += tensor(n).sizeApprox();
    }
    return total;
  }

  private long credsIndexFor(String credsKey) {
    List<String> keys = credsKeys();
    int i = keys.indexOf(credsKey);
    if (i < 0) {
      throw new DeepLakeException(
          "unknown creds key '"
              + credsKey
              + "': add it to the dataset first (linked_creds.json has "
              + keys
              + ")");
    }
    return i + 1;
  }

  /**
   * Makes every pending change durable and visible at the branch HEAD, as Python's {@code
   * ds.flush()}: staged data is written (see {@link #flushLocal}) and, at a non-root HEAD, the
   * private node is published as the branch's HEAD through the commit protocol (rebased onto
   * another writer's HEAD if needed; {@link CommitConflictException} when that is impossible).
   */
  public synchronized void flush() {
    if (storage.isReadOnly() || closed) {
      return;
    }
    flushLocal();
    if (session != null) {
      publishHead();
    }
  }

  /**
   * Writes every staged change into the node being written (the private node, or the root HEAD):
   * chunks first, then the encoders that reference them, then tensor metas, then dataset_meta.json
   * and dataset_info.json. A crash part-way leaves every published version as it was (private nodes
   * are invisible; at the root, metas never point at missing chunks).
   */
  private void flushLocal() {
    if (storage.isReadOnly() || closed) {
      return;
    }
    java.util.Set<String> rewritten = new java.util.HashSet<>();
    for (TensorWriter w : writers.values()) {
      rewritten.addAll(w.stagedChunkKeys());
      w.flushChunks();
    }
    for (TensorWriter w : writers.values()) {
      w.flushEncoders();
    }
    for (TensorWriter w : writers.values()) {
      w.flushMeta();
    }
    for (TensorWriter w : writers.values()) {
      w.flushDeletes();
    }
    if (pendingInfo != null) {
      storage.put(
          VersionKeys.at(node.id(), Layout.DATASET_INFO),
          org.deeplake4j.engine.internal.format.MetaJson.bytes(pendingInfo));
      info = pendingInfo;
      pendingInfo = null;
    }
    if (datasetDiff != null && datasetDiff.hasChanges()) {
      storage.put(VersionKeys.at(node.id(), Layout.DATASET_DIFF), datasetDiff.toBytes());
    }
    if (pendingMeta != null) {
      String metaKey = VersionKeys.at(node.id(), Layout.DATASET_META);
      byte[] b = org.deeplake4j.engine.internal.format.MetaJson.bytes(pendingMeta);
      storage.put(metaKey, b);
      meta = DatasetMeta.parse(b, metaKey);
      pendingMeta = null;
    }
    for (String k : deletedKeys) {
      // Only after dataset_meta stops naming the tensor: a crash leaves files, never dangling
      // names.
      for (String f : storage.list(VersionKeys.at(node.id(), k + "/"))) {
        storage.delete(f);
      }
    }
    deletedKeys.clear();
    rewritten.forEach(cache::invalidate);
    tensors.clear();
    generation++;
  }

  /**
   * Drops every change staged since the last {@link #flush()} (appends, updates, pops, info)
   * without writing any of it; what is already written stays, so the stored dataset is as the last
   * flush left it. For a caller abandoning a batch of writes that failed part-way (a row of {@link
   * #append(Map)} may have reached some tensors only). Creating a tensor and reading a tensor
   * flush, so what was created or read before stays. No-op on a read-only handle.
   */
  public synchronized void discardChanges() {
    if (storage.isReadOnly() || closed) {
      return;
    }
    writers.clear();
    pendingMeta = null;
    pendingInfo = null;
    tensors.clear();
    generation++;
  }

  // ------------------------------------------------------------------------ version control
  //
  // Every change of the version tree goes through the one switch (VersionSwitch, rules P1-P6 of
  // docs/commit-protocol.md); at a non-root HEAD every change is staged in a private node first
  // (WriteSession, S1-S4) and rebased when another writer published meanwhile (R1-R7).

  /** Whether there are changes to commit (Python's {@code ds.has_head_changes}), after a flush. */
  private boolean changed() {
    flushLocal();
    return hasHeadChanges();
  }

  /** S1: the first change at a published non-root HEAD starts a private node. */
  private void ensurePrivate() {
    if (session != null || VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      return; // already private, or L4: a root HEAD is written in place under an exclusive lock
    }
    if (!writers.isEmpty() || pendingMeta != null || pendingInfo != null) {
      throw new IllegalStateException("staged changes at a published HEAD " + node.id());
    }
    WriteSession s = WriteSession.start(storage, node, chain, newCommitId());
    session = s;
    graph = graph.replaceHead(node.id(), s.id());
    node = graph.node(s.id());
    chain = graph.chain(s.id());
    datasetDiff = null;
    tensors.clear();
    generation++;
  }

  /** Starts a change: the handle must be writable; at a non-root HEAD the change goes private. */
  private void beginChange() {
    checkWritable();
    ensurePrivate();
  }

  private void recordDatasetDiff(
      java.util.function.Consumer<org.deeplake4j.engine.internal.format.DatasetDiff> op) {
    op.accept(datasetDiff());
    if (session != null) {
      session.recordDatasetDiff(op);
    }
  }

  /** Runs one switch of the version tree, remembering an unknown outcome (P4). */
  private <T> VersionSwitch.Staged<T> switchVersions(String what, VersionSwitch.Step<T> step) {
    try {
      VersionSwitch.Staged<T> st =
          VersionSwitch.run(
              storage, switchIdentity, options.commitAttempts(), lockFirstLeft > 0, what, step);
      if (st.attempt() > 1) {
        lockFirstLeft = LOCK_FIRST_AFTER_LOSS;
      } else if (lockFirstLeft > 0) {
        lockFirstLeft--;
      }
      return st;
    } catch (CommitStateUnknownException e) {
      stateUnknown = true;
      if (session != null) {
        session.outcomeUnknown();
      }
      throw e;
    }
  }

  /**
   * The branch's HEAD in {@code snap}; when it is no longer the session's base, rebases the private
   * node onto it (R1-R7) and writes the result into the private folder.
   */
  private CommitNode rebaseOnto(VersionSwitch.Snapshot snap) {
    String tipId = snap.graph().branches().get(node.branch());
    if (tipId == null) {
      throw new CommitConflictException(
          "branch '" + node.branch() + "' of " + storage.root() + " was deleted meanwhile");
    }
    CommitNode tip = snap.graph().node(tipId);
    if (tipId.equals(session.base().id())) {
      return tip;
    }
    java.util.Set<String> dropped;
    try {
      dropped = session.rebase(snap.graph(), tip, writers);
    } catch (CommitConflictException e) {
      // The private folder is half rebased: drop the session, read the new tip.
      WriteSession s = session;
      session = null;
      s.discard();
      moveTo(snap.graph(), tipId);
      throw new CommitConflictException(
          e.getMessage()
              + "; this writer's uncommitted changes were discarded and the handle now"
              + " reads the branch's new HEAD "
              + tipId
              + "; redo them");
    }
    dropped.forEach(writers::remove);
    graph = snap.graph().replaceHead(tipId, session.id());
    node = graph.node(session.id());
    chain = graph.chain(session.id());
    for (TensorWriter w : writers.values()) {
      w.setChain(chain);
    }
    String metaKey = VersionKeys.at(node.id(), Layout.DATASET_META);
    meta = DatasetMeta.parse(storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(node.id(), Layout.DATASET_INFO);
    info =
        storage
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    datasetDiff = null;
    tensors.clear();
    generation++;
    flushLocal();
    return tip;
  }

  /** S3: publishes the private node as the branch's HEAD (its uncommitted changes). */
  private void publishHead() {
    if (session == null) {
      return;
    }
    flushLocal();
    String p = session.id();
    VersionSwitch.Staged<VersionGraph> st =
        switchVersions(
            "flush of branch '" + node.branch() + "' (publishing node " + p + ")",
            (snap, attempt) -> {
              CommitNode tip = rebaseOnto(snap);
              VersionGraph next = snap.graph().replaceHead(tip.id(), p);
              writeCommitInfo(next.node(p));
              lock.holdAt(p);
              return new VersionSwitch.Staged<>(next, next);
            });
    movedQuietly(p);
    session = null;
    moveTo(st.result(), p);
  }

  /** P5: after a switch the lock at the replaced HEAD is deleted; a failure there is harmless. */
  private void movedQuietly(String newHead) {
    try {
      lock.moved(newHead);
    } catch (RuntimeException e) {
      // the old lock file sits in a folder no reader opens any more
    }
  }

  /**
   * Commits the HEAD being written: it becomes an immutable commit with {@code message}, and this
   * handle moves to the branch's new HEAD. Returns the commit id. An unchanged HEAD is refused, as
   * Python refuses it. When another writer committed to the branch meanwhile, this writer's changes
   * are rebased onto it (appends always; other changes when that writer left the same tensors
   * alone) and retried; else {@link CommitConflictException}.
   */
  public synchronized String commit(String message) {
    return commit(message, false);
  }

  /** {@link #commit(String)}, allowing an empty commit when {@code allowEmpty}. */
  public synchronized String commit(String message, boolean allowEmpty) {
    checkWritable();
    if (!changed() && !allowEmpty) {
      throw new DeepLakeException(
          "nothing to commit on branch '" + node.branch() + "' of " + storage.root());
    }
    integrityCheck();
    if (VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      return commitRoot(message);
    }
    ensurePrivate();
    flushLocal();
    String committed = session.id();
    String next = newCommitId();
    double time = pythonCommitTime();
    String branch = node.branch();
    VersionSwitch.Staged<VersionGraph> st =
        switchVersions(
            "commit of branch '" + branch + "' (publishing commit " + committed + ")",
            (snap, attempt) -> {
              CommitNode tip = rebaseOnto(snap);
              if (!allowEmpty && attempt > 1 && !hasHeadChanges()) {
                throw new DeepLakeException(
                    "nothing to commit on branch '"
                        + branch
                        + "' of "
                        + storage.root()
                        + ": another writer committed every change of this HEAD");
              }
              // S4: the private node replaces the HEAD as a commit with a fresh HEAD child.
              VersionGraph g =
                  snap.graph()
                      .replaceHead(tip.id(), committed)
                      .commit(committed, next, message, time, "public");
              copyMetas(committed, next);
              writeCommitInfo(g.node(committed));
              writeCommitInfo(g.node(next));
              lock.holdAt(next);
              return new VersionSwitch.Staged<>(g, g);
            });
    movedQuietly(next);
    session = null;
    moveTo(st.result(), next);
    return committed;
  }

  /** L4: the first commit of a dataset whose root HEAD was written in place. */
  private String commitRoot(String message) {
    String branch = node.branch();
    String next = newCommitId();
    double time = pythonCommitTime();
    copyMetas(VersionGraph.FIRST_COMMIT_ID, next);
    DatasetLock held =
        DatasetLock.prepare(
            storage, branch, lockIdentityFor(next), next, DatasetLock.Settings.defaults(storage));
    VersionSwitch.Staged<VersionGraph> st;
    try {
      st =
          switchVersions(
              "first commit of branch '" + branch + "' (new HEAD " + next + ")",
              (snap, attempt) -> {
                String tip = snap.graph().branches().get(branch);
                if (!VersionGraph.FIRST_COMMIT_ID.equals(tip)) {
                  throw new CommitConflictException(
                      "branch '"
                          + branch
                          + "' of "
                          + storage.root()
                          + " was committed by another writer (HEAD "
                          + tip
                          + ") while this writer held the root exclusively: its lock was lost");
                }
                VersionGraph g =
                    snap.graph()
                        .commit(VersionGraph.FIRST_COMMIT_ID, next, message, time, "public");
                writeCommitInfo(g.node(VersionGraph.FIRST_COMMIT_ID));
                writeCommitInfo(g.node(next));
                return new VersionSwitch.Staged<>(g, g);
              });
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      held.abandon();
      throw e;
    }
    swapLock(held);
    moveTo(st.result(), next);
    return VersionGraph.FIRST_COMMIT_ID;
  }

  /** After a switch to another HEAD identity or branch: keep {@code held}, release the old hold. */
  private void swapLock(DatasetLock held) {
    DatasetLock old = lock;
    lock = held;
    held.start();
    if (old != null) {
      try {
        old.close();
      } catch (RuntimeException e) {
        // P5: the old lock file is in a folder no writer locks any more, or expires in 300 s
      }
    }
  }

  /**
   * Switches this handle to an existing branch (its HEAD, writable when the handle is) or a commit
   * id (read-only: commits are immutable). Uncommitted changes of the branch being left are
   * published as its HEAD first.
   */
  public synchronized void checkout(String ref) {
    flushWritable();
    VersionGraph g = VersionGraph.load(storage);
    CommitNode target = g.resolve(ref, storage.root());
    if (!storage.isReadOnly()) {
      if (target.isHead() && (lock == null || !lock.branch().equals(target.branch()))) {
        // Lock the other branch before letting go of this one: a failure leaves this handle as is.
        DatasetLock next =
            DatasetLock.acquire(
                storage,
                target.branch(),
                lockIdentityFor(target.id()),
                options.lockTimeout(),
                DatasetLock.Settings.defaults(storage));
        releaseLock();
        lock = next;
        g = next.graph();
        target = g.node(next.headId());
      } else if (!target.isHead()) {
        releaseLock();
      }
    }
    moveTo(g, target.id());
  }

  private void releaseLock() {
    if (lock != null) {
      DatasetLock l = lock;
      lock = null;
      l.close();
    }
  }

  /**
   * Switches to branch {@code name}, creating it when {@code create} (Deep Lake semantics:
   * uncommitted changes of the current HEAD are committed first; an unchanged HEAD branches from
   * its last commit).
   */
  public synchronized void checkout(String name, boolean create) {
    if (!create) {
      checkout(name);
      return;
    }
    checkWritable();
    checkNewBranch(graph, name);
    String base;
    if (changed()) {
      base = commit("auto commit before checkout to " + name);
    } else if (node.parent() == null) {
      base = commit("auto commit before checkout to " + name, true);
    } else {
      base = node.parent();
      discardSession();
    }
    String next = newCommitId();
    copyMetas(base, next);
    DatasetLock held =
        DatasetLock.prepare(
            storage, name, lockIdentityFor(next), next, DatasetLock.Settings.defaults(storage));
    VersionSwitch.Staged<VersionGraph> st;
    try {
      st =
          switchVersions(
              "creation of branch '" + name + "' (HEAD " + next + ")",
              (snap, attempt) -> {
                if (snap.graph().branches().containsKey(name)) {
                  throw new DeepLakeException(
                      "branch '" + name + "' already exists in " + storage.root());
                }
                VersionGraph g = snap.graph().branch(base, next, name);
                writeCommitInfo(g.node(next));
                return new VersionSwitch.Staged<>(g, g);
              });
    } catch (CommitStateUnknownException e) {
      throw e;
    } catch (RuntimeException e) {
      held.abandon();
      throw e;
    }
    swapLock(held);
    moveTo(st.result(), next);
  }

  /** Drops an unpublished private node and returns to the published HEAD it was based on. */
  private void discardSession() {
    if (session != null) {
      WriteSession s = session;
      session = null;
      s.discard();
      VersionGraph g = VersionGraph.load(storage);
      String head = g.branches().get(node.branch());
      moveTo(g, head != null ? head : s.base().id());
    }
  }

  /**
   * Creates branch {@code name} starting at commit {@code fromCommitId} and switches this handle to
   * the new branch's HEAD (writable). Unlike {@link #checkout(String, boolean)}, which branches
   * from the current HEAD, the base is any commit of the version tree; a branch HEAD (mutable) is
   * refused: branch from that branch instead. Pending writes of this handle are flushed first (not
   * committed). The result is what Python writes for {@code ds.checkout(fromCommitId)} followed by
   * {@code ds.checkout(name, create=True)}.
   */
  public synchronized void createBranch(String name, String fromCommitId) {
    if (closed) {
      throw new DeepLakeException("dataset " + storage.root() + " is closed");
    }
    if (storage.isReadOnly()) {
      throw new DeepLakeException(
          "dataset " + storage.root() + " is open read-only; open it with readOnly=false to write");
    }
    flushWritable();
    VersionGraph current = VersionGraph.load(storage);
    checkNewBranch(current, name);
    CommitNode base = current.nodes().get(fromCommitId);
    if (base == null) {
      throw new NotFoundException("no commit '" + fromCommitId + "' in " + storage.root());
    }
    if (base.isHead()) {
      throw new DeepLakeException(
          "'"
              + fromCommitId
              + "' is the uncommitted HEAD of branch '"
              + base.branch()
              + "', not a commit; branch from '"
              + base.branch()
              + "' instead");
    }
    String next = newCommitId();
    VersionGraph g = current.branch(fromCommitId, next, name);
    copyMetas(fromCommitId, next);
    writeCommitInfo(g.node(next));
    storage.put(VersionGraph.VERSION_INFO_KEY, g.toJsonBytes());
    moveTo(g, next);
  }

  private void checkNewBranch(VersionGraph g, String name) {
    if (g.branches().containsKey(name)) {
      throw new DeepLakeException("branch '" + name + "' already exists in " + storage.root());
    }
    if (name.isEmpty() || name.contains("/") || name.contains("@") || name.contains(",")) {
      throw new DeepLakeException("invalid branch name '" + name + "'");
    }
  }

  /**
   * Switches to the last commit at or before {@code time} on the current history. Python writes
   * {@code commit_time} as naive UTC read as local time; this engine writes and compares it the
   * same way, so times agree with Python's on any machine whose time zone matches the writer's.
   */
  public synchronized void checkout(java.time.Instant time) {
    flushWritable();
    double t = pythonTime(time);
    String target = graph.commitAtOrBefore(node.id(), t).id();
    releaseLock();
    moveTo(graph, target);
  }

  /**
   * Discards uncommitted changes (Python's {@code ds.reset()}): this handle's unpublished ones, and
   * those published at the branch's HEAD, which is replaced by a fresh HEAD. The discarded folders
   * stay for {@code deeplake vacuum} (another writer may still read them).
   */
  public synchronized void reset() {
    checkWritable();
    boolean discarded = session != null;
    discardSession();
    writers.clear();
    pendingMeta = null;
    pendingInfo = null;
    datasetDiff = null;
    deletedKeys.clear();
    if (!hasHeadChanges()) {
      if (discarded) {
        return;
      }
      throw new DeepLakeException(
          "nothing to reset on branch '" + node.branch() + "' of " + storage.root());
    }
    String head = node.id();
    if (VersionGraph.FIRST_COMMIT_ID.equals(head)) {
      initialize(storage, true);
      lock.holdAt(head); // the wipe removed the lock file with everything else
      moveTo(VersionGraph.load(storage), VersionGraph.FIRST_COMMIT_ID);
      return;
    }
    String next = newCommitId();
    copyMetas(node.parent(), next);
    String branch = node.branch();
    VersionSwitch.Staged<VersionGraph> st =
        switchVersions(
            "reset of branch '" + branch + "' (new HEAD " + next + ")",
            (snap, attempt) -> {
              String tip = snap.graph().branches().get(branch);
              if (!head.equals(tip)) {
                throw new CommitConflictException(
                    "branch '"
                        + branch
                        + "' of "
                        + storage.root()
                        + " moved from "
                        + head
                        + " to "
                        + tip
                        + " while resetting it; reset again to discard the new HEAD's changes");
              }
              VersionGraph g = snap.graph().replaceHead(head, next);
              writeCommitInfo(g.node(next));
              lock.holdAt(next);
              return new VersionSwitch.Staged<>(g, g);
            });
    movedQuietly(next);
    moveTo(st.result(), next);
  }

  /**
   * Deletes branch {@code name} and its versions. Not main, not the current branch, not a branch
   * another writer has open.
   */
  public synchronized void deleteBranch(String name) {
    checkWritable();
    flush();
    VersionSwitch.Staged<List<String>> st =
        switchVersions(
            "deletion of branch '" + name + "'",
            (snap, attempt) -> {
              VersionGraph cur = snap.graph();
              if (!cur.branches().containsKey(name)) {
                throw new NotFoundException(
                    "no branch '"
                        + name
                        + "' (branches: "
                        + String.join(", ", cur.branches().keySet())
                        + ")");
              }
              if ("main".equals(name)) {
                throw new DeepLakeException("the main branch cannot be deleted");
              }
              if (node.branch().equals(name)) {
                throw new DeepLakeException(
                    "cannot delete branch '" + name + "': it is checked out here");
              }
              List<String> doomed = cur.nodesOfBranch(name);
              for (CommitNode n : cur.nodes().values()) {
                if (!n.branch().equals(name) && n.parent() != null && doomed.contains(n.parent())) {
                  throw new DeepLakeException(
                      "cannot delete branch '"
                          + name
                          + "': branch '"
                          + n.branch()
                          + "' starts from it");
                }
              }
              DatasetLock.refuseIfWritten(storage, name, cur.branches().get(name));
              return new VersionSwitch.Staged<>(cur.deleteBranch(name), doomed);
            });
    graph = st.next();
    for (String id : st.result()) {
      try {
        for (String k : storage.list(Layout.versionFolder(id))) {
          storage.delete(k);
        }
      } catch (RuntimeException e) {
        // P5: unreferenced folders left behind are garbage for deeplake vacuum
      }
    }
  }

  /**
   * Changes between two versions (refs: branch names or commit ids), in the layout of Python's
   * {@code ds.diff(a, b, as_dict=True)}; see {@link org.deeplake4j.engine.internal.version.Diffs}.
   */
  public com.fasterxml.jackson.databind.node.ObjectNode diff(String a, String b) {
    flushLocal();
    VersionGraph g = VersionGraph.load(storage);
    return org.deeplake4j.engine.internal.version.Diffs.between(
        storage, g, g.resolve(a, storage.root()).id(), g.resolve(b, storage.root()).id());
  }

  /** Uncommitted changes of the HEAD being read (Python's {@code ds.diff(as_dict=True)}). */
  public com.fasterxml.jackson.databind.node.ObjectNode diff() {
    flushLocal();
    return org.deeplake4j.engine.internal.version.Diffs.ofHead(storage, graph, node.id());
  }

  /** How {@link #merge} resolves samples changed on both sides. */
  public enum MergeConflicts {
    /** Keep this branch's sample. */
    OURS,
    /** Take the merged branch's sample. */
    THEIRS,
    /** Throw {@link MergeConflictException} and write nothing. */
    FAIL
  }

  /**
   * Merges {@code ref} (a branch or commit) into the branch being written, Deep Lake 3.x style
   * (samples matched by their {@code _x_id}), then commits {@code "Merge <ref> into <branch>"}. A
   * target branch with uncommitted changes is committed first. Returns the merge commit id.
   */
  public synchronized String merge(
      String ref, MergeConflicts conflicts, boolean deleteRemovedTensors) {
    checkWritable();
    return Merger.merge(
        this, ref, Merger.ConflictResolution.valueOf(conflicts.name()), deleteRemovedTensors);
  }

  /** {@link #merge(String, MergeConflicts, boolean)} failing on conflicts, keeping tensors. */
  public String merge(String ref) {
    return merge(ref, MergeConflicts.FAIL, false);
  }

  /** Appends one row to a tensor with a given sample id (merges keep ids). */
  synchronized void appendWithId(String tensorName, Object value, Long id) {
    beginChange();
    forcedId = id;
    try {
      appendRow(writer(keyOf(tensorName)), tensorName, value);
    } finally {
      forcedId = null;
    }
    generation++;
  }

  private Long forcedId;

  /** Commits of this version's history, newest first (Python's {@code ds.commits}). */
  public List<CommitNode> commits() {
    return log();
  }

  /** One node of the version tree. */
  public CommitNode commitDetails(String id) {
    return graph.node(id);
  }

  private void flushWritable() {
    if (!storage.isReadOnly() && node.isHead()) {
      flush();
    }
  }

  private void moveTo(VersionGraph g, String nodeId) {
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
    tensors.clear();
    pendingMeta = null;
    pendingInfo = null;
    datasetDiff = null;
    deletedKeys.clear();
    session = null;
    generation++;
  }

  /** Python's copy_metas: the files a new node starts with, plus empty chunk sets. */
  private void copyMetas(String from, String to) {
    String[] datasetFiles = {Layout.DATASET_META, Layout.DATASET_INFO};
    for (String f : datasetFiles) {
      final String dst = VersionKeys.at(to, f);
      storage.getIfExists(VersionKeys.at(from, f)).ifPresent(b -> storage.put(dst, b));
    }
    String metaKey = VersionKeys.at(from, Layout.DATASET_META);
    DatasetMeta m = DatasetMeta.parse(storage.get(metaKey), metaKey);
    String[] tensorFiles = {
      Layout.TENSOR_META,
      Layout.CHUNKS_INDEX,
      Layout.TILES_INDEX,
      Layout.SEQUENCE_INDEX,
      Layout.CREDS_INDEX,
      Layout.TENSOR_INFO
    };
    for (String key : m.tensors()) {
      for (String f : tensorFiles) {
        final String dst = VersionKeys.at(to, key + "/" + f);
        storage
            .getIfExists(VersionKeys.at(from, key + "/" + f))
            .ifPresent(b -> storage.put(dst, b));
      }
      storage.put(VersionKeys.at(to, Layout.chunkSet(key)), new byte[0]);
    }
  }

  private void writeCommitInfo(CommitNode n) {
    storage.put(
        VersionKeys.at(n.id(), VersionGraph.COMMIT_INFO_KEY),
        org.deeplake4j.engine.internal.format.MetaJson.compact(VersionGraph.toJson(n, true)));
  }

  /** Python's integrity check: every companion tensor in step with its parent. */
  private void integrityCheck() {
    for (String name : meta.namesInKeyOrder()) {
      Tensor t = tensor(name);
      for (var e : t.meta().links().entrySet()) {
        String ck = e.getKey();
        String cname = meta.nameOfKey(ck);
        if (cname == null) {
          throw new CorruptDataException(
              VersionKeys.at(node.id(), Layout.tensorMeta(t.key())),
              "links names tensor '" + ck + "', which does not exist");
        }
        boolean flatten = e.getValue().path("flatten_sequence").asBoolean(false);
        long expected = flatten ? t.numItems() : t.length();
        long actual = tensor(cname).numItems();
        if (expected != actual) {
          throw new CorruptDataException(
              VersionKeys.at(node.id(), Layout.tensorMeta(ck)),
              "companion '" + ck + "' has " + actual + " samples, '" + name + "' has " + expected);
        }
      }
    }
  }

  private static String newCommitId() {
    try {
      java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-1");
      md.update(Long.toString(System.nanoTime()).getBytes(StandardCharsets.US_ASCII));
      byte[] r = new byte[16];
      new java.security.SecureRandom().nextBytes(r);
      md.update(r);
      return java.util.HexFormat.of().formatHex(md.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Seconds since the epoch as Python's {@code datetime.utcnow().timestamp()} computes them. */
  static double pythonCommitTime() {
    return pythonTime(java.time.Instant.now());
  }

  /** An instant as a Python commit_time: its UTC wall-clock time read in the local zone. */
  static double pythonTime(java.time.Instant t) {
    java.time.LocalDateTime utcWall =
        java.time.LocalDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    java.time.Instant shifted = utcWall.atZone(java.time.ZoneId.systemDefault()).toInstant();
    return shifted.getEpochSecond() + shifted.getNano() / 1e9;
  }

  String credsKey(long index) {
    List<String> keys = credsKeys();
    if (index < 1 || index > keys.size()) {
      throw new CorruptDataException(
          Layout.LINKED_CREDS, "creds index " + index + " but only " + keys.size() + " keys");
    }
    return keys.get((int) index - 1);
  }

  private synchronized List<String> credsKeys() {
    if (credsKeys == null) {
      List<String> keys = new ArrayList<>();
      storage
          .getIfExists(Layout.LINKED_CREDS)
          .ifPresent(
              b -> {
                JsonNode n = Json.parse(b, Layout.LINKED_CREDS);
                n.path("creds_keys").forEach(k -> keys.add(k.asText()));
                boolean envUsed = false;
                for (JsonNode u : n.path("used_creds_keys")) {
                  envUsed |= "ENV".equals(u.asText());
                }
                if (envUsed && !keys.contains("ENV")) {
                  keys.add(0, "ENV");
                }
              });
      credsKeys = keys;
    }
    return credsKeys;
  }

  /**
   * Reads the file a link points at. Local absolute paths and {@code file://} URLs are read
   * directly; relative paths are resolved against a local dataset's folder; other schemes go
   * through the storage resolver with this dataset's storage options.
   */
  byte[] readLink(String link, Optional<String> credsKey) {
    String scheme = StorageResolver.schemeOf(link);
    try {
      if (scheme.isEmpty() || scheme.equals("file")) {
        Path p = scheme.isEmpty() ? Path.of(link) : Path.of(java.net.URI.create(link));
        if (!p.isAbsolute()) {
          Optional<Path> root = storage.localRoot();
          if (root.isEmpty()) {
            throw new DeepLakeException(
                "relative link '" + link + "' needs a local dataset to resolve against");
          }
          p = root.get().resolve(p).normalize();
        }
        return Files.readAllBytes(p);
      }
      int slash = link.lastIndexOf('/');
      String parent = link.substring(0, slash);
      try (Storage s = options.resolver().resolve(parent, options.storageOptions(), true)) {
        return s.get(link.substring(slash + 1));
      }
    } catch (NoSuchFileException e) {
      throw new NotFoundException("linked file not found: " + link);
    } catch (IOException e) {
      throw new DeepLakeException("cannot read linked file " + link + ": " + e.getMessage(), e);
    }
  }

  // ------------------------------------------------------------------------------ views

  /**
   * Rows {@code rows} of the dataset in the order given (Python's {@code ds[[i, j, ...]]}). (An
   * array, not varargs: {@code view(a, b, c)} is the slice {@link #view(long, long, long)}.)
   *
   * @throws IndexOutOfBoundsException when a row is not in {@code [0, length())}
   */
  public DatasetView view(long[] rows) {
    return DatasetView.rowsOf(this, rows);
  }

  /** Rows {@code ds[start:stop]} (Python's slice semantics). */
  public DatasetView view(long start, long stop) {
    return DatasetView.sliceOf(this, start, stop, 1);
  }

  /**
   * Rows {@code ds[start:stop:step]} with Python's slice semantics (see {@link
   * DatasetView#view(long, long, long)}).
   */
  public DatasetView view(long start, long stop, long step) {
    return DatasetView.sliceOf(this, start, stop, step);
  }

  /** The rows for which {@code predicate} holds, in row order (Python's {@code ds.filter(fn)}). */
  public DatasetView filter(java.util.function.Predicate<Row> predicate) {
    return DatasetView.filterOf(this, predicate);
  }

  /**
   * Splits the dataset into non-overlapping random views by fractions (Python's {@code
   * ds.random_split}); see {@link DatasetView#randomSplit(double...)}.
   *
   * @throws IllegalArgumentException also when tensors differ in length, as in Python
   */
  public List<DatasetView> randomSplit(double... fractions) {
    return DatasetView.all(requireEvenLengths()).randomSplit(fractions);
  }

  /** {@link #randomSplit(double...)} with a seed (reproducible). */
  public List<DatasetView> randomSplit(double[] fractions, long seed) {
    return DatasetView.all(requireEvenLengths()).randomSplit(fractions, seed);
  }

  /** Splits the dataset into non-overlapping random views of the given lengths. */
  public List<DatasetView> randomSplit(long... lengths) {
    return DatasetView.all(requireEvenLengths()).randomSplit(lengths);
  }

  /** {@link #randomSplit(long...)} with a seed (reproducible). */
  public List<DatasetView> randomSplit(long[] lengths, long seed) {
    return DatasetView.all(requireEvenLengths()).randomSplit(lengths, seed);
  }

  private Dataset requireEvenLengths() {
    flushIfDirty();
    if (length() != maxLength()) {
      throw new IllegalArgumentException(
          "randomSplit needs tensors of equal length; "
              + path
              + " has tensors of "
              + length()
              + " to "
              + maxLength()
              + " rows (as Python's random_split)");
    }
    return this;
  }

  /**
   * Saves every row of the dataset as a view (Python's {@code ds.save_view(...)}); see {@link
   * DatasetView#saveView(String, String, boolean)}.
   */
  public ViewEntry saveView(String id, String message, boolean optimize) {
    return DatasetView.all(this).saveView(id, message, optimize);
  }

  /** The views saved in this dataset ({@code queries.json}), in saving order; any commit. */
  public List<ViewEntry> views() {
    return SavedViews.list(this);
  }

  /**
   * The saved view {@code id}.
   *
   * @throws ViewNotFoundException when there is none
   * @throws CorruptDataException when {@code queries.json} is not a list of views
   */
  public ViewEntry getView(String id) {
    return SavedViews.get(this, id);
  }

  /**
   * Loads saved view {@code id} (Python's {@code ds.load_view(id)}): a virtual view reads this
   * dataset at the commit it was saved from (a read-only handle on this dataset's storage when that
   * is not the version open here), a materialized one reads its copy under {@code .queries/}.
   *
   * @throws ViewNotFoundException when there is none
   */
  public DatasetView loadView(String id) {
    return SavedViews.load(this, id);
  }

  /**
   * Deletes saved view {@code id}: its entry in {@code queries.json} first, then its folder.
   *
   * @throws ViewNotFoundException when there is none
   */
  public void deleteView(String id) {
    SavedViews.delete(this, id);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (!storage.isReadOnly()) {
        flush();
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

  @Override
  public String toString() {
    return "Dataset(" + storage.root() + " @ " + node.branch() + "/" + node.id() + ")";
  }
}
