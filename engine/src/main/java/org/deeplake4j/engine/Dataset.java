package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplake4j.engine.format.DatasetMeta;
import org.deeplake4j.engine.format.Json;
import org.deeplake4j.engine.format.TensorMeta;
import org.deeplake4j.engine.internal.ChunkCache;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.storage.StorageResolver;
import org.deeplake4j.engine.version.CommitNode;
import org.deeplake4j.engine.version.VersionGraph;
import org.deeplake4j.engine.version.VersionKeys;

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
 */
public final class Dataset implements AutoCloseable {
  private final String path;
  private final Storage storage;
  private final boolean ownsStorage;
  private final OpenOptions options;
  private final VersionGraph graph;
  private final CommitNode node;
  private final List<String> chain;
  private final DatasetMeta meta;
  private final JsonNode info;
  private final ChunkCache cache;
  private final Map<String, Tensor> tensors = new ConcurrentHashMap<>();
  private List<String> credsKeys;

  private Dataset(
      String path, Storage storage, boolean ownsStorage, OpenOptions options, String ref) {
    this.path = path;
    this.storage = storage;
    this.ownsStorage = ownsStorage;
    this.options = options;
    if (!storage.exists("dataset_meta.json")
        && !storage.exists(VersionGraph.VERSION_INFO_KEY)
        && !storage.exists(VersionGraph.LEGACY_VERSION_INFO_KEY)) {
      throw new NotFoundException(
          "not a Deep Lake dataset: " + storage.root() + " has no dataset_meta.json");
    }
    this.graph = VersionGraph.load(storage);
    this.node = graph.resolve(ref == null ? "main" : ref, storage.root());
    this.chain = graph.chain(node.id());
    String metaKey = VersionKeys.at(node.id(), "dataset_meta.json");
    this.meta = DatasetMeta.parse(storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(node.id(), "dataset_info.json");
    this.info =
        storage
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    this.cache = new ChunkCache(options.chunkCacheBytes());
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

  /** Opens the dataset in an existing storage (not closed by {@link #close()}). */
  public static Dataset open(Storage storage, OpenOptions options) {
    return new Dataset(storage.root(), storage, false, options, options.ref());
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
    if (!node.isHead()) {
      return false;
    }
    if (VersionGraph.FIRST_COMMIT_ID.equals(node.id())) {
      return !meta.tensors().isEmpty();
    }
    for (String key : meta.tensors()) {
      if (storage.exists(VersionKeys.at(node.id(), key + "/commit_diff"))) {
        return true;
      }
    }
    Optional<byte[]> dd = storage.getIfExists(VersionKeys.at(node.id(), "dataset_diff"));
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
    return tensors.computeIfAbsent(name, n -> loadTensor(n, key));
  }

  private Tensor loadTensor(String name, String key) {
    String metaKey = VersionKeys.at(node.id(), key + "/tensor_meta.json");
    TensorMeta tm = TensorMeta.parse(storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(node.id(), key + "/tensor_info.json");
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

  String credsKey(long index) {
    List<String> keys = credsKeys();
    if (index < 1 || index > keys.size()) {
      throw new CorruptDataException(
          "linked_creds.json", "creds index " + index + " but only " + keys.size() + " keys");
    }
    return keys.get((int) index - 1);
  }

  private synchronized List<String> credsKeys() {
    if (credsKeys == null) {
      List<String> keys = new ArrayList<>();
      storage
          .getIfExists("linked_creds.json")
          .ifPresent(
              b -> {
                JsonNode n = Json.parse(b, "linked_creds.json");
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

  @Override
  public void close() {
    if (ownsStorage) {
      storage.close();
    }
  }

  @Override
  public String toString() {
    return "Dataset(" + storage.root() + " @ " + node.branch() + "/" + node.id() + ")";
  }
}
