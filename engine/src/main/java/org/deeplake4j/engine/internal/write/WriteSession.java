package org.deeplake4j.engine.internal.write;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.DatasetDiff;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.VdbIndexes;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.CommitNode;

/**
 * One writer session of the commit protocol ({@code docs/commit-protocol.md} §3): a private node
 * {@code P} whose folder starts as a copy of the branch HEAD {@code B} it is based on (S1), which
 * the session writes instead of {@code B} (S2), and the rebase of {@code P} onto a new tip when
 * another writer published first (R1–R7). Not thread-safe: owned by one writable {@link
 * DatasetCore}.
 */
final class WriteSession {
  /** Dataset-level files of a HEAD's state (besides the tensors'). */
  private static final List<String> DATASET_FILES =
      List.of(Layout.DATASET_META, Layout.DATASET_INFO, Layout.DATASET_DIFF, Layout.TRANSACTIONS);

  /** Per-tensor files of a HEAD's state, {@code chunk_set} aside. */
  private static final List<String> TENSOR_FILES =
      List.of(
          Layout.TENSOR_META,
          Layout.CHUNKS_INDEX,
          Layout.TILES_INDEX,
          Layout.SEQUENCE_INDEX,
          Layout.CREDS_INDEX,
          Layout.PAD_INDEX,
          Layout.TENSOR_INFO,
          Layout.COMMIT_DIFF);

  /** The files two states of a tensor must agree on to be "untouched" (R7). */
  private static final List<String> STATE_FILES =
      List.of(
          Layout.TENSOR_META,
          Layout.CHUNKS_INDEX,
          Layout.TILES_INDEX,
          Layout.SEQUENCE_INDEX,
          Layout.CREDS_INDEX,
          Layout.TENSOR_INFO);

  private final Storage storage;
  private final String branch;
  private final String id;
  private CommitNode base;
  private List<String> baseChain;
  private boolean metaChanged;
  private boolean infoChanged;
  private final List<Consumer<DatasetDiff>> datasetDiffOps = new ArrayList<>();
  private boolean outcomeUnknown;
  private final Set<String> ownTransactions = new LinkedHashSet<>();

  private WriteSession(
      Storage storage, String branch, String id, CommitNode base, List<String> baseChain) {
    this.storage = storage;
    this.branch = branch;
    this.id = id;
    this.base = base;
    this.baseChain = List.copyOf(baseChain);
  }

  /** S1: a private node {@code newId} based on HEAD {@code head} of its branch. */
  static WriteSession start(
      Storage storage, CommitNode head, List<String> headChain, String newId) {
    copyState(storage, head.id(), newId, true);
    return new WriteSession(storage, head.branch(), newId, head, headChain);
  }

  /** The private node's id. */
  String id() {
    return id;
  }

  /** The published HEAD this session is based on. */
  CommitNode base() {
    return base;
  }

  /** The private node as a (never persisted) HEAD node: parent = the base's parent commit. */
  CommitNode node() {
    return new CommitNode(id, branch, base.parent(), List.of(), null, null, null, false, 0);
  }

  /** The session changed dataset_meta.json (tensors, names, groups). */
  void metaChanged() {
    metaChanged = true;
  }

  /** The session changed dataset_info.json. */
  void infoChanged() {
    infoChanged = true;
  }

  /** Records a dataset_diff change for a replay onto a new tip (R3). */
  void recordDatasetDiff(Consumer<DatasetDiff> op) {
    datasetDiffOps.add(op);
  }

  /**
   * Records that this node holds the rows of write transaction {@code txnId} (§7): its id joins the
   * node's transactions file, published by the same switch as the rows.
   */
  void addTransaction(String txnId) {
    ownTransactions.add(txnId);
    Set<String> all = Transactions.read(storage, id);
    all.add(txnId);
    Transactions.write(storage, id, all);
  }

  /** A switch publishing this node ended with an unknown outcome: the folder may be live (P4). */
  void outcomeUnknown() {
    outcomeUnknown = true;
  }

  /** Deletes the private folder, unless a switch may have published it. */
  void discard() {
    if (outcomeUnknown) {
      return;
    }
    for (String k : storage.list(Layout.versionFolder(id))) {
      storage.delete(k);
    }
  }

  // ------------------------------------------------------------------------- state copies

  /** S1: copies the state of node {@code from} into node {@code to}'s folder. */
  static void copyState(Storage storage, String from, String to, boolean fresh) {
    for (String f : DATASET_FILES) {
      sync(storage, VersionKeys.at(from, f), VersionKeys.at(to, f), fresh);
    }
    String metaKey = VersionKeys.at(from, Layout.DATASET_META);
    DatasetMeta m = DatasetMeta.parse(storage.get(metaKey), metaKey);
    for (String key : m.tensors()) {
      syncTensor(storage, from, to, key, fresh);
    }
  }

  /** One tensor's files of {@code from} into {@code to}; chunk_set entries as seen from there. */
  private static void syncTensor(
      Storage storage, String from, String to, String key, boolean fresh) {
    for (String f : TENSOR_FILES) {
      String src = VersionKeys.at(from, key + "/" + f);
      String dst = VersionKeys.at(to, key + "/" + f);
      if (f.equals(Layout.TENSOR_META)) {
        // The private node holds no vector index files, so its metas list none (VdbIndexes).
        Optional<byte[]> b = storage.getIfExists(src);
        if (b.isPresent()) {
          storage.put(dst, VdbIndexes.withoutIndexes(b.get(), src));
        } else if (!fresh) {
          storage.delete(dst);
        }
      } else {
        sync(storage, src, dst, fresh);
      }
    }
    Set<String> entries = chunkSetOf(storage, from, key);
    storage.put(
        VersionKeys.at(to, Layout.chunkSet(key)),
        String.join(",", TensorWriter.entriesAsSeenFrom(entries, from))
            .getBytes(StandardCharsets.UTF_8));
  }

  private static Set<String> chunkSetOf(Storage storage, String node, String key) {
    Set<String> out = new LinkedHashSet<>();
    if (VersionGraph.FIRST_COMMIT_ID.equals(node)) {
      return out;
    }
    storage
        .getIfExists(VersionKeys.at(node, Layout.chunkSet(key)))
        .ifPresent(
            b -> {
              String t = new String(b, StandardCharsets.UTF_8).trim();
              if (!t.isEmpty()) {
                out.addAll(Arrays.asList(t.split(",")));
              }
            });
    return out;
  }

  private static void sync(Storage storage, String src, String dst, boolean fresh) {
    Optional<byte[]> b = storage.getIfExists(src);
    if (b.isPresent()) {
      storage.put(dst, b.get());
    } else if (!fresh) {
      storage.delete(dst);
    }
  }

  // ---------------------------------------------------------------------------- rebase

  /**
   * Rebases the private node onto {@code tip}, the branch's HEAD in {@code g} (R1–R7). The caller
   * flushed every staged change into the private folder first and flushes the writers again
   * afterwards (R6 and R7 leave them dirty). Returns the keys of writers that must be dropped
   * because their tensor was replaced by the tip's (R4).
   *
   * @throws CommitConflictException when the session's changes do not commute with the tip's
   */
  Set<String> rebase(VersionGraph g, CommitNode tip, Map<String, TensorWriter> writers) {
    List<String> tipChain = g.chain(tip.id());
    // R1: the tip must descend from the commit this session's base started from.
    if (base.parent() != null && !tipChain.contains(base.parent())) {
      throw conflict(tip, "the branch no longer descends from commit " + base.parent());
    }
    // R2: dataset_meta.json and dataset_info.json.
    String bMetaKey = VersionKeys.at(base.id(), Layout.DATASET_META);
    String tMetaKey = VersionKeys.at(tip.id(), Layout.DATASET_META);
    String pMetaKey = VersionKeys.at(id, Layout.DATASET_META);
    DatasetMeta tMeta = DatasetMeta.parse(storage.get(tMetaKey), tMetaKey);
    if (metaChanged) {
      if (!sameJson(bMetaKey, tMetaKey)) {
        throw conflict(tip, "this writer changed the tensor list, names or groups, and so did it");
      }
    } else {
      storage.put(pMetaKey, storage.get(tMetaKey));
      for (Map.Entry<String, TensorWriter> e : writers.entrySet()) {
        if (e.getValue().sessionChanged() && !tMeta.tensors().contains(e.getKey())) {
          throw conflict(tip, "tensor key '" + e.getKey() + "' was deleted there");
        }
      }
    }
    String bInfo = VersionKeys.at(base.id(), Layout.DATASET_INFO);
    String tInfo = VersionKeys.at(tip.id(), Layout.DATASET_INFO);
    if (infoChanged) {
      if (!sameJson(bInfo, tInfo)) {
        throw conflict(tip, "this writer changed the dataset info, and so did it");
      }
    } else {
      sync(storage, tInfo, VersionKeys.at(id, Layout.DATASET_INFO), false);
    }
    // R3: dataset_diff = the tip's with this session's records replayed.
    String tDiffKey = VersionKeys.at(tip.id(), Layout.DATASET_DIFF);
    DatasetDiff dd =
        storage
            .getIfExists(tDiffKey)
            .map(b -> DatasetDiff.parse(b, tDiffKey))
            .orElse(DatasetDiff.empty());
    datasetDiffOps.forEach(op -> op.accept(dd));
    String pDiffKey = VersionKeys.at(id, Layout.DATASET_DIFF);
    if (dd.hasChanges()) {
      storage.put(pDiffKey, dd.toBytes());
    } else {
      storage.delete(pDiffKey);
    }
    // §7: the transactions file is the tip's plus this session's; a transaction the tip already
    // holds was committed by another attempt, and must not publish its rows twice.
    Set<String> txns = Transactions.read(storage, tip.id());
    for (String t : ownTransactions) {
      if (txns.contains(t)) {
        throw new Transactions.AlreadyCommittedException(t, tip.id());
      }
    }
    txns.addAll(ownTransactions);
    Transactions.write(storage, id, txns);
    // R4-R7, per tensor of the resulting dataset_meta.
    DatasetMeta result = DatasetMeta.parse(storage.get(pMetaKey), pMetaKey);
    Set<String> dropped = new HashSet<>();
    for (String key : result.tensors()) {
      TensorWriter w = writers.get(key);
      if (w == null || !w.sessionChanged()) {
        // R4: untouched here: the tip's state.
        if (tMeta.tensors().contains(key)) {
          syncTensor(storage, tip.id(), id, key, false);
        }
        if (w != null) {
          dropped.add(key);
        }
      } else if (w.createdInSession()) {
        // R5: new here; R2 made sure the tip has no such key.
        continue;
      } else if (w.appendOnly()) {
        // R6: re-home the appended items after the tip's tail.
        TensorWriter t = TensorWriter.load(storage, tip.id(), tipChain, key);
        w.rebaseAppends(t, tip.id(), branch);
        sync(
            storage,
            VersionKeys.at(tip.id(), Layout.padIndex(key)),
            VersionKeys.at(id, Layout.padIndex(key)),
            false);
      } else {
        // R7: other changes stay only if the tip left the tensor as the base had it.
        if (!sameTensorState(base.id(), baseChain, tip.id(), tipChain, key)) {
          throw conflict(
              tip,
              "this writer updated, popped or changed the info or metadata of tensor key '"
                  + key
                  + "', which was changed there too");
        }
        TensorWriter t = TensorWriter.load(storage, tip.id(), tipChain, key);
        w.rebaseReplay(t, tip.id());
      }
    }
    base = tip;
    baseChain = tipChain;
    return dropped;
  }

  private boolean sameJson(String a, String b) {
    Optional<byte[]> x = storage.getIfExists(a);
    Optional<byte[]> y = storage.getIfExists(b);
    if (x.isEmpty() || y.isEmpty()) {
      return x.isEmpty() && y.isEmpty();
    }
    return Json.parse(x.get(), a).equals(Json.parse(y.get(), b));
  }

  /** Whether tensor {@code key} reads the same at nodes {@code a} and {@code b} (R7). */
  private boolean sameTensorState(
      String a, List<String> chainA, String b, List<String> chainB, String key) {
    for (String f : STATE_FILES) {
      Optional<byte[]> x = storage.getIfExists(VersionKeys.at(a, key + "/" + f));
      Optional<byte[]> y = storage.getIfExists(VersionKeys.at(b, key + "/" + f));
      if (x.isPresent() != y.isPresent() || (x.isPresent() && !Arrays.equals(x.get(), y.get()))) {
        return false;
      }
    }
    String encKey = VersionKeys.at(a, Layout.chunksIndex(key));
    Optional<byte[]> enc = storage.getIfExists(encKey);
    if (enc.isEmpty()) {
      return true;
    }
    ChunkIdEncoder e = ChunkIdEncoder.parse(enc.get(), encKey);
    ChunkLocator la = new ChunkLocator(storage, chainA, key);
    ChunkLocator lb = new ChunkLocator(storage, chainB, key);
    Set<Long> seen = new HashSet<>();
    for (int r = 0; r < e.rows(); r++) {
      if (seen.add(e.id(r))) {
        String name = ChunkIdEncoder.nameOf(e.id(r));
        if (!la.keyOf(name).equals(lb.keyOf(name))) {
          return false;
        }
      }
    }
    return true;
  }

  private CommitConflictException conflict(CommitNode tip, String why) {
    return new CommitConflictException(
        "branch '"
            + branch
            + "' of "
            + storage.root()
            + " moved from "
            + base.id()
            + " to "
            + tip.id()
            + " while this writer (private node "
            + id
            + ") was writing, and its changes cannot be rebased: "
            + why);
  }
}
