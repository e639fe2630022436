package org.deeplake4j.engine.internal.write;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;

/**
 * Applies a write transaction's row deletes and updates (by index at its base version) to the
 * private node a commit builds, after checking rule R8 (docs/commit-protocol.md §7): the rows must
 * still be the same samples at the same indices. Stateless; runs on the handle's write path.
 */
final class RowChangesApplier {
  private RowChangesApplier() {}

  static void apply(DatasetCore ds, TransactionCommit.Base base, List<RowChanges> changes) {
    TreeSet<Long> deletes = new TreeSet<>();
    TreeMap<Long, RowChanges.RowUpdate> updates = new TreeMap<>();
    Map<RowChanges.RowUpdate, RowChanges> updateSource = new java.util.IdentityHashMap<>();
    for (RowChanges c : changes) {
      for (long r : c.deletes()) {
        deletes.add(r);
      }
      for (RowChanges.RowUpdate u : c.updates()) {
        updates.put(u.baseRow(), u); // a later fragment's update of a row wins
        updateSource.put(u, c);
      }
    }
    if (deletes.isEmpty() && updates.isEmpty()) {
      return;
    }
    // R8: every row the transaction touches reads the same at the tip as at the base.
    Map<String, TreeSet<Long>> touched = new TreeMap<>();
    String bMetaKey = VersionKeys.at(base.baseNode(), Layout.DATASET_META);
    if (!ds.storage.exists(bMetaKey)) {
      throw new CommitConflictException(
          "the transaction's base version "
              + base.baseNode()
              + " of "
              + ds.storage.root()
              + " is no longer stored (vacuumed?): its row deletes and updates cannot be placed");
    }
    DatasetMeta bMeta = DatasetMeta.parse(ds.storage.get(bMetaKey), bMetaKey);
    for (String key : bMeta.tensors()) {
      touched.put(key, new TreeSet<>(deletes));
    }
    for (RowChanges.RowUpdate u : updates.values()) {
      for (String name : u.tensors()) {
        touched.computeIfAbsent(ds.tensorKey(name), k -> new TreeSet<>()).add(u.baseRow());
      }
    }
    List<String> baseChain = new ArrayList<>();
    baseChain.add(base.baseNode());
    if (base.baseCommit() != null && ds.graph.nodes().containsKey(base.baseCommit())) {
      baseChain.addAll(ds.graph.chain(base.baseCommit()));
    }
    for (Map.Entry<String, TreeSet<Long>> e : touched.entrySet()) {
      checkSame(ds, base.baseNode(), baseChain, e.getKey(), e.getValue());
    }
    // Updates first (indices at the base), then deletes from the highest row down.
    if (!updates.isEmpty()) {
      try (FragmentSink values =
          FragmentSink.open(
              ds.storage,
              base.staging(),
              base.datasetMeta(),
              base.tensorMetas(),
              base.tensorInfos(),
              ds.options)) {
        DatasetCore v = values.core();
        // The target's class names, read once per tensor: names are only ever appended, so label
        // indices valid against this list stay valid after an update adds one.
        Map<String, List<String>> classNames = new java.util.HashMap<>();
        for (RowChanges c : changes) {
          if (c.updates().isEmpty()) {
            continue;
          }
          // Each fragment's update rows are read from its own parts: adopt them fresh.
          v.writers.clear();
          for (String key : v.meta.tensors()) {
            v.writer.writer(key).clearAll();
          }
          for (Map.Entry<String, AppendedPart> p : c.updateParts().entrySet()) {
            v.writer.writer(p.getKey()).adopt(p.getValue(), "main", v.node.id());
          }
          v.writer.flushLocal();
          v.generation++;
          for (RowChanges.RowUpdate u : c.updates()) {
            if (updates.get(u.baseRow()) != u || deletes.contains(u.baseRow())) {
              continue; // overridden by a later fragment, or deleted
            }
            for (String name : u.tensors()) {
              TensorReader t = v.reads().tensor(name);
              List<String> ourNames =
                  classNames.computeIfAbsent(
                      name,
                      n -> {
                        List<String> names = ds.reads().tensor(n).classNames();
                        return names.isEmpty() ? null : names;
                      });
              ds.writer.update(name, u.baseRow(), Merger.valueOf(t, u.valueRow(), ourNames));
            }
          }
        }
      }
    }
    for (long r : deletes.descendingSet()) {
      ds.writer.pop(r);
    }
  }

  /**
   * R8 for one tensor: its chunk-id rows up to the last one holding a touched row are identical at
   * the tip (the handle's node, a fresh copy of it) and at the base, and the chunks holding touched
   * rows resolve to the same storage keys: no row below them was popped, none of them rewritten.
   */
  private static void checkSame(
      DatasetCore ds, String baseNode, List<String> baseChain, String key, TreeSet<Long> rows) {
    Storage s = ds.storage;
    String bEncKey = VersionKeys.at(baseNode, Layout.chunksIndex(key));
    String tEncKey = VersionKeys.at(ds.node.id(), Layout.chunksIndex(key));
    ChunkIdEncoder b =
        s.getIfExists(bEncKey)
            .map(x -> ChunkIdEncoder.parse(x, bEncKey))
            .orElse(ChunkIdEncoder.empty());
    ChunkIdEncoder t =
        s.getIfExists(tEncKey)
            .map(x -> ChunkIdEncoder.parse(x, tEncKey))
            .orElse(ChunkIdEncoder.empty());
    long max = rows.last();
    if (b.rows() == 0 || b.last(b.rows() - 1) < max) {
      return; // the tensor had no such row at the base: nothing of it is touched
    }
    int upTo = 0;
    while (upTo + 1 < b.rows() && b.first(upTo + 1) <= max) {
      upTo++;
    }
    ChunkLocator lb = new ChunkLocator(s, baseChain, key);
    ChunkLocator lt = new ChunkLocator(s, ds.chain, key);
    for (int r = 0; r <= upTo; r++) {
      if (r >= t.rows() || t.id(r) != b.id(r) || t.last(r) != b.last(r)) {
        throw conflict(ds, key, "rows were deleted or added before row " + max + " meanwhile");
      }
    }
    for (long row : rows) {
      if (row > b.last(b.rows() - 1)) {
        continue;
      }
      String name = ChunkIdEncoder.nameOf(b.id(b.rowOf(row)));
      if (!lb.keyOf(name).equals(lt.keyOf(name))) {
        throw conflict(ds, key, "row " + row + " (chunk " + name + ") was rewritten meanwhile");
      }
    }
  }

  private static CommitConflictException conflict(DatasetCore ds, String key, String why) {
    return new CommitConflictException(
        "tensor key '"
            + key
            + "' of branch '"
            + ds.node.branch()
            + "' of "
            + ds.storage.root()
            + " changed since this transaction's base, so its row deletes and updates conflict: "
            + why);
  }
}
