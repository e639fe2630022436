package org.deeplake4j.engine.internal.write;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.CommitStateUnknownException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.storage.Storage;

/**
 * The commit of a write transaction (docs/commit-protocol.md §7) on a writable handle at a branch
 * HEAD: the fragments' appended parts are adopted, in order, into a private node (S1) without their
 * chunks being read or moved; the transaction's id joins the node's transactions file; the node is
 * published by the one switch (S3, or S4 with a message). A transaction already listed on the
 * branch publishes nothing. Not thread-safe: runs on the handle's serialized write path.
 */
public final class TransactionCommit {
  private TransactionCommit() {}

  /**
   * The outcome of a commit.
   *
   * @param node the published node: the branch's HEAD after the switch, or the commit
   * @param commitId the Deep Lake commit made (null without a message, or when already committed)
   * @param alreadyCommitted an earlier attempt of the same transaction had published its rows
   * @param items items adopted per tensor key
   */
  public record Outcome(
      String node, String commitId, boolean alreadyCommitted, Map<String, Long> items) {}

  /**
   * The node of branch {@code branch}'s current chain that lists {@code txnId}, or null; nodes at
   * and before {@code stopAt} are not searched.
   */
  public static String findCommitted(Storage storage, String branch, String txnId, String stopAt) {
    VersionGraph g = VersionGraph.load(storage);
    String head = g.branches().get(branch);
    if (head == null) {
      return null;
    }
    return Transactions.find(storage, g.chain(head), txnId, stopAt);
  }

  /**
   * Commits {@code fragments} (each a tensor key to appended part) as one change of the handle's
   * branch: appended after the current rows, or, with {@code overwrite}, replacing them (every
   * tensor cleared in the new version first, as {@code tensor.clear()}). With a {@code message} the
   * result is a Deep Lake commit. When the switch loses to a change its rebase cannot carry (an
   * overwrite racing an append, new class names racing another writer), the fragments are adopted
   * again on the new tip, at most {@code attempts} times; a fragment that cannot be adopted at all
   * (its tensor deleted, another dtype) fails at once.
   *
   * @throws CommitConflictException when the change cannot be applied to the branch (a tensor was
   *     deleted or changed its kind, or conflicts persist); nothing of it is visible
   */
  public static Outcome commit(
      DatasetCore ds,
      Base base,
      List<Map<String, AppendedPart>> fragments,
      List<RowChanges> changes,
      boolean overwrite,
      String message,
      int attempts) {
    String txnId = base.txnId();
    String stopAt = base.baseCommit();
    boolean rowChanges = changes.stream().anyMatch(c -> !c.isEmpty());
    if (overwrite && rowChanges) {
      throw new IllegalArgumentException(
          "an overwrite replaces every row: it cannot also delete or update rows");
    }
    ds.checkWritable();
    if (ds.session != null || !ds.writers.isEmpty() || ds.pendingMeta != null) {
      throw new IllegalStateException(
          "the transaction's handle has staged changes of its own; commit them separately");
    }
    String branch = ds.node.branch();
    CommitConflictException last = null;
    for (int attempt = 1; attempt <= Math.max(1, attempts); attempt++) {
      VersionGraph g = VersionGraph.load(ds.storage);
      String head = g.branches().get(branch);
      if (head == null) {
        throw new CommitConflictException(
            "branch '" + branch + "' of " + ds.storage.root() + " was deleted meanwhile");
      }
      String done = Transactions.find(ds.storage, g.chain(head), txnId, stopAt);
      if (done != null) {
        ds.moveTo(g, head);
        return new Outcome(done, null, true, Map.of());
      }
      if (VersionGraph.FIRST_COMMIT_ID.equals(head)) {
        throw new DeepLakeException(
            "branch '" + branch + "' of " + ds.storage.root() + " has no commit: begin again");
      }
      if (!head.equals(ds.node.id())) {
        ds.moveTo(g, head);
      }
      try {
        return apply(ds, base, fragments, changes, overwrite, message);
      } catch (Transactions.AlreadyCommittedException e) {
        VersionGraph now = VersionGraph.load(ds.storage);
        String tip = now.branches().get(branch);
        ds.moveTo(now, tip);
        return new Outcome(tip, null, true, Map.of());
      } catch (Unpublished e) {
        // The switch lost to a change that does not commute with the private node as adopted
        // (an overwrite's cleared tensors, new class names: R7): adopt again on the new tip.
        last = e.conflict;
      }
    }
    throw last;
  }

  /**
   * The transaction's identity and base: its id, the base HEAD and the commit it was made from, the
   * staging folder, and the schema files (for reading updated values back).
   */
  public record Base(
      String txnId,
      String baseNode,
      String baseCommit,
      String staging,
      byte[] datasetMeta,
      Map<String, byte[]> tensorMetas,
      Map<String, byte[]> tensorInfos) {}

  private static Outcome apply(
      DatasetCore ds,
      Base base,
      List<Map<String, AppendedPart>> fragments,
      List<RowChanges> changes,
      boolean overwrite,
      String message) {
    ds.versions.ensurePrivate();
    String p = ds.session.id();
    String branch = ds.node.branch();
    Set<String> keys = new HashSet<>(ds.meta.tensors());
    Map<String, Long> items = new java.util.LinkedHashMap<>();
    try {
      if (overwrite) {
        for (String key : ds.meta.tensors()) {
          ds.writer.writer(key).clearAll();
        }
      }
      RowChangesApplier.apply(ds, base, changes);
      for (Map<String, AppendedPart> f : fragments) {
        for (Map.Entry<String, AppendedPart> e : f.entrySet()) {
          if (!keys.contains(e.getKey())) {
            throw new CommitConflictException(
                "tensor key '"
                    + e.getKey()
                    + "' of the transaction's schema is no longer in branch '"
                    + branch
                    + "' of "
                    + ds.storage.root());
          }
          ds.writer.writer(e.getKey()).adopt(e.getValue(), branch, p);
          items.merge(e.getKey(), e.getValue().items(), Long::sum);
        }
      }
      ds.session.addTransaction(base.txnId());
      ds.writer.flushLocal();
    } catch (RuntimeException e) {
      dropSession(ds);
      reload(ds, branch);
      throw e;
    }
    try {
      if (message != null) {
        String commit = ds.versions.commit(message, true);
        return new Outcome(commit, commit, false, items);
      }
      ds.versions.publishHead();
      return new Outcome(ds.node.id(), null, false, items);
    } catch (CommitStateUnknownException | Transactions.AlreadyCommittedException e) {
      throw e; // P4: the private folder may be live; or T4: nothing to publish
    } catch (CommitConflictException e) {
      dropSession(ds);
      throw new Unpublished(e);
    } catch (RuntimeException e) {
      dropSession(ds);
      reload(ds, branch);
      throw e;
    }
  }

  /** Moves the handle back to the branch's published HEAD (best effort). */
  private static void reload(DatasetCore ds, String branch) {
    try {
      VersionGraph g = VersionGraph.load(ds.storage);
      ds.moveTo(g, g.branches().getOrDefault(branch, VersionGraph.FIRST_COMMIT_ID));
    } catch (RuntimeException e) {
      // the next attempt loads the tree again
    }
  }

  /** The switch refused the adopted node: nothing was published; adopting again may succeed. */
  private static final class Unpublished extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final CommitConflictException conflict;

    Unpublished(CommitConflictException conflict) {
      super(conflict.getMessage(), conflict, false, false);
      this.conflict = conflict;
    }
  }

  /**
   * Forgets the handle's private node after a failed attempt, so that nothing of it is published
   * later (closing the coordinator flushes a handle's session as its HEAD) and the same transaction
   * can be committed again. Deleting its folder is best effort: vacuum removes what is left.
   */
  private static void dropSession(DatasetCore ds) {
    WriteSession s = ds.session;
    ds.session = null;
    ds.writers.clear();
    if (s != null) {
      try {
        s.discard();
      } catch (RuntimeException e) {
        // garbage for vacuum
      }
    }
  }

  /**
   * Deletes the chunks under {@code staging} that no part in {@code kept} names: attempts that were
   * not chosen. Failures are ignored (vacuum removes what is left).
   */
  public static void dropUnchosen(
      Storage storage, String staging, List<Map<String, AppendedPart>> kept) {
    Set<String> keep = new HashSet<>();
    for (Map<String, AppendedPart> f : kept) {
      for (AppendedPart part : f.values()) {
        for (String name : part.chunkNames()) {
          keep.add(part.key() + "/" + Layout.CHUNKS + "/" + name);
        }
      }
    }
    String prefix = Layout.VERSIONS_FOLDER + staging + "/";
    List<String> drop = new ArrayList<>();
    try {
      for (String k : storage.list(prefix)) {
        if (!keep.contains(k.substring(prefix.length()))) {
          drop.add(k);
        }
      }
      for (String k : drop) {
        storage.delete(k);
      }
    } catch (RuntimeException e) {
      // garbage for vacuum
    }
  }
}
