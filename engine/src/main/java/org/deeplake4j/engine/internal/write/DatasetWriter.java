package org.deeplake4j.engine.internal.write;

import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.addGroups;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.checkLayoutCollision;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.checkName;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.keysOf;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.namesOf;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.namesOfKey;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.register;
import static org.deeplake4j.engine.internal.write.DatasetMetaEdits.removeFromArray;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplake4j.engine.errors.CommitConflictException;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.errors.NotFoundException;
import org.deeplake4j.engine.errors.UnsupportedFormatException;
import org.deeplake4j.engine.internal.format.DatasetMeta;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.LinkCredentials;
import org.deeplake4j.engine.internal.format.MetaTemplates;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.format.TensorMetaBuilder;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.types.Dtype;
import org.deeplake4j.engine.types.Htype;
import org.deeplake4j.engine.types.NdArray;
import org.deeplake4j.engine.types.SampleValues;

/**
 * The write component of a dataset handle: creating, renaming and deleting tensors and groups,
 * encoding rows into samples (append, extend, update, pop, pad, rechunk; companion tensors follow
 * their tensor), dataset and tensor info, and flushing staged changes into the node being written
 * (see {@link #flushLocal}) and, through {@link VersionControl}, publishing them. Changes are
 * staged in {@link TensorWriter}s and pending metas of the {@link DatasetCore}; a change at a
 * published non-root HEAD first moves the handle to a private node (the commit protocol's S1).
 *
 * <p>Values are what {@link SampleEncoder} accepts, with files and links as {@link SampleFile} and
 * {@link SampleLink}. Not thread-safe: the public handle serializes calls.
 */
public final class DatasetWriter {
  private final DatasetCore ds;
  private final RowEncoder rows;

  DatasetWriter(DatasetCore ds) {
    this.ds = ds;
    this.rows = new RowEncoder(ds);
  }

  /**
   * L4 recovery (docs/commit-protocol.md §4): a flush at the root HEAD that died part-way can leave
   * encoder rows past a tensor's length, a last chunk holding samples its encoder does not count,
   * or companion tensors out of step with their tensor. Python's integrity check refuses such a
   * dataset and Python's or Java's next append would land at the wrong local index. A writer that
   * takes the root exclusively rolls those torn rows back first (they were never complete).
   * Sequence tensors and tiled or image-canvas tails are left as they are.
   */
  void repairTornRoot() {
    boolean torn = false;
    for (String key : ds.meta.tensors()) {
      TensorWriter w = writer(key);
      torn |= w.isDirty() | w.trimTornTail();
    }
    for (TensorWriter w : List.copyOf(ds.writers.values())) {
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
    ds.writers.clear();
    ds.dropTensorHandles();
    ds.generation++;
  }

  private ObjectNode pendingMeta() {
    if (ds.session != null) {
      ds.session.metaChanged();
    }
    if (ds.pendingMeta == null) {
      ds.pendingMeta = ds.meta.raw();
    }
    return ds.pendingMeta;
  }

  /** Flushes pending writes if there are any (reads call this so they see earlier writes). */
  public void flushIfDirty() {
    if (ds.pendingMeta != null
        || ds.pendingInfo != null
        || ds.writers.values().stream().anyMatch(TensorWriter::isDirty)) {
      flushLocal();
    }
  }

  TensorWriter writer(String key) {
    beginChange();
    TensorWriter w = ds.writers.get(key);
    if (w == null) {
      w = TensorWriter.load(ds.storage, ds.node.id(), ds.chain, key);
      ds.writers.put(key, w);
      for (var e : w.meta.links().entrySet()) {
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
  public void createTensor(String name, NewTensorSpec spec) {
    beginChange();
    spec.validate(name);
    checkName(name);
    checkLayoutCollision(name, VersionGraph.FIRST_COMMIT_ID.equals(ds.node().id()));
    ObjectNode m = pendingMeta();
    if (namesOf(m).containsKey(name)) {
      throw new DeepLakeException("tensor '" + name + "' already exists in " + ds.storage.root());
    }
    String key = name;
    if (ds.deletedKeys.contains(key)) {
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
    TensorMetaBuilder tm =
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
      switch (Htype.of(base)) {
        case IMAGE -> info.putNull("intrinsics");
        case CLASS_LABEL, SEGMENT_MASK -> {
          ArrayNode cn = info.putArray("class_names");
          if (spec.classNames() != null) {
            spec.classNames().forEach(cn::add);
          }
        }
        case BBOX, BBOX_3D -> info.putObject("coords");
        case KEYPOINTS_COCO -> {
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
    for (MetaTemplates.Companion c : comps) {
      tm.addLink(c.key(), c.linkSpec());
    }
    TensorWriter w = TensorWriter.create(ds.storage, ds.node.id(), ds.chain, key, tm, info);
    ds.writers.put(key, w);
    register(m, name, key, spec.hidden());
    for (MetaTemplates.Companion c : comps) {
      TensorWriter cw =
          TensorWriter.create(ds.storage, ds.node.id(), ds.chain, c.key(), c.meta(), null);
      ds.writers.put(c.key(), cw);
      register(m, c.key(), c.key(), true);
      w.companions.add(
          new TensorWriter.Companion(
              c.kind(), cw, c.linkSpec().path("flatten_sequence").asBoolean()));
    }
    ds.generation++;
  }

  /** Creates a group (and its ancestors). */
  public void createGroup(String name) {
    beginChange();
    checkName(name);
    addGroups(pendingMeta(), name);
    ds.generation++;
  }

  /** Replaces the dataset info ({@code ds.info}) with {@code newInfo}. */
  public void setInfo(Map<String, ?> newInfo) {
    beginChange();
    ds.pendingInfo = Json.MAPPER.valueToTree(newInfo);
    if (ds.session != null) {
      ds.session.infoChanged();
    }
    recordDatasetDiff(org.deeplake4j.engine.internal.format.DatasetDiff::infoUpdated);
    ds.generation++;
  }

  /** Adds or replaces keys of the dataset info ({@code ds.info.update(...)}). */
  public void updateInfo(Map<String, ?> values) {
    beginChange();
    ObjectNode merged = (ds.pendingInfo != null ? ds.pendingInfo : (ObjectNode) ds.info).deepCopy();
    merged.setAll((ObjectNode) Json.MAPPER.valueToTree(values));
    ds.pendingInfo = merged;
    if (ds.session != null) {
      ds.session.infoChanged();
    }
    recordDatasetDiff(org.deeplake4j.engine.internal.format.DatasetDiff::infoUpdated);
    ds.generation++;
  }

  /** Adds or replaces keys of a tensor's info ({@code ds.tensor.info.update(...)}). */
  public void updateTensorInfo(String tensorName, Map<String, ?> values) {
    beginChange();
    TensorWriter w = writer(keyOf(tensorName));
    ObjectNode merged = w.info == null ? JsonNodeFactory.instance.objectNode() : w.info.deepCopy();
    merged.setAll((ObjectNode) Json.MAPPER.valueToTree(values));
    w.setInfo(merged);
    ds.generation++;
  }

  private org.deeplake4j.engine.internal.format.DatasetDiff datasetDiff() {
    if (ds.datasetDiff == null) {
      String k = VersionKeys.at(ds.node.id(), Layout.DATASET_DIFF);
      ds.datasetDiff =
          ds.storage
              .getIfExists(k)
              .map(b -> org.deeplake4j.engine.internal.format.DatasetDiff.parse(b, k))
              .orElse(org.deeplake4j.engine.internal.format.DatasetDiff.empty());
    }
    return ds.datasetDiff;
  }

  /** Whether tensor {@code key} was created at this HEAD (its commit_diff says so). */
  private boolean createdAtHead(String key) {
    String k = VersionKeys.at(ds.node.id(), Layout.commitDiff(key));
    return ds.storage
        .getIfExists(k)
        .map(b -> org.deeplake4j.engine.internal.format.CommitDiff.parse(b, k).created())
        .orElse(false);
  }

  /**
   * Deletes a tensor and its companions at this HEAD. Its data in committed versions stays; a
   * tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public void deleteTensor(String tensorName) {
    beginChange();
    String key = keyOf(tensorName);
    flushLocal();
    ObjectNode m = pendingMeta();
    List<String> keys = new ArrayList<>();
    keys.add(key);
    String metaKey = VersionKeys.at(ds.node.id(), Layout.tensorMeta(key));
    TensorMeta tm = TensorMeta.parse(ds.storage.get(metaKey), metaKey);
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
      ds.writers.remove(k);
      ds.deletedKeys.add(k);
    }
    ds.generation++;
  }

  /**
   * Renames a tensor within its group (the storage key is kept, as in Python); its companions are
   * renamed alike. A tensor that existed before this HEAD is recorded in dataset_diff.
   */
  public void renameTensor(String oldName, String newName) {
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
    w.setName(newName);
    String oldLeaf = oldName.substring(oldName.lastIndexOf('/') + 1);
    String newLeaf = newName.substring(newName.lastIndexOf('/') + 1);
    String prefix = newGroup.isEmpty() ? "" : newGroup + "/";
    for (TensorWriter.Companion c : w.companions) {
      String ck = c.writer().key;
      String cOld = ds.meta.nameOfKey(ck) != null ? ds.meta.nameOfKey(ck) : namesOfKey(names, ck);
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
      c.writer().setName(cNew);
    }
    ds.generation++;
  }

  /** Appends one value to a tensor (see the public {@code Tensor.append}). */
  public void append(String tensorName, Object value) {
    beginChange();
    String key = keyOf(tensorName);
    rows.appendRow(writer(key), tensorName, value);
    ds.generation++;
  }

  /**
   * Appends values to a tensor, one sample each (see the public {@code Tensor.extend}): every value
   * is checked first, so a refused value leaves the tensor as it was.
   */
  public void extend(String tensorName, List<?> values) {
    beginChange();
    String key = keyOf(tensorName);
    TensorWriter w = writer(key);
    if (BulkEncoder.isBulkText(w) && !values.isEmpty()) {
      BulkEncoder.appendText(w, tensorName, values);
      ds.generation++;
      return;
    }
    for (int i = 0; i < values.size(); i++) {
      RowEncoder.checkValue(w, tensorName, w.rowCount() + i, values.get(i));
    }
    for (Object v : values) {
      rows.appendRow(writer(key), tensorName, v);
    }
    ds.generation++;
  }

  /**
   * Appends one row: {@code row} maps tensor names to values. Tensors of the dataset missing from
   * the row get an empty sample, as Python pads ({@code append_empty}).
   */
  public void append(Map<String, ?> row) {
    beginChange();
    for (String n : row.keySet()) {
      keyOf(n);
    }
    for (String n : ds.tensorNames(false)) {
      TensorWriter w = writer(keyOf(n));
      RowEncoder.checkValue(w, n, w.rowCount(), row.get(n)); // the whole row, before any append
    }
    for (String n : ds.tensorNames(false)) {
      rows.appendRow(writer(keyOf(n)), n, row.get(n));
    }
    ds.generation++;
  }

  /**
   * Appends the first-axis slices of {@code batch} to a tensor as samples: a batch of shape {@code
   * (n, d1, ...)} appends n samples of shape {@code (d1, ...)}, a 1-D batch n scalars (stored with
   * shape [1]). The same as appending each slice; numeric tensors without sample compression take a
   * bulk path (one metadata update per batch). Requires a writable dataset at a branch HEAD.
   */
  public void extend(String tensorName, NdArray batch) {
    ds.checkWritable();
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
    int srcItemBytes = itemElems * batch.dtype().itemSize();
    RowEncoder.checkBatch(w, tensorName, batch, itemElems);
    int start = 0;
    if ((w.dtype() == null || w.htype() == null) && n > 0) {
      rows.appendRow(w, tensorName, BulkEncoder.slice(batch, item, 0, srcItemBytes));
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
            && numericSamples(Htype.of(w.htype()))
            && !(w.tilingThreshold() > 0 && (long) itemElems * dt.itemSize() > w.tilingThreshold())
            && itemElems > 0;
    if (!bulk) {
      for (int i = start; i < n; i++) {
        rows.appendRow(w, tensorName, BulkEncoder.slice(batch, item, i, srcItemBytes));
      }
      ds.generation++;
      return;
    }
    int count = n - start;
    // The batch's own bytes when it has the tensor's dtype (no copy until the chunk), else cast.
    java.nio.ByteBuffer src;
    if (batch.dtype() == dt) {
      src = batch.buffer();
      src.position(start * srcItemBytes);
    } else {
      long[] restShape = bs.clone();
      restShape[0] = count;
      NdArray rest =
          start == 0
              ? batch
              : NdArray.of(
                  batch.dtype(),
                  restShape,
                  Arrays.copyOfRange(batch.toBytes(), start * srcItemBytes, n * srcItemBytes));
      src = SampleValues.cast(rest, dt).buffer();
    }
    w.appendItems(item, src, itemElems * dt.itemSize(), count);
    BulkEncoder.appendCompanions(w, item, count);
    ds.generation++;
  }

  /** Appends empty samples to every visible tensor shorter than the longest one. */
  public void padTensors() {
    beginChange();
    long max = maxLength();
    for (String n : ds.tensorNames(false)) {
      TensorWriter w = writer(keyOf(n));
      while (w.rowCount() < max) {
        rows.appendRow(w, n, null);
      }
    }
    ds.generation++;
  }

  private String keyOf(String tensorName) {
    String k =
        (ds.pendingMeta != null ? namesOf(ds.pendingMeta) : ds.meta.tensorNames()).get(tensorName);
    if (k == null) {
      throw new NotFoundException("no tensor '" + tensorName + "' in " + ds.storage.root());
    }
    return k;
  }

  /**
   * Replaces sample {@code index} of a tensor (copy-on-write of its chunk at this HEAD); the
   * tensor's companions follow. Sequence, tiled and image-canvas samples are refused.
   */
  public void update(String tensorName, long index, Object value) {
    beginChange();
    TensorWriter w = writer(keyOf(tensorName));
    if (w.isSequence() || w.isLink()) {
      throw new DeepLakeException(
          "tensor '" + tensorName + "': updating sequence and link samples is not supported yet");
    }
    RowEncoder.checkValue(w, tensorName, index, value);
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
    ds.generation++;
  }

  /**
   * Rewrites the chunks of the named tensors (all when none are named) with Python's fill policy,
   * as Python's {@code ds.rechunk()}: samples are unchanged, small or uneven chunks are merged.
   */
  public void rechunk(String... tensorNames) {
    ds.checkWritable();
    List<String> names = tensorNames.length == 0 ? ds.tensorNames(true) : List.of(tensorNames);
    for (String n : names) {
      writer(keyOf(n)).rechunk();
    }
    ds.generation++;
  }

  /** Removes sample {@code index} from one tensor and its companions. */
  public void pop(String tensorName, long index) {
    beginChange();
    rows.popFrom(writer(keyOf(tensorName)), tensorName, index);
    ds.generation++;
  }

  /** Removes row {@code index} from every tensor that has it (Python's {@code ds.pop}). */
  public void pop(long index) {
    beginChange();
    for (String n : ds.tensorNames(false)) {
      TensorWriter w = writer(keyOf(n));
      if (index < w.rowCount()) {
        rows.popFrom(w, n, index);
      }
    }
    ds.generation++;
  }

  /**
   * Makes every pending change durable and visible at the branch HEAD, as Python's {@code
   * ds.flush()}: staged data is written (see {@link #flushLocal}) and, at a non-root HEAD, the
   * private node is published as the branch's HEAD through the commit protocol (rebased onto
   * another writer's HEAD if needed; {@link CommitConflictException} when that is impossible).
   */
  public void flush() {
    if (ds.storage.isReadOnly() || ds.closed) {
      return;
    }
    if (ds.stateUnknown || ds.staleAfterSwitch != null) {
      ds.checkWritable(); // P4, P5: refused, "reopen the dataset"
    }
    flushLocal();
    if (ds.session != null) {
      ds.versions.publishHead();
    }
  }

  /**
   * Writes every staged change into the node being written (the private node, or the root HEAD):
   * chunks first, then the encoders that reference them, then tensor metas, then dataset_meta.json
   * and dataset_info.json. A crash part-way leaves every published version as it was (private nodes
   * are invisible; at the root, metas never point at missing chunks).
   */
  void flushLocal() {
    if (ds.storage.isReadOnly() || ds.closed) {
      return;
    }
    java.util.Set<String> rewritten = new java.util.HashSet<>();
    for (TensorWriter w : ds.writers.values()) {
      rewritten.addAll(w.stagedChunkKeys());
      w.flushChunks();
    }
    for (TensorWriter w : ds.writers.values()) {
      w.flushEncoders();
    }
    for (TensorWriter w : ds.writers.values()) {
      w.flushMeta();
    }
    for (TensorWriter w : ds.writers.values()) {
      w.flushDeletes();
    }
    if (ds.pendingInfo != null) {
      ds.storage.put(
          VersionKeys.at(ds.node.id(), Layout.DATASET_INFO),
          org.deeplake4j.engine.internal.format.MetaJson.bytes(ds.pendingInfo));
      ds.info = ds.pendingInfo;
      ds.pendingInfo = null;
    }
    if (ds.datasetDiff != null && ds.datasetDiff.hasChanges()) {
      ds.storage.put(VersionKeys.at(ds.node.id(), Layout.DATASET_DIFF), ds.datasetDiff.toBytes());
    }
    if (ds.pendingMeta != null) {
      String metaKey = VersionKeys.at(ds.node.id(), Layout.DATASET_META);
      byte[] b = org.deeplake4j.engine.internal.format.MetaJson.bytes(ds.pendingMeta);
      ds.storage.put(metaKey, b);
      ds.meta = DatasetMeta.parse(b, metaKey);
      ds.pendingMeta = null;
    }
    for (String k : ds.deletedKeys) {
      // Only after dataset_meta stops naming the tensor: a crash leaves files, never dangling
      // names.
      for (String f : ds.storage.list(VersionKeys.at(ds.node.id(), k + "/"))) {
        ds.storage.delete(f);
      }
    }
    ds.deletedKeys.clear();
    rewritten.forEach(ds.cache::invalidate);
    ds.dropTensorHandles();
    ds.generation++;
  }

  /**
   * Drops every change staged since the last {@link #flush()} (appends, updates, pops, info)
   * without writing any of it; what is already written stays, so the stored dataset is as the last
   * flush left it. For a caller abandoning a batch of writes that failed part-way (a row of {@link
   * #append(Map)} may have reached some tensors only). Creating a tensor and reading a tensor
   * flush, so what was created or read before stays. No-op on a read-only handle.
   */
  public void discardChanges() {
    if (ds.storage.isReadOnly() || ds.closed) {
      return;
    }
    ds.writers.clear();
    ds.pendingMeta = null;
    ds.pendingInfo = null;
    ds.dropTensorHandles();
    ds.generation++;
  }

  /** Starts a change: the handle must be writable; at a non-root HEAD the change goes private. */
  void beginChange() {
    ds.checkWritable();
    ds.versions.ensurePrivate();
  }

  private void recordDatasetDiff(
      java.util.function.Consumer<org.deeplake4j.engine.internal.format.DatasetDiff> op) {
    op.accept(datasetDiff());
    if (ds.session != null) {
      ds.session.recordDatasetDiff(op);
    }
  }

  /** Appends one row to a tensor with a given sample id (merges keep ids). */
  void appendWithId(String tensorName, Object value, Long id) {
    beginChange();
    rows.forcedId = id;
    try {
      rows.appendRow(writer(keyOf(tensorName)), tensorName, value);
    } finally {
      rows.forcedId = null;
    }
    ds.generation++;
  }

  public void flushWritable() {
    if (!ds.storage.isReadOnly() && ds.node.isHead()) {
      flush();
    }
  }

  /** Python's {@code ds.max_len}: the length of the longest visible tensor. */
  private long maxLength() {
    long max = 0;
    for (String n : ds.tensorNames(false)) {
      max = Math.max(max, ds.reads().tensor(n).length());
    }
    return max;
  }

  /**
   * Adds a named credentials key that link samples can use, as Python's {@code
   * ds.add_creds_key(key)} (see {@link LinkCredentials#addCredsKey}).
   */
  public void addCredsKey(String key) {
    ds.checkWritable();
    ds.creds.addCredsKey(key);
  }

  /** Htypes whose samples are numeric arrays (plain numbers, class labels), not text or files. */
  private static boolean numericSamples(Htype h) {
    return h.kind() == Htype.Kind.NUMERIC || h.kind() == Htype.Kind.CLASS_LABEL;
  }
}
