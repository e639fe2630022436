package org.deeplake4j.engine;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.MetaJson;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.internal.write.AppendedPart;
import org.deeplake4j.engine.internal.write.DatasetCore;
import org.deeplake4j.engine.internal.write.RowChanges;
import org.deeplake4j.engine.internal.write.TransactionCommit;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * One logical change of a branch written by many writers and published at once: the coordinator
 * begins it (holding the branch's write lock, as a writable {@link Dataset}), hands the
 * serializable {@link #plan()} to {@link FragmentWriter}s in any JVM, and {@link #commit commits}
 * the {@link Fragment}s it chooses, in order, with one switch of the version tree
 * (docs/commit-protocol.md §7): all of their rows appear, or none. Fragments not committed never
 * become visible; {@link #abort()} deletes their chunks. A commit is idempotent per {@link
 * WritePlan#transactionId()}: a coordinator that lost track of an attempt ({@link
 * org.deeplake4j.engine.errors.CommitStateUnknownException}) {@link #resume resumes} the plan and
 * commits again; the rows are published once.
 *
 * <p>A branch without a commit (a dataset whose root is still written in place) cannot be published
 * atomically, so beginning a transaction there first makes the dataset's first commit of its
 * current state ({@link #FIRST_COMMIT_MESSAGE}), waiting for other writers as {@link
 * OpenOptions#lockTimeout()} says; a dataset that does not exist is created from the given schema
 * and committed the same way. Not thread-safe: one coordinator thread.
 */
public final class WriteTransaction implements AutoCloseable {
  /** Message of the first commit a transaction makes on a dataset that has none. */
  public static final String FIRST_COMMIT_MESSAGE = "created (deeplake4j write transaction)";

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Dataset ds;
  private final WritePlan plan;
  private final boolean created;
  private boolean ended;

  /** How a commit combines the fragments with the branch's rows. */
  public enum Mode {
    /** After the branch's current rows. */
    APPEND,
    /** Instead of them: the new version holds only the fragments' rows (earlier ones unchanged). */
    OVERWRITE
  }

  /**
   * The outcome of {@link #commit}.
   *
   * @param transactionId the transaction
   * @param version the node holding the rows: the branch's HEAD, or the commit made
   * @param commitId the Deep Lake commit made (null without a message)
   * @param alreadyCommitted an earlier attempt had already published this transaction's rows, so
   *     this one published nothing
   * @param rows rows published (the largest number of items any tensor received)
   */
  public record CommitResult(
      String transactionId, String version, String commitId, boolean alreadyCommitted, long rows) {}

  private WriteTransaction(Dataset ds, WritePlan plan, boolean created) {
    this.ds = ds;
    this.plan = plan;
    this.created = created;
  }

  /**
   * Begins a transaction on branch {@code options.ref()} (default {@code main}) of the existing
   * dataset at {@code path}.
   */
  public static WriteTransaction begin(String path, OpenOptions options) {
    return begin(path, options, null, null);
  }

  /**
   * Begins a transaction on the dataset at {@code path}, creating it with the tensors of {@code
   * schema} (name to spec, in order) when there is none; a dataset without commits whose tensors
   * are all empty gets the schema's missing tensors (an interrupted creation is completed). With an
   * explicit {@code transactionId} (null: a random one) a retried job commits at most once.
   */
  public static WriteTransaction begin(
      String path, OpenOptions options, Map<String, TensorSpec> schema, String transactionId) {
    String branch = options.ref() == null ? "main" : options.ref();
    boolean created = false;
    if (schema != null && !Dataset.exists(path)) {
      if (!"main".equals(branch)) {
        throw new NotFoundException("no dataset at " + path + ", so no branch '" + branch + "'");
      }
      try {
        Dataset.create(path, options.withReadOnly(false), false).close();
        created = true;
      } catch (DeepLakeException e) {
        if (!Dataset.exists(path)) {
          throw e;
        }
        // another writer created it meanwhile: join it below
      }
    }
    Dataset ds;
    try {
      ds = Dataset.open(path, options.withRef(branch).withReadOnly(false));
    } catch (RuntimeException e) {
      if (created) {
        deleteQuietly(path, e);
      }
      throw e;
    }
    try {
      return start(ds, schema, transactionId, created, options);
    } catch (RuntimeException e) {
      ds.close();
      if (created) {
        deleteQuietly(path, e); // nothing half-made stays: the dataset this call created goes
      }
      throw e;
    }
  }

  private static void deleteQuietly(String path, RuntimeException cause) {
    try {
      Dataset.delete(path);
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  /** Begins a transaction on an existing storage of a dataset (not closed by the transaction). */
  public static WriteTransaction begin(Storage storage, OpenOptions options) {
    String branch = options.ref() == null ? "main" : options.ref();
    Dataset ds = Dataset.open(storage, options.withRef(branch).withReadOnly(false));
    try {
      return start(ds, null, null, false, options);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
  }

  /**
   * Resumes {@code plan}'s transaction in a new coordinator (the first one died, or its commit's
   * outcome is unknown): the branch's write lock is taken again; committing fragments of the plan
   * publishes them unless the transaction was committed already.
   */
  public static WriteTransaction resume(WritePlan plan, OpenOptions options) {
    Dataset ds =
        Dataset.open(
            plan.location(),
            options
                .withStorageOptions(plan.storageOptions())
                .withRef(plan.branch())
                .withReadOnly(false));
    return new WriteTransaction(ds, plan, false);
  }

  private static WriteTransaction start(
      Dataset ds,
      Map<String, TensorSpec> schema,
      String transactionId,
      boolean created,
      OpenOptions options) {
    if (!ds.isHeadNode()) {
      throw new DeepLakeException(
          "'"
              + ds.nodeId()
              + "' is a commit, not a branch, and commits are immutable; write to a branch ("
              + String.join(", ", ds.branches())
              + ") of "
              + ds.path());
    }
    if (VersionGraph.FIRST_COMMIT_ID.equals(ds.nodeId())) {
      if (schema != null) {
        completeSchema(ds, schema);
      }
      // No commit yet: the root is written in place, which no switch can publish atomically (L4).
      ds.commit(FIRST_COMMIT_MESSAGE, true);
    }
    return new WriteTransaction(ds, planOf(ds, options, transactionId), created);
  }

  /** Creates the schema's missing tensors in a dataset without commits and without rows. */
  private static void completeSchema(Dataset ds, Map<String, TensorSpec> schema) {
    boolean missing = false;
    for (String name : schema.keySet()) {
      missing |= !ds.hasTensor(name);
    }
    if (!missing) {
      return;
    }
    for (String name : ds.tensorNames(true)) {
      if (ds.tensor(name).length() > 0) {
        throw new DeepLakeException(
            "the dataset at "
                + ds.path()
                + " has rows but lacks tensors of the schema "
                + schema.keySet()
                + "; tensors: "
                + ds.tensorNames());
      }
    }
    for (Map.Entry<String, TensorSpec> e : schema.entrySet()) {
      if (!ds.hasTensor(e.getKey())) {
        ds.createTensor(e.getKey(), e.getValue());
      }
    }
    ds.flush();
  }

  private static WritePlan planOf(Dataset ds, OpenOptions options, String transactionId) {
    DatasetCore core = ds.core();
    core.writer().flush();
    String node = core.node().id();
    Storage s = core.storage();
    Map<String, byte[]> metas = new LinkedHashMap<>();
    Map<String, byte[]> infos = new LinkedHashMap<>();
    Map<String, Long> lengths = new LinkedHashMap<>();
    for (String key : core.meta().tensors()) {
      metas.put(key, s.get(VersionKeys.at(node, Layout.tensorMeta(key))));
      s.getIfExists(VersionKeys.at(node, Layout.tensorInfo(key))).ifPresent(b -> infos.put(key, b));
    }
    Map<String, String> keys = new LinkedHashMap<>();
    for (String name : ds.tensorNames()) {
      keys.put(name, core.tensorKey(name));
    }
    for (String name : ds.tensorNames(true)) {
      lengths.put(core.tensorKey(name), ds.tensor(name).length());
    }
    CommitNode n = core.node();
    return new WritePlan(
        ds.path(),
        options.storageOptions(),
        n.branch(),
        node,
        n.parent(),
        transactionId != null ? transactionId : UUID.randomUUID().toString(),
        newStagingId(),
        MetaJson.bytes(core.meta().raw()),
        metas,
        infos,
        keys,
        lengths);
  }

  private static String newStagingId() {
    byte[] b = new byte[20];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** The plan to hand to fragment writers. */
  public WritePlan plan() {
    return plan;
  }

  /** Whether beginning this transaction created the dataset. */
  public boolean createdDataset() {
    return created;
  }

  /** Opens a fragment writer in this JVM, over the coordinator's storage. */
  public FragmentWriter newFragmentWriter() {
    return FragmentWriter.open(plan, ds.storage());
  }

  /** Appends the fragments' rows to the branch, without a Deep Lake commit. */
  public CommitResult commit(List<Fragment> fragments) {
    return commit(fragments, Mode.APPEND, null);
  }

  /**
   * Publishes the fragments' rows, in the order given, as one change of the branch ({@code mode}),
   * and with a non-null {@code message} as a Deep Lake commit. Chunks of the transaction that no
   * given fragment names (failed or speculative attempts) are deleted afterwards. Concurrent
   * appends by other writers commute; see docs/commit-protocol.md §7 for what conflicts. A commit
   * that fails otherwise (an I/O error) published nothing, and closing the coordinator publishes
   * nothing of it either: the same fragments can be committed again, by this coordinator or by a
   * {@link #resume resumed} one.
   *
   * @throws org.deeplake4j.engine.errors.CommitConflictException nothing was published
   * @throws org.deeplake4j.engine.errors.CommitStateUnknownException the switch's outcome is
   *     unknown: {@link #resume} the plan and commit again
   */
  public synchronized CommitResult commit(List<Fragment> fragments, Mode mode, String message) {
    if (ended) {
      throw new IllegalStateException("transaction " + plan.transactionId() + " has ended");
    }
    List<Map<String, AppendedPart>> parts = new ArrayList<>();
    List<RowChanges> changes = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (Fragment f : fragments) {
      if (!f.transactionId().equals(plan.transactionId())
          || !f.stagingId().equals(plan.stagingId())) {
        throw new IllegalArgumentException(
            f + " belongs to another transaction than " + plan.transactionId());
      }
      if (!seen.add(f.fragmentId())) {
        throw new IllegalArgumentException(f + " is listed twice");
      }
      parts.add(f.parts());
      changes.add(f.changes());
    }
    // A fragment names only chunks its writer stored: one that did not finish, or whose chunks an
    // abort deleted, must not publish references to missing objects.
    Storage s = ds.storage();
    for (Fragment f : fragments) {
      for (String k : f.chunkKeys()) {
        if (!s.exists(k)) {
          throw new DeepLakeException(
              f
                  + " names chunk "
                  + k
                  + ", which is not stored in "
                  + s.root()
                  + " (its writer failed, or the transaction was aborted); nothing was committed");
        }
      }
    }
    TransactionCommit.Outcome o =
        TransactionCommit.commit(
            ds.core(),
            new TransactionCommit.Base(
                plan.transactionId(),
                plan.baseVersion(),
                plan.baseCommit(),
                plan.stagingId(),
                plan.datasetMeta(),
                plan.tensorMetas(),
                plan.tensorInfos()),
            parts,
            changes,
            mode == Mode.OVERWRITE,
            message,
            ds.core().options().commitAttempts());
    ended = true;
    if (!o.alreadyCommitted()) {
      // Update values were re-encoded into the version's own chunks: theirs go with the losers.
      TransactionCommit.dropUnchosen(ds.storage(), plan.stagingId(), parts);
    }
    long rows = 0;
    for (Fragment f : fragments) {
      rows += f.rows();
    }
    return new CommitResult(
        plan.transactionId(),
        o.node(),
        o.commitId(),
        o.alreadyCommitted(),
        o.alreadyCommitted() ? 0 : rows);
  }

  /**
   * Ends the transaction without publishing: deletes every chunk written under its staging folder.
   * Refused when the transaction is committed on the branch (an earlier attempt's outcome was
   * unknown and it landed).
   */
  public synchronized void abort() {
    if (TransactionCommit.findCommitted(
            ds.storage(), plan.branch(), plan.transactionId(), plan.baseCommit())
        != null) {
      ended = true;
      throw new DeepLakeException(
          "transaction " + plan.transactionId() + " is committed; its chunks are live");
    }
    ended = true;
    Storage s = ds.storage();
    for (String k : s.list(Layout.VERSIONS_FOLDER + plan.stagingId() + "/")) {
      s.delete(k);
    }
  }

  /** The coordinator's handle (reads see the branch as of the last commit). */
  public Dataset dataset() {
    return ds;
  }

  /**
   * Releases the branch's write lock. Staged chunks of an uncommitted transaction stay for {@link
   * #abort()} or vacuum.
   */
  @Override
  public void close() {
    ds.close();
  }
}
