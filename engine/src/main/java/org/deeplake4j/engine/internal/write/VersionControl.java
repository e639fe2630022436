package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.CorruptDataException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.VdbIndexes;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.version.DatasetLock;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.internal.version.VersionSwitch;
import org.deeplake4j.engine.types.CommitNode;

/**
 * Version control of a dataset handle: commit, checkout (branch, commit, time), branch creation and
 * deletion, reset, merge, diff, and the commit protocol behind them.
 *
 * <p>Every change of the version tree goes through the one switch ({@link VersionSwitch}, rules
 * P1-P6 of docs/commit-protocol.md); at a non-root HEAD every change is staged in a private node
 * first ({@link WriteSession}, S1-S4) and rebased when another writer published meanwhile (R1-R7).
 * The root HEAD is written in place under an exclusive lock (L4). Not thread-safe: the public
 * handle serializes calls.
 */
public final class VersionControl {
  private final DatasetCore ds;
  // P6: version_control_info.lock is a mutex for each switch, so every handle has its own identity.
  private final DatasetLock.Identity switchIdentity = DatasetLock.uniqueIdentity();
  // P3: after losing a switch, this many switches stage under version_control_info.lock from the
  // start (contention is likely; optimistic staging would be wasted); then one probes again.
  private static final int LOCK_FIRST_AFTER_LOSS = 16;
  private int lockFirstLeft;

  VersionControl(DatasetCore ds) {
    this.ds = ds;
  }

  /**
   * The lock identity of a writer at HEAD {@code headId}: writers of a non-root HEAD share {@link
   * DatasetLock#SHARED} and cooperate through private nodes (docs/commit-protocol.md L2); a writer
   * of the root HEAD writes in place and locks exclusively with its own identity (L4).
   */
  static DatasetLock.Identity lockIdentityFor(String headId) {
    return VersionGraph.FIRST_COMMIT_ID.equals(headId)
        ? DatasetLock.uniqueIdentity()
        : DatasetLock.SHARED;
  }

  /** Whether there are changes to commit (Python's {@code ds.has_head_changes}), after a flush. */
  private boolean changed() {
    ds.writer.flushLocal();
    return ds.hasHeadChanges();
  }

  /** S1: the first change at a published non-root HEAD starts a private node. */
  void ensurePrivate() {
    if (ds.session != null || VersionGraph.FIRST_COMMIT_ID.equals(ds.node.id())) {
      return; // already private, or L4: a root HEAD is written in place under an exclusive lock
    }
    if (!ds.writers.isEmpty() || ds.pendingMeta != null || ds.pendingInfo != null) {
      throw new IllegalStateException("staged changes at a published HEAD " + ds.node.id());
    }
    WriteSession s = WriteSession.start(ds.storage, ds.node, ds.chain, newCommitId());
    ds.session = s;
    ds.graph = ds.graph.replaceHead(ds.node.id(), s.id());
    ds.node = ds.graph.node(s.id());
    ds.chain = ds.graph.chain(s.id());
    ds.datasetDiff = null;
    ds.dropTensorHandles();
    ds.generation++;
  }

  /** Runs one switch of the version tree, remembering an unknown outcome (P4). */
  private <T> VersionSwitch.Staged<T> switchVersions(String what, VersionSwitch.Step<T> step) {
    try {
      VersionSwitch.Staged<T> st =
          VersionSwitch.run(
              ds.storage,
              switchIdentity,
              ds.options.commitAttempts(),
              lockFirstLeft > 0,
              what,
              step);
      if (st.attempt() > 1) {
        lockFirstLeft = LOCK_FIRST_AFTER_LOSS;
      } else if (lockFirstLeft > 0) {
        lockFirstLeft--;
      }
      return st;
    } catch (CommitStateUnknownException e) {
      ds.stateUnknown = true;
      if (ds.session != null) {
        ds.session.outcomeUnknown();
      }
      throw e;
    }
  }

  /**
   * The branch's HEAD in {@code snap}; when it is no longer the session's base, rebases the private
   * node onto it (R1-R7) and writes the result into the private folder.
   */
  private CommitNode rebaseOnto(VersionSwitch.Snapshot snap) {
    String tipId = snap.graph().branches().get(ds.node.branch());
    if (tipId == null) {
      throw new CommitConflictException(
          "branch '" + ds.node.branch() + "' of " + ds.storage.root() + " was deleted meanwhile");
    }
    CommitNode tip = snap.graph().node(tipId);
    if (tipId.equals(ds.session.base().id())) {
      return tip;
    }
    java.util.Set<String> dropped;
    try {
      dropped = ds.session.rebase(snap.graph(), tip, ds.writers);
    } catch (CommitConflictException e) {
      // The private folder is half rebased: drop the session, read the new tip.
      WriteSession s = ds.session;
      ds.session = null;
      s.discard();
      ds.moveTo(snap.graph(), tipId);
      if (e instanceof Transactions.AlreadyCommittedException) {
        throw e;
      }
      throw new CommitConflictException(
          e.getMessage()
              + "; this writer's uncommitted changes were discarded and the handle now"
              + " reads the branch's new HEAD "
              + tipId
              + "; redo them");
    }
    dropped.forEach(ds.writers::remove);
    ds.graph = snap.graph().replaceHead(tipId, ds.session.id());
    ds.node = ds.graph.node(ds.session.id());
    ds.chain = ds.graph.chain(ds.session.id());
    for (TensorWriter w : ds.writers.values()) {
      w.setChain(ds.chain);
    }
    String metaKey = VersionKeys.at(ds.node.id(), Layout.DATASET_META);
    ds.meta = DatasetMeta.parse(ds.storage.get(metaKey), metaKey);
    String infoKey = VersionKeys.at(ds.node.id(), Layout.DATASET_INFO);
    ds.info =
        ds.storage
            .getIfExists(infoKey)
            .map(b -> Json.parse(b, infoKey))
            .orElse(JsonNodeFactory.instance.objectNode());
    ds.datasetDiff = null;
    ds.dropTensorHandles();
    ds.generation++;
    ds.writer.flushLocal();
    return tip;
  }

  /** S3: publishes the private node as the branch's HEAD (its uncommitted changes). */
  void publishHead() {
    if (ds.session == null) {
      return;
    }
    ds.writer.flushLocal();
    String p = ds.session.id();
    VersionSwitch.Staged<VersionGraph> st =
        switchVersions(
            "flush of branch '" + ds.node.branch() + "' (publishing node " + p + ")",
            (snap, attempt) -> {
              CommitNode tip = rebaseOnto(snap);
              VersionGraph next = snap.graph().replaceHead(tip.id(), p);
              writeCommitInfo(next.node(p));
              ds.lock.holdAt(p);
              return new VersionSwitch.Staged<>(next, next);
            });
    movedQuietly(p);
    ds.session = null;
    moveAfterSwitch(st.result(), p);
  }

  /**
   * P5: after a switch the change is made; reading the new HEAD into this handle is not part of it.
   * When that read fails the operation still succeeds, and the handle refuses further writes.
   */
  private void moveAfterSwitch(VersionGraph g, String nodeId) {
    try {
      ds.moveTo(g, nodeId);
    } catch (RuntimeException e) {
      ds.staleAfterSwitch = String.valueOf(e.getMessage());
    }
  }

  /** P5: after a switch the lock at the replaced HEAD is deleted; a failure there is harmless. */
  private void movedQuietly(String newHead) {
    try {
      ds.lock.moved(newHead);
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
  public String commit(String message) {
    return commit(message, false);
  }

  /** {@link #commit(String)}, allowing an empty commit when {@code allowEmpty}. */
  public String commit(String message, boolean allowEmpty) {
    ds.checkWritable();
    if (!changed() && !allowEmpty) {
      throw new DeepLakeException(
          "nothing to commit on branch '" + ds.node.branch() + "' of " + ds.storage.root());
    }
    integrityCheck();
    if (VersionGraph.FIRST_COMMIT_ID.equals(ds.node.id())) {
      return commitRoot(message);
    }
    ensurePrivate();
    ds.writer.flushLocal();
    String committed = ds.session.id();
    String next = newCommitId();
    double time = pythonCommitTime();
    String branch = ds.node.branch();
    VersionSwitch.Staged<VersionGraph> st =
        switchVersions(
            "commit of branch '" + branch + "' (publishing commit " + committed + ")",
            (snap, attempt) -> {
              CommitNode tip = rebaseOnto(snap);
              if (!allowEmpty && attempt > 1 && !ds.hasHeadChanges()) {
                throw new DeepLakeException(
                    "nothing to commit on branch '"
                        + branch
                        + "' of "
                        + ds.storage.root()
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
              ds.lock.holdAt(next);
              return new VersionSwitch.Staged<>(g, g);
            });
    movedQuietly(next);
    ds.session = null;
    moveAfterSwitch(st.result(), next);
    return committed;
  }

  /** L4: the first commit of a dataset whose root HEAD was written in place. */
  private String commitRoot(String message) {
    String branch = ds.node.branch();
    String next = newCommitId();
    double time = pythonCommitTime();
    copyMetas(VersionGraph.FIRST_COMMIT_ID, next);
    DatasetLock held =
        DatasetLock.prepare(
            ds.storage,
            branch,
            lockIdentityFor(next),
            next,
            DatasetLock.Settings.defaults(ds.storage));
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
                          + ds.storage.root()
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
    moveAfterSwitch(st.result(), next);
    return VersionGraph.FIRST_COMMIT_ID;
  }

  /** After a switch to another HEAD identity or branch: keep {@code held}, release the old hold. */
  private void swapLock(DatasetLock held) {
    DatasetLock old = ds.lock;
    ds.lock = held;
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
  public void checkout(String ref) {
    ds.writer.flushWritable();
    VersionGraph g = VersionGraph.load(ds.storage);
    CommitNode target = g.resolve(ref, ds.storage.root());
    if (!ds.storage.isReadOnly()) {
      if (target.isHead() && (ds.lock == null || !ds.lock.branch().equals(target.branch()))) {
        // Lock the other branch before letting go of this one: a failure leaves this handle as is.
        DatasetLock next =
            DatasetLock.acquire(
                ds.storage,
                target.branch(),
                lockIdentityFor(target.id()),
                ds.options.lockTimeout(),
                DatasetLock.Settings.defaults(ds.storage));
        ds.releaseLock();
        ds.lock = next;
        g = next.graph();
        target = g.node(next.headId());
      } else if (!target.isHead()) {
        ds.releaseLock();
      }
    }
    ds.moveTo(g, target.id());
  }

  /**
   * Switches to branch {@code name}, creating it when {@code create} (Deep Lake semantics:
   * uncommitted changes of the current HEAD are committed first; an unchanged HEAD branches from
   * its last commit).
   */
  public void checkout(String name, boolean create) {
    if (!create) {
      checkout(name);
      return;
    }
    ds.checkWritable();
    checkNewBranch(ds.graph, name);
    String base;
    if (changed()) {
      base = commit("auto commit before checkout to " + name);
    } else if (ds.node.parent() == null) {
      base = commit("auto commit before checkout to " + name, true);
    } else {
      base = ds.node.parent();
      discardSession();
    }
    String next = newCommitId();
    copyMetas(base, next);
    DatasetLock held =
        DatasetLock.prepare(
            ds.storage,
            name,
            lockIdentityFor(next),
            next,
            DatasetLock.Settings.defaults(ds.storage));
    VersionSwitch.Staged<VersionGraph> st;
    try {
      st =
          switchVersions(
              "creation of branch '" + name + "' (HEAD " + next + ")",
              (snap, attempt) -> {
                if (snap.graph().branches().containsKey(name)) {
                  throw new DeepLakeException(
                      "branch '" + name + "' already exists in " + ds.storage.root());
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
    moveAfterSwitch(st.result(), next);
  }

  /** Drops an unpublished private node and returns to the published HEAD it was based on. */
  private void discardSession() {
    if (ds.session != null) {
      WriteSession s = ds.session;
      ds.session = null;
      s.discard();
      VersionGraph g = VersionGraph.load(ds.storage);
      String head = g.branches().get(ds.node.branch());
      ds.moveTo(g, head != null ? head : s.base().id());
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
  public void createBranch(String name, String fromCommitId) {
    if (ds.closed) {
      throw new DeepLakeException("dataset " + ds.storage.root() + " is closed");
    }
    if (ds.storage.isReadOnly()) {
      throw new DeepLakeException(
          "dataset "
              + ds.storage.root()
              + " is open read-only; open it with readOnly=false to write");
    }
    ds.writer.flushWritable();
    VersionGraph current = VersionGraph.load(ds.storage);
    checkNewBranch(current, name);
    CommitNode base = current.nodes().get(fromCommitId);
    if (base == null) {
      throw new NotFoundException("no commit '" + fromCommitId + "' in " + ds.storage.root());
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
    ds.storage.put(VersionGraph.VERSION_INFO_KEY, g.toJsonBytes());
    ds.moveTo(g, next);
  }

  private void checkNewBranch(VersionGraph g, String name) {
    if (g.branches().containsKey(name)) {
      throw new DeepLakeException("branch '" + name + "' already exists in " + ds.storage.root());
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
  public void checkout(java.time.Instant time) {
    ds.writer.flushWritable();
    double t = pythonTime(time);
    String target = ds.graph.commitAtOrBefore(ds.node.id(), t).id();
    ds.releaseLock();
    ds.moveTo(ds.graph, target);
  }

  /**
   * Discards uncommitted changes (Python's {@code ds.reset()}): this handle's unpublished ones, and
   * those published at the branch's HEAD, which is replaced by a fresh HEAD. The discarded folders
   * stay for {@code deeplake vacuum} (another writer may still read them).
   */
  public void reset() {
    ds.checkWritable();
    boolean discarded = ds.session != null;
    discardSession();
    ds.writers.clear();
    ds.pendingMeta = null;
    ds.pendingInfo = null;
    ds.datasetDiff = null;
    ds.deletedKeys.clear();
    if (!ds.hasHeadChanges()) {
      if (discarded) {
        return;
      }
      throw new DeepLakeException(
          "nothing to reset on branch '" + ds.node.branch() + "' of " + ds.storage.root());
    }
    String head = ds.node.id();
    if (VersionGraph.FIRST_COMMIT_ID.equals(head)) {
      Lifecycle.initialize(ds.storage, true);
      ds.lock.holdAt(head); // the wipe removed the lock file with everything else
      ds.moveTo(VersionGraph.load(ds.storage), VersionGraph.FIRST_COMMIT_ID);
      return;
    }
    String next = newCommitId();
    copyMetas(ds.node.parent(), next);
    String branch = ds.node.branch();
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
                        + ds.storage.root()
                        + " moved from "
                        + head
                        + " to "
                        + tip
                        + " while resetting it; reset again to discard the new HEAD's changes");
              }
              VersionGraph g = snap.graph().replaceHead(head, next);
              writeCommitInfo(g.node(next));
              ds.lock.holdAt(next);
              return new VersionSwitch.Staged<>(g, g);
            });
    movedQuietly(next);
    moveAfterSwitch(st.result(), next);
  }

  /**
   * Deletes branch {@code name} and its versions. Not main, not the current branch, not a branch
   * another writer has open.
   */
  public void deleteBranch(String name) {
    ds.checkWritable();
    ds.writer.flush();
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
              if (ds.node.branch().equals(name)) {
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
              DatasetLock.refuseIfWritten(ds.storage, name, cur.branches().get(name));
              return new VersionSwitch.Staged<>(cur.deleteBranch(name), doomed);
            });
    ds.graph = st.next();
    for (String id : st.result()) {
      try {
        for (String k : ds.storage.list(Layout.versionFolder(id))) {
          ds.storage.delete(k);
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
    ds.writer.flushLocal();
    VersionGraph g = VersionGraph.load(ds.storage);
    return org.deeplake4j.engine.internal.version.Diffs.between(
        ds.storage, g, g.resolve(a, ds.storage.root()).id(), g.resolve(b, ds.storage.root()).id());
  }

  /** Uncommitted changes of the HEAD being read (Python's {@code ds.diff(as_dict=True)}). */
  public com.fasterxml.jackson.databind.node.ObjectNode diff() {
    ds.writer.flushLocal();
    return org.deeplake4j.engine.internal.version.Diffs.ofHead(ds.storage, ds.graph, ds.node.id());
  }

  /**
   * Python's copy_metas: the files a new node starts with, plus empty chunk sets; tensor metas list
   * no vector index.
   */
  private void copyMetas(String from, String to) {
    String[] datasetFiles = {Layout.DATASET_META, "dataset_info.json"};
    for (String f : datasetFiles) {
      final String dst = VersionKeys.at(to, f);
      ds.storage.getIfExists(VersionKeys.at(from, f)).ifPresent(b -> ds.storage.put(dst, b));
    }
    String metaKey = VersionKeys.at(from, Layout.DATASET_META);
    DatasetMeta m = DatasetMeta.parse(ds.storage.get(metaKey), metaKey);
    String[] tensorFiles = {
      "tensor_meta.json",
      "chunks_index/unsharded",
      "tiles_index/unsharded",
      "sequence_index/unsharded",
      "creds_index/unsharded",
      "tensor_info.json"
    };
    for (String key : m.tensors()) {
      for (String f : tensorFiles) {
        final String src = VersionKeys.at(from, key + "/" + f);
        final String dst = VersionKeys.at(to, key + "/" + f);
        // Unlike Python's copy_metas, the new node's metas list no vector index: it holds none of
        // their files, and indra looks for them in its folder only (VdbIndexes).
        final boolean meta = f.equals(Layout.TENSOR_META);
        ds.storage
            .getIfExists(src)
            .ifPresent(b -> ds.storage.put(dst, meta ? VdbIndexes.withoutIndexes(b, src) : b));
      }
      ds.storage.put(VersionKeys.at(to, key + "/chunk_set"), new byte[0]);
    }
  }

  private void writeCommitInfo(CommitNode n) {
    ds.storage.put(
        VersionKeys.at(n.id(), VersionGraph.COMMIT_INFO_KEY),
        org.deeplake4j.engine.internal.format.MetaJson.compact(VersionGraph.toJson(n, true)));
  }

  /** Python's integrity check: every companion tensor in step with its parent. */
  private void integrityCheck() {
    for (String name : ds.meta.namesInKeyOrder()) {
      TensorReader t = ds.reads().tensor(name);
      for (var e : t.meta().links().entrySet()) {
        String ck = e.getKey();
        String cname = ds.meta.nameOfKey(ck);
        if (cname == null) {
          throw new CorruptDataException(
              VersionKeys.at(ds.node.id(), Layout.tensorMeta(t.key())),
              "links names tensor '" + ck + "', which does not exist");
        }
        boolean flatten = e.getValue().path("flatten_sequence").asBoolean(false);
        long expected = flatten ? t.numItems() : t.length();
        long actual = ds.reads().tensor(cname).numItems();
        if (expected != actual) {
          throw new CorruptDataException(
              VersionKeys.at(ds.node.id(), Layout.tensorMeta(ck)),
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

  /**
   * Merges {@code ref} (a branch or commit) into the branch being written, Deep Lake 3.x style
   * (samples matched by their {@code _x_id}), then commits {@code "Merge <ref> into <branch>"}. A
   * target branch with uncommitted changes is committed first. Returns the merge commit id.
   */
  public String merge(
      String ref, Merger.ConflictResolution conflicts, boolean deleteRemovedTensors) {
    ds.checkWritable();
    return Merger.merge(ds, ref, conflicts, deleteRemovedTensors);
  }
}
