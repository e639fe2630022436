package org.deeplake4j.engine.internal.write;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.MergeConflictException;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.read.TensorReader;
import org.deeplake4j.engine.storage.Storage;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;

/**
 * Deep Lake 3.x merge: samples are matched by their {@code _x_id} sample ids across the two sides
 * and their lowest common ancestor (LCA). For each tensor on both sides: target samples whose id
 * this side lacks (and did not delete) are appended with their ids; samples changed only on the
 * target replace this side's (samples the target popped stay, as in Python 3.9.52); samples changed
 * on both sides are conflicts, resolved by {@link ConflictResolution}. Tensors new on the target
 * are created here with their ids; tensors the target deleted are deleted only when asked. The
 * whole plan (and every conflict) is computed before anything is written. Changes are detected by
 * comparing stored sample bytes with the LCA's.
 */
public final class Merger {
  /** What to do with a sample changed on both sides. */
  public enum ConflictResolution {
    OURS,
    THEIRS,
    FAIL
  }

  private record Op(String kind, long oursIndex, long theirsIndex, long id) {}

  private Merger() {}

  static String merge(
      DatasetCore ds,
      String targetRef,
      ConflictResolution resolution,
      boolean deleteRemovedTensors) {
    Storage storage = ds.storage();
    String target = ds.graph().resolve(targetRef, storage.root()).id();
    var graph = ds.graph();
    if (graph.node(target).isHead()) {
      String branch = graph.node(target).branch();
      if (branch.equals(ds.node().branch())) {
        throw new DeepLakeException("cannot merge branch '" + branch + "' into itself");
      }
      try (DatasetCore t = Lifecycle.open(storage, CoreOptions.defaults(), false, branch)) {
        if (t.hasHeadChanges()) {
          t.versions().commit("auto commit before merge into " + ds.node().branch());
        }
        target = t.commitId();
      }
      ds.versions().checkout(ds.node().branch());
      graph = ds.graph();
    }
    VersionSource ours = ds.reads();
    DatasetWriter writer = ds.writer();
    String lca = null;
    var theirChain = new java.util.HashSet<>(graph.chain(target));
    for (String n : graph.chain(ds.node().id())) {
      if (theirChain.contains(n)) {
        lca = n;
        break;
      }
    }
    if (lca == null) {
      throw new DeepLakeException("no common ancestor with " + targetRef);
    }
    if (lca.equals(target)) {
      throw new DeepLakeException(
          "nothing to merge: " + targetRef + " is already in the history of " + ds.node().branch());
    }
    Map<String, List<Op>> plan = new LinkedHashMap<>();
    List<String> conflicts = new ArrayList<>();
    List<String> newTensors = new ArrayList<>();
    List<String> removedTensors = new ArrayList<>();
    try (DatasetCore theirCore =
            Lifecycle.open(storage.readOnly(), CoreOptions.defaults(), true, target);
        DatasetCore baseCore =
            Lifecycle.open(storage.readOnly(), CoreOptions.defaults(), true, lca)) {
      VersionSource theirs = theirCore.reads();
      VersionSource base = baseCore.reads();
      for (String name : theirs.tensorNames(false)) {
        TensorReader tt = theirs.tensor(name);
        if (!ours.hasTensor(name)) {
          if (!base.hasTensor(name)) {
            newTensors.add(name);
          }
          continue;
        }
        TensorReader ot = ours.tensor(name);
        String idTensor = idTensorOf(tt);
        if (idTensor == null || idTensorOf(ot) == null) {
          throw new DeepLakeException(
              "cannot merge tensor '" + name + "': merging needs its _id companion on both sides");
        }
        Map<Long, Long> ourIds = ids(ours.tensor(idTensorOf(ot)));
        Map<Long, Long> theirIds = ids(theirs.tensor(idTensor));
        Map<Long, Long> baseIds =
            base.hasTensor(name) && idTensorOf(base.tensor(name)) != null
                ? ids(base.tensor(idTensorOf(base.tensor(name))))
                : Map.of();
        TensorReader bt = base.hasTensor(name) ? base.tensor(name) : null;
        List<Op> ops = new ArrayList<>();
        List<Map.Entry<Long, Long>> theirOrder = new ArrayList<>(theirIds.entrySet());
        theirOrder.sort(Map.Entry.comparingByValue());
        for (Map.Entry<Long, Long> e : theirOrder) {
          long id = e.getKey();
          long ti = e.getValue();
          Long oi = ourIds.get(id);
          Long bi = baseIds.get(id);
          if (oi == null) {
            if (bi == null) {
              ops.add(new Op("append", -1, ti, id));
            }
            continue; // deleted on our side: stays deleted
          }
          boolean theirsChanged = bi == null || !same(tt, ti, bt, bi);
          if (!theirsChanged) {
            continue;
          }
          boolean oursChanged = bi == null || !same(ot, oi, bt, bi);
          if (oursChanged && !same(tt, ti, ot, oi)) {
            if (resolution == ConflictResolution.FAIL) {
              conflicts.add(name + "[" + oi + "]");
              continue;
            }
            if (resolution == ConflictResolution.OURS) {
              continue;
            }
          }
          if (!same(tt, ti, ot, oi)) {
            ops.add(new Op("update", oi, ti, id));
          }
        }
        // Samples the target popped stay here: Python 3.9.52's merge does not propagate pops.
        plan.put(name, ops);
      }
      for (String name : base.tensorNames(false)) {
        if (!theirs.hasTensor(name) && ours.hasTensor(name)) {
          removedTensors.add(name);
        }
      }
      if (!conflicts.isEmpty()) {
        throw new MergeConflictException(
            "merge of "
                + targetRef
                + " into "
                + ds.node().branch()
                + " conflicts (samples changed on both sides): "
                + String.join(", ", conflicts.subList(0, Math.min(20, conflicts.size())))
                + (conflicts.size() > 20 ? " and " + (conflicts.size() - 20) + " more" : "")
                + "; pass conflict resolution 'ours' or 'theirs'");
      }
      for (String name : newTensors) {
        TensorReader tt = theirs.tensor(name);
        writer.createTensor(name, NewTensorSpec.from(tt));
        writer.flushIfDirty(); // as the public createTensor, which returns a fresh handle
        String idTensor = idTensorOf(tt);
        for (long i = 0; i < tt.length(); i++) {
          Long id = idTensor == null ? null : theirs.tensor(idTensor).numpy(i).getLong(0);
          writer.appendWithId(name, valueOf(tt, i, null), id);
        }
      }
      for (Map.Entry<String, List<Op>> e : plan.entrySet()) {
        String name = e.getKey();
        TensorReader tt = theirs.tensor(name);
        List<String> ourNames = ours.tensor(name).classNames();
        for (Op op : e.getValue()) {
          if (op.kind().equals("update")) {
            writer.update(name, op.oursIndex(), valueOf(tt, op.theirsIndex(), ourNames));
          } else {
            writer.appendWithId(name, valueOf(tt, op.theirsIndex(), ourNames), op.id());
          }
        }
      }
      if (deleteRemovedTensors) {
        for (String name : removedTensors) {
          writer.deleteTensor(name);
        }
      }
    }
    return ds.versions().commit("Merge " + targetRef + " into " + ds.node().branch(), true);
  }

  static String idTensorOf(TensorReader t) {
    for (var e : t.meta().links().entrySet()) {
      if ("extend_id".equals(e.getValue().path("extend").asText())) {
        return t.name().contains("/")
            ? Layout.companion(
                t.name().substring(0, t.name().lastIndexOf('/') + 1), leaf(t.name()), "id")
            : Layout.companion("", t.name(), "id");
      }
    }
    return null;
  }

  private static String leaf(String name) {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  private static Map<Long, Long> ids(TensorReader idTensor) {
    Map<Long, Long> out = new HashMap<>();
    for (long i = 0; i < idTensor.length(); i++) {
      out.put(idTensor.numpy(i).getLong(0), i);
    }
    return out;
  }

  /** Whether row {@code i} of {@code a} and row {@code j} of {@code b} hold the same sample. */
  private static boolean same(TensorReader a, long i, TensorReader b, long j) {
    if (b == null) {
      return false;
    }
    return Arrays.equals(fingerprint(a, i), fingerprint(b, j));
  }

  private static byte[] fingerprint(TensorReader t, long row) {
    if (t.isSequence()) {
      long[] r = t.sequenceRange(row);
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (long i = r[0]; i < r[1]; i++) {
        out.writeBytes(itemFingerprint(t, i));
      }
      return out.toByteArray();
    }
    return itemFingerprint(t, row);
  }

  private static byte[] itemFingerprint(TensorReader t, long item) {
    String shape = Arrays.toString(t.itemShape(item));
    byte[] body;
    if (t.isLink() || Htype.ofStored(t.baseHtype()).isTextLike()) {
      body = t.itemText(item).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    } else if (t.meta().chunkCompression() != null
        && !Codecs.isByteCodec(t.meta().chunkCompression())) {
      body = t.itemNumpy(item).toBytes();
    } else if (t.chunkIdEncoder().rowsWithSameLast(t.chunkIdEncoder().rowOf(item)) > 1) {
      body = t.itemNumpy(item).toBytes();
    } else {
      body = t.itemBytes(item);
    }
    byte[] s = shape.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] out = Arrays.copyOf(s, s.length + body.length);
    System.arraycopy(body, 0, out, s.length, body.length);
    return out;
  }

  /** A value that, appended or written to a tensor like {@code t}, stores the same sample. */
  public static Object valueOf(TensorReader t, long row, List<String> ourClassNames) {
    if (t.isSequence()) {
      long[] r = t.sequenceRange(row);
      List<Object> items = new ArrayList<>();
      for (long i = r[0]; i < r[1]; i++) {
        items.add(itemValue(t, i, ourClassNames));
      }
      return items;
    }
    return itemValue(t, row, ourClassNames);
  }

  private static Object itemValue(TensorReader t, long item, List<String> ourClassNames) {
    Htype h = Htype.ofStored(t.baseHtype());
    if (t.isLink()) {
      String p = t.itemLinkPath(item);
      return p.isEmpty() ? null : new SampleLink(p, t.itemCredsKey(item).orElse(null));
    }
    if (h == Htype.TEXT) {
      return t.itemText(item);
    }
    if (h == Htype.JSON || h.isListLike()) {
      return t.itemJson(item);
    }
    NdArray a = t.itemNumpy(item);
    if (a.isEmpty()) {
      return null;
    }
    if (h == Htype.CLASS_LABEL && ourClassNames != null && !t.classNames().equals(ourClassNames)) {
      List<Object> names = new ArrayList<>();
      for (int k = 0; k < a.size(); k++) {
        long idx = a.getLong(k);
        names.add(idx < t.classNames().size() ? t.classNames().get((int) idx) : (Object) idx);
      }
      return names;
    }
    String sc = t.meta().sampleCompression();
    boolean tiled = t.chunkIdEncoder().rowsWithSameLast(t.chunkIdEncoder().rowOf(item)) > 1;
    if (sc != null && !tiled && (Codecs.isImageCodec(sc) || Codecs.MEDIA.contains(sc))) {
      return new SampleFile(t.itemBytes(item), sc, t.itemShape(item));
    }
    return a;
  }
}
