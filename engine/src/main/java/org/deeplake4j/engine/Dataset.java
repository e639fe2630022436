package org.deeplake4j.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DatasetLockedException;
import org.deeplake4j.engine.errors.MergeConflictException;
import org.deeplake4j.engine.errors.ViewNotFoundException;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.internal.views.SavedViews;
import org.deeplake4j.engine.internal.write.DatasetCore;
import org.deeplake4j.engine.internal.write.Lifecycle;
import org.deeplake4j.engine.internal.write.Merger;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;
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
 *
 * <p>The handle is thin: its state and the work live in an internal {@link DatasetCore} and its
 * components (lifecycle, writer, version control, link credentials, saved views); this class keeps
 * the public surface, the tensor handles, and the lock every change is serialized on.
 *
 * <p>Longer than the ~800 lines the rest of the engine keeps to, on purpose: it is the public
 * surface of Deep Lake's {@code Dataset} (about 90 methods), each a one-line delegation whose
 * Javadoc states its contract; the work is in {@code internal.write} and {@code internal.read}.
 */
public final class Dataset implements AutoCloseable {
  private final DatasetCore core;
  private final Map<String, Tensor> tensors = new ConcurrentHashMap<>();

  private Dataset(DatasetCore core) {
    this.core = core;
    core.attach(tensors::clear); // the core drops the cached tensor handles when it moves
  }

  /** A handle over an internal core (fragment writers' in-memory datasets). */
  static Dataset wrap(DatasetCore core) {
    return new Dataset(core);
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
    return new Dataset(Lifecycle.open(p.path(), options.internal(), options.readOnly(), ref));
  }

  /**
   * Opens the dataset in an existing storage (not closed by {@link #close()}); read-only unless
   * {@code options.readOnly()} is false.
   */
  public static Dataset open(Storage storage, OpenOptions options) {
    return new Dataset(
        Lifecycle.open(storage, options.internal(), options.readOnly(), options.ref()));
  }

  /** The path or URL the dataset was opened from. */
  public String path() {
    return core.path();
  }

  /** The storage under the dataset root. */
  public Storage storage() {
    return core.storage();
  }

  /**
   * The version tree. Internal type: engine code and tests only; adapters use {@link
   * #resolve(String)}, {@link #branchHeads()}, {@link #log()} and {@link #commits()}.
   */
  public VersionGraph versionGraph() {
    return core.graph();
  }

  /** Branch of the version being read. */
  public String branch() {
    return core.node().branch();
  }

  /** Id of the node being read: a commit, or a branch's HEAD node. */
  public String nodeId() {
    return core.node().id();
  }

  /**
   * Python's {@code ds.commit_id}: the commit itself, or for a HEAD node its parent commit; null
   * when nothing was committed yet.
   */
  public String commitId() {
    return core.commitId();
  }

  /** Python's {@code ds.pending_commit_id}: the HEAD node id when reading a branch head. */
  public String pendingCommitId() {
    return core.node().id();
  }

  /** Whether the version being read is a branch HEAD (writable, possibly uncommitted changes). */
  public boolean isHeadNode() {
    return core.node().isHead();
  }

  /** Branch names. */
  public List<String> branches() {
    return List.copyOf(core.graph().branches().keySet());
  }

  /** Each branch's HEAD node id, by branch name (in the order of the version tree). */
  public Map<String, String> branchHeads() {
    return java.util.Collections.unmodifiableMap(
        new java.util.LinkedHashMap<>(core.graph().branches()));
  }

  /**
   * The version {@code ref} names: a branch (its HEAD node) or a commit id.
   *
   * @throws org.deeplake4j.engine.errors.NotFoundException if there is no such branch or commit
   */
  public CommitNode resolve(String ref) {
    return core.graph().resolve(ref, core.storage().root());
  }

  /** Commits reachable from this version back to the root, newest first (Python's log). */
  public List<CommitNode> log() {
    return core.graph().log(core.node().id());
  }

  /**
   * Whether the HEAD being read has uncommitted changes, as Python decides: the root with any
   * tensor, a tensor {@code commit_diff} in the HEAD folder, or a dataset_diff recording info
   * updates, renames or deletions.
   */
  public boolean hasHeadChanges() {
    return core.hasHeadChanges();
  }

  /**
   * dataset_meta.json of this version. Internal type: engine code and tests only; adapters use
   * {@link #tensorNames()}, {@link #storedTensorNames()}, {@link #allowDelete()}, {@link
   * #groups()}.
   */
  public DatasetMeta meta() {
    return core.meta();
  }

  /** Python's {@code ds.allow_delete}: whether this dataset may be deleted (default true). */
  public boolean allowDelete() {
    return core.meta().raw().path("allow_delete").asBoolean(true);
  }

  /**
   * Visible tensor names in the order dataset_meta.json's {@code tensor_names} stores them, the
   * order Python lists {@code ds.tensors} in (Python writes it with sorted keys); {@link
   * #tensorNames()} follows creation order instead.
   */
  public List<String> storedTensorNames() {
    List<String> visible = tensorNames();
    List<String> out = new java.util.ArrayList<>();
    for (String n : core.meta().tensorNames().keySet()) {
      if (visible.contains(n)) {
        out.add(n);
      }
    }
    return out;
  }

  /** Dataset info ({@code dataset_info.json}; empty when absent). */
  public JsonNode info() {
    return core.info().deepCopy();
  }

  /** Group paths, ancestors included. */
  public List<String> groups() {
    return core.meta().groups();
  }

  /** Visible tensor names in dataset_meta order. */
  public List<String> tensorNames() {
    return tensorNames(false);
  }

  /** Tensor names in dataset_meta order, optionally with hidden companion tensors. */
  public List<String> tensorNames(boolean includeHidden) {
    return core.tensorNames(includeHidden);
  }

  /** Whether a tensor with this name exists at this version. */
  public boolean hasTensor(String name) {
    return core.meta().tensorNames().containsKey(name);
  }

  /** The tensor named {@code name} (a group tensor is {@code group/name}). */
  public Tensor tensor(String name) {
    String key = core.tensorKey(name);
    if (!tensors.containsKey(name) && !core.storage().isReadOnly()) {
      flushIfDirty(); // a tensor loaded now must see writes staged before
    }
    return tensors.computeIfAbsent(name, n -> loadTensor(n, key));
  }

  private Tensor loadTensor(String name, String key) {
    String metaKey = VersionKeys.at(core.node().id(), Layout.tensorMeta(key));
    TensorMeta tm = TensorMeta.parse(core.storage().get(metaKey), metaKey);
    String infoKey = VersionKeys.at(core.node().id(), Layout.tensorInfo(key));
    JsonNode ti =
        core.storage()
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
    return new Tensor(this, name, key, tm, ti, core.cache(), core.chain());
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
   * Approximate stored size in bytes of this version's data (every chunk of every tensor, hidden
   * ones included), as Python's {@code ds.size_approx()}.
   */
  public long sizeApprox() {
    core.writer().flushWritable();
    long total = 0;
    for (String n : tensorNames(true)) {
      total += tensor(n).sizeApprox();
    }
    return total;
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

  // ------------------------------------------------------------------------------ lifecycle

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
    return new Dataset(Lifecycle.create(path, options.internal(), overwrite));
  }

  /** Creates a dataset in an existing storage (not closed by {@link #close()}). */
  public static Dataset create(Storage storage, boolean overwrite) {
    return new Dataset(
        Lifecycle.create(
            storage, OpenOptions.defaults().withReadOnly(false).internal(), overwrite));
  }

  /** Whether a Deep Lake dataset exists at {@code path}. */
  public static boolean exists(String path) {
    return Lifecycle.exists(path);
  }

  /** Deletes the dataset at {@code path} (every key under its root). */
  public static void delete(String path) {
    Lifecycle.delete(path);
  }

  /**
   * Copies the dataset at {@code src} (every version) to {@code dst}. Fails if {@code dst} holds a
   * dataset, unless {@code overwrite}.
   */
  public static void copy(String src, String dst, boolean overwrite) {
    Lifecycle.copy(src, dst, overwrite);
  }

  /** Moves the dataset at {@code path} to {@code newPath} (copy, then delete the source). */
  public static void rename(String path, String newPath) {
    Lifecycle.rename(path, newPath);
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

  // ------------------------------------------------------------------------------ writing

  /** Changes whenever staged or stored state changes: tensor handles find they are stale. */
  long generation() {
    return core.generation();
  }

  /** Flushes pending writes if there are any (reads call this so they see earlier writes). */
  void flushIfDirty() {
    core.writer().flushIfDirty();
  }

  /** The internal state of this handle (for views and saved views). */
  DatasetCore core() {
    return core;
  }

  /**
   * Creates a tensor (and the hidden companions Python creates for its htype) and returns it. A
   * name in a group ({@code "grp/name"}) creates the groups too.
   */
  public synchronized Tensor createTensor(String name, TensorSpec spec) {
    core.writer().createTensor(name, spec.internal());
    return tensor(name);
  }

  /** Creates a group (and its ancestors). */
  public synchronized void createGroup(String name) {
    core.writer().createGroup(name);
  }

  /** Replaces the dataset info ({@code ds.info}) with {@code newInfo}. */
  public synchronized void setInfo(Map<String, ?> newInfo) {
    core.writer().setInfo(newInfo);
  }

  /** Adds or replaces keys of the dataset info ({@code ds.info.update(...)}). */
  public synchronized void updateInfo(Map<String, ?> values) {
    core.writer().updateInfo(values);
  }

  /** Adds or replaces keys of a tensor's info ({@code ds.tensor.info.update(...)}). */
  public synchronized void updateTensorInfo(String tensorName, Map<String, ?> values) {
    core.writer().updateTensorInfo(tensorName, values);
  }

  /**
   * Deletes a tensor and its companions at this HEAD. Its data in committed versions stays; a
   * tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public synchronized void deleteTensor(String tensorName) {
    core.writer().deleteTensor(tensorName);
  }

  /**
   * Renames a tensor within its group (the storage key is kept, as in Python); its companions are
   * renamed alike. A tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public synchronized void renameTensor(String oldName, String newName) {
    core.writer().renameTensor(oldName, newName);
  }

  /** Appends one value to a tensor (see {@link Tensor#append}). */
  public synchronized void append(String tensorName, Object value) {
    core.writer().append(tensorName, Samples.toInternal(value));
  }

  /**
   * Appends {@code values} to a tensor, one sample each, all or nothing: every value is checked
   * before the first is appended (see {@link #append(String, Object)}).
   */
  public synchronized void extend(String tensorName, List<?> values) {
    core.writer().extend(tensorName, Samples.toInternalValues(values));
  }

  /**
   * Appends one row: {@code row} maps tensor names to values. Tensors of the dataset missing from
   * the row get an empty sample, as Python pads ({@code append_empty}).
   */
  public synchronized void append(Map<String, ?> row) {
    core.writer().append(Samples.toInternal(row));
  }

  /**
   * Appends the first-axis slices of {@code batch} to a tensor as samples: a batch of shape {@code
   * (n, d1, ...)} appends n samples of shape {@code (d1, ...)}, a 1-D batch n scalars (stored with
   * shape [1]). The same as appending each slice; numeric tensors without sample compression take a
   * bulk path (one metadata update per batch). Requires a writable dataset at a branch HEAD.
   */
  public synchronized void extend(String tensorName, NdArray batch) {
    core.writer().extend(tensorName, batch);
  }

  /** Appends empty samples to every visible tensor shorter than the longest one. */
  public synchronized void padTensors() {
    core.writer().padTensors();
  }

  /**
   * Replaces sample {@code index} of a tensor (copy-on-write of its chunk at this HEAD); the
   * tensor's companions follow. Sequence, tiled and image-canvas samples are refused.
   */
  public synchronized void update(String tensorName, long index, Object value) {
    core.writer().update(tensorName, index, Samples.toInternal(value));
  }

  /**
   * Rewrites the chunks of the named tensors (all when none are named) with Python's fill policy,
   * as Python's {@code ds.rechunk()}: samples are unchanged, small or uneven chunks are merged.
   */
  public synchronized void rechunk(String... tensorNames) {
    core.writer().rechunk(tensorNames);
  }

  /** Removes sample {@code index} from one tensor and its companions. */
  public synchronized void pop(String tensorName, long index) {
    core.writer().pop(tensorName, index);
  }

  /** Removes row {@code index} from every tensor that has it (Python's {@code ds.pop}). */
  public synchronized void pop(long index) {
    core.writer().pop(index);
  }

  /**
   * Makes every pending change durable and visible at the branch HEAD, as Python's {@code
   * ds.flush()}: staged data is written (chunks first, then encoders and metas) and, at a non-root
   * HEAD, the private node is published as the branch's HEAD through the commit protocol (rebased
   * onto another writer's HEAD if needed; {@link CommitConflictException} when that is impossible).
   */
  public synchronized void flush() {
    core.writer().flush();
  }

  /**
   * Drops every change staged since the last {@link #flush()} (appends, updates, pops, info)
   * without writing any of it; what is already written stays, so the stored dataset is as the last
   * flush left it. For a caller abandoning a batch of writes that failed part-way (a row of {@link
   * #append(Map)} may have reached some tensors only). Creating a tensor and reading a tensor
   * flush, so what was created or read before stays. No-op on a read-only handle.
   */
  public synchronized void discardChanges() {
    core.writer().discardChanges();
  }

  // ------------------------------------------------------------------------ link credentials

  /**
   * Adds a named credentials key that link samples can use ({@code Samples.link(path, key)}), as
   * Python's {@code ds.add_creds_key(key)}. Secrets are never stored: only the name, in
   * linked_creds.json.
   */
  public synchronized void addCredsKey(String key) {
    core.writer().addCredsKey(key);
  }

  /** The name of creds key {@code index} (1-based; as a link's creds encoder stores it). */
  String credsKey(long index) {
    return core.creds().credsKey(index);
  }

  /**
   * Reads the file a link points at. Local absolute paths and {@code file://} URLs are read
   * directly; relative paths are resolved against a local dataset's folder; other schemes go
   * through the storage resolver with this dataset's storage options.
   */
  byte[] readLink(String link, Optional<String> credsKey) {
    return core.creds().readLink(link, credsKey);
  }

  // ------------------------------------------------------------------------ version control

  /**
   * Commits the HEAD being written: it becomes an immutable commit with {@code message}, and this
   * handle moves to the branch's new HEAD. Returns the commit id. An unchanged HEAD is refused, as
   * Python refuses it. When another writer committed to the branch meanwhile, this writer's changes
   * are rebased onto it (appends always; other changes when that writer left the same tensors
   * alone) and retried; else {@link CommitConflictException}.
   */
  public synchronized String commit(String message) {
    return core.versions().commit(message);
  }

  /** {@link #commit(String)}, allowing an empty commit when {@code allowEmpty}. */
  public synchronized String commit(String message, boolean allowEmpty) {
    return core.versions().commit(message, allowEmpty);
  }

  /**
   * Switches this handle to an existing branch (its HEAD, writable when the handle is) or a commit
   * id (read-only: commits are immutable). Uncommitted changes of the branch being left are
   * published as its HEAD first.
   */
  public synchronized void checkout(String ref) {
    core.versions().checkout(ref);
  }

  /**
   * Switches to branch {@code name}, creating it when {@code create} (Deep Lake semantics:
   * uncommitted changes of the current HEAD are committed first; an unchanged HEAD branches from
   * its last commit).
   */
  public synchronized void checkout(String name, boolean create) {
    core.versions().checkout(name, create);
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
    core.versions().createBranch(name, fromCommitId);
  }

  /**
   * Switches to the last commit at or before {@code time} on the current history. Python writes
   * {@code commit_time} as naive UTC read as local time; this engine writes and compares it the
   * same way, so times agree with Python's on any machine whose time zone matches the writer's.
   */
  public synchronized void checkout(java.time.Instant time) {
    core.versions().checkout(time);
  }

  /**
   * Discards uncommitted changes (Python's {@code ds.reset()}): this handle's unpublished ones, and
   * those published at the branch's HEAD, which is replaced by a fresh HEAD. The discarded folders
   * stay for {@code deeplake vacuum} (another writer may still read them).
   */
  public synchronized void reset() {
    core.versions().reset();
  }

  /**
   * Deletes branch {@code name} and its versions. Not main, not the current branch, not a branch
   * another writer has open.
   */
  public synchronized void deleteBranch(String name) {
    core.versions().deleteBranch(name);
  }

  /**
   * Changes between two versions (refs: branch names or commit ids), in the layout of Python's
   * {@code ds.diff(a, b, as_dict=True)}; see {@link org.deeplake4j.engine.internal.version.Diffs}.
   */
  public ObjectNode diff(String a, String b) {
    return core.versions().diff(a, b);
  }

  /** Uncommitted changes of the HEAD being read (Python's {@code ds.diff(as_dict=True)}). */
  public ObjectNode diff() {
    return core.versions().diff();
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
    return core.versions()
        .merge(ref, Merger.ConflictResolution.valueOf(conflicts.name()), deleteRemovedTensors);
  }

  /** {@link #merge(String, MergeConflicts, boolean)} failing on conflicts, keeping tensors. */
  public String merge(String ref) {
    return merge(ref, MergeConflicts.FAIL, false);
  }

  /** Commits of this version's history, newest first (Python's {@code ds.commits}). */
  public List<CommitNode> commits() {
    return log();
  }

  /** One node of the version tree. */
  public CommitNode commitDetails(String id) {
    return core.graph().node(id);
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
              + path()
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
    return SavedViews.list(core).stream().map(ViewEntry::of).toList();
  }

  /**
   * The saved view {@code id}.
   *
   * @throws ViewNotFoundException when there is none
   * @throws CorruptDataException when {@code queries.json} is not a list of views
   */
  public ViewEntry getView(String id) {
    return ViewEntry.of(SavedViews.get(core, id));
  }

  /**
   * Loads saved view {@code id} (Python's {@code ds.load_view(id)}): a virtual view reads this
   * dataset at the commit it was saved from (a read-only handle on this dataset's storage when that
   * is not the version open here), a materialized one reads its copy under {@code .queries/}.
   *
   * @throws ViewNotFoundException when there is none
   */
  public DatasetView loadView(String id) {
    SavedViews.Loaded v = SavedViews.load(core, id);
    if (v.rows() == null) {
      return DatasetView.all(open(v.folder(), OpenOptions.defaults()));
    }
    String commit = v.entry().commitId();
    Dataset src =
        commit.equals(nodeId())
            ? this
            : open(storage().readOnly(), OpenOptions.defaults().withRef(commit));
    if (v.entry().tqlQuery().isPresent()) {
      return DatasetView.query(src, v.rows(), v.entry().tqlQuery().get());
    }
    return DatasetView.of(src, v.rows(), v.entry().query().orElse(null));
  }

  /**
   * Deletes saved view {@code id}: its entry in {@code queries.json} first, then its folder.
   *
   * @throws ViewNotFoundException when there is none
   */
  public void deleteView(String id) {
    SavedViews.delete(core, id);
  }

  @Override
  public synchronized void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "Dataset("
        + core.storage().root()
        + " @ "
        + core.node().branch()
        + "/"
        + core.node().id()
        + ")";
  }
}
