package org.deeplake4j.engine.internal.write;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.deeplake4j.engine.errors.DeepLakeException;
import org.deeplake4j.engine.internal.format.Chunk;
import org.deeplake4j.engine.internal.format.ChunkBuilder;
import org.deeplake4j.engine.internal.format.ChunkIdEncoder;
import org.deeplake4j.engine.internal.format.Codecs;
import org.deeplake4j.engine.internal.format.CommitDiff;
import org.deeplake4j.engine.internal.format.EncoderBytes;
import org.deeplake4j.engine.internal.format.Encoders;
import org.deeplake4j.engine.internal.format.Json;
import org.deeplake4j.engine.internal.format.Layout;
import org.deeplake4j.engine.internal.format.Lz4;
import org.deeplake4j.engine.internal.format.RunTable;
import org.deeplake4j.engine.internal.format.RunTableBuilder;
import org.deeplake4j.engine.internal.format.TensorMeta;
import org.deeplake4j.engine.internal.format.TensorMetaBuilder;
import org.deeplake4j.engine.internal.format.TileEncoder;
import org.deeplake4j.engine.internal.format.VdbIndexes;
import org.deeplake4j.engine.internal.version.ChunkLocator;
import org.deeplake4j.engine.internal.version.VersionGraph;
import org.deeplake4j.engine.internal.version.VersionKeys;
import org.deeplake4j.engine.storage.Storage;

/**
 * The write side of one tensor at a branch HEAD: fills chunks as Python does, keeps the chunk-id,
 * tile, sequence and creds encoders, tensor_meta (length, min/max shape) and commit_diff exact, and
 * stages everything until {@link #flushChunks}, {@link #flushEncoders} and {@link #flushMeta} write
 * it in that order (chunks, then the encoders that reference them, then the metas that make them
 * visible). Not thread-safe: owned by one writable {@link DatasetCore}.
 *
 * <p>Longer than the ~800 lines the rest of the engine keeps to, on purpose: every operation
 * (append, bulk append, update, pop, clear, rechunk, detaching and adopting appended parts for the
 * R6 rebase and transaction commits, the R7 replay, crash repair, vector-index drops) changes the
 * same staged state together (open chunk, chunk-id rows, tiles, sequence and creds encoders, meta,
 * commit_diff, chunk_set); split across classes, that state would have to be shared mutable. Its
 * one job is that state of one tensor at one node; what only prepares bytes lives elsewhere ({@link
 * SampleEncoder}, {@link BulkEncoder}, {@link RowEncoder}).
 */
final class TensorWriter {
  final String key;
  private final Storage storage;
  private final String head;
  private List<String> chain;
  final TensorMetaBuilder meta;
  ObjectNode info;
  private boolean infoDirty;
  private boolean metaDirty;

  private long[] ids = new long[16];
  private long[] lasts = new long[16];
  private int rows;
  private boolean encoderDirty;

  private final LinkedHashMap<Long, TileEncoder.Entry> tiles = new LinkedHashMap<>();
  private boolean tilesDirty;
  private RunTableBuilder sequences;
  private RunTableBuilder creds;
  private boolean seqDirty;
  private boolean credsDirty;

  private CommitDiff diff;
  private boolean diffDirty;
  private final Set<String> chunkSet = new LinkedHashSet<>();
  private boolean chunkSetDirty;

  private ChunkBuilder open;
  private long openId;
  private boolean openDirty;
  private boolean openExamined;
  private final Map<String, byte[]> pendingChunks = new LinkedHashMap<>();

  /** Chunks this writer closed full in a bulk append: later bulk chunks are allocated whole. */
  private int bulkChunksFilled;

  // What this writer changed since it was loaded (one writer session of the commit protocol, see
  // docs/commit-protocol.md R4-R7): a rebase re-homes appended items and replays diff records.
  private int baseRows;
  private long baseLength;
  private boolean createdInSession;
  private boolean sessionChanged;
  private boolean appendOnly = true;
  private long[] sessionMin;
  private long[] sessionMax;
  private final List<long[]> sessionSequences = new ArrayList<>();
  private final List<Long> sessionCreds = new ArrayList<>();
  private final List<java.util.function.Consumer<CommitDiff>> sessionDiffOps = new ArrayList<>();
  private boolean deleteInfo;

  /** Companion tensors maintained on every append: kind, writer, per-item or per-row. */
  record Companion(String kind, TensorWriter writer, boolean flatten) {}

  final List<Companion> companions = new ArrayList<>();

  private TensorWriter(
      Storage storage, String head, List<String> chain, String key, TensorMetaBuilder meta) {
    this.storage = storage;
    this.head = head;
    this.chain = chain;
    this.key = key;
    this.meta = meta;
    this.sequences = new RunTableBuilder(2);
    this.creds = new RunTableBuilder(1);
  }

  /** A new, empty tensor at HEAD {@code head}. */
  static TensorWriter create(
      Storage storage,
      String head,
      List<String> chain,
      String key,
      TensorMetaBuilder meta,
      ObjectNode info) {
    TensorWriter w = new TensorWriter(storage, head, chain, key, meta);
    w.info = info;
    w.infoDirty = info != null && info.size() > 0;
    w.metaDirty = true;
    w.encoderDirty = true;
    w.tilesDirty = true;
    w.seqDirty = w.isSequence();
    w.credsDirty = w.isLink();
    w.diff = CommitDiff.fresh(0, true);
    if (w.infoDirty) {
      w.diff.infoUpdated();
    }
    w.diffDirty = true;
    w.openExamined = true;
    w.createdInSession = true;
    w.sessionChanged = true;
    w.appendOnly = false;
    return w;
  }

  /** The writer of an existing tensor at HEAD {@code head}. */
  static TensorWriter load(Storage storage, String head, List<String> chain, String key) {
    String metaKey = VersionKeys.at(head, Layout.tensorMeta(key));
    TensorMetaBuilder meta = TensorMeta.parse(storage.get(metaKey), metaKey).toBuilder();
    TensorWriter w = new TensorWriter(storage, head, chain, key, meta);
    String infoKey = VersionKeys.at(head, Layout.tensorInfo(key));
    w.info =
        storage.getIfExists(infoKey).map(b -> (ObjectNode) Json.parse(b, infoKey)).orElse(null);
    String encKey = VersionKeys.at(head, Layout.chunksIndex(key));
    ChunkIdEncoder enc =
        storage
            .getIfExists(encKey)
            .map(b -> ChunkIdEncoder.parse(b, encKey))
            .orElse(ChunkIdEncoder.empty());
    long length = meta.length();
    for (int r = 0; r < enc.rows(); r++) {
      // Rows past the meta's length come from a flush that died before its metas: drop them.
      if (enc.first(r) >= length) {
        w.encoderDirty = true;
        break;
      }
      if (enc.last(r) > length - 1) {
        w.encoderDirty = true;
      }
      w.addRow(enc.id(r), Math.min(enc.last(r), length - 1));
    }
    String tileKey = VersionKeys.at(head, Layout.tilesIndex(key));
    storage
        .getIfExists(tileKey)
        .ifPresent(b -> w.tiles.putAll(TileEncoder.parse(b, tileKey).entries()));
    if (w.isSequence()) {
      String seqKey = VersionKeys.at(head, Layout.sequenceIndex(key));
      storage
          .getIfExists(seqKey)
          .ifPresent(b -> copyTable(Encoders.parseSequence(b, seqKey), w.sequences, 2));
    }
    if (w.isLink()) {
      String credsKey = VersionKeys.at(head, Layout.credsIndex(key));
      storage
          .getIfExists(credsKey)
          .ifPresent(b -> copyTable(Encoders.parseCreds(b, credsKey), w.creds, 1));
    }
    String diffKey = VersionKeys.at(head, Layout.commitDiff(key));
    w.diff = storage.getIfExists(diffKey).map(b -> CommitDiff.parse(b, diffKey)).orElse(null);
    if (!VersionGraph.FIRST_COMMIT_ID.equals(head)) {
      String setKey = VersionKeys.at(head, Layout.chunkSet(key));
      storage
          .getIfExists(setKey)
          .ifPresent(
              b -> {
                String text = new String(b, StandardCharsets.UTF_8).trim();
                if (!text.isEmpty()) {
                  w.chunkSet.addAll(Arrays.asList(text.split(",")));
                }
              });
    }
    w.baseRows = w.rows;
    w.baseLength = w.length();
    return w;
  }

  private static void copyTable(RunTable t, RunTableBuilder into, int valueCols) {
    RunTableBuilder b = RunTableBuilder.of(t, valueCols);
    int[] cells = b.cells();
    for (int r = 0; r < b.rows(); r++) {
      long[] v = new long[valueCols];
      for (int c = 0; c < valueCols; c++) {
        v[c] = Integer.toUnsignedLong(cells[r * b.cols() + c]);
      }
      long first =
          r == 0 ? 0 : Integer.toUnsignedLong(cells[(r - 1) * b.cols() + b.cols() - 1]) + 1;
      long last = Integer.toUnsignedLong(cells[r * b.cols() + b.cols() - 1]);
      for (long i = first; i <= last; i++) {
        if (valueCols == 2) {
          into.appendSized(v[0], v[1] + (i - first) * v[0]);
        } else {
          into.append(v);
        }
      }
    }
  }

  /** Whether this writer created the tensor in this session (not yet flushed). */
  boolean isCreatedHere() {
    return diff != null && diff.created();
  }

  boolean isSequence() {
    return meta.isSequence();
  }

  boolean isLink() {
    return meta.isLink();
  }

  String htype() {
    return meta.htype();
  }

  String dtype() {
    return meta.dtype();
  }

  String sampleCompression() {
    return meta.sampleCompression();
  }

  String chunkCompression() {
    return meta.chunkCompression();
  }

  long length() {
    return meta.length();
  }

  /** Number of rows (sequences for a sequence tensor). */
  long rowCount() {
    return isSequence() ? sequences.count() : length();
  }

  private long maxChunkSize() {
    return meta.effectiveMaxChunkSize();
  }

  long tilingThreshold() {
    return meta.effectiveTilingThreshold();
  }

  /** Sample dimensionality, or -1 while no shaped sample was stored. */
  int ndim() {
    return meta.ndim();
  }

  /** Appends an empty sample before any sample shape is known (no shape row, as Python does). */
  void appendEmptyOfUnknownShape() {
    if (!openExamined) {
      examineLastChunk(-1);
    }
    long index = length();
    if (open != null && open.ndim() >= 0) {
      closeOpenChunk();
    }
    if (open == null) {
      open = new ChunkBuilder(-1);
      openId = newChunkId();
      addRow(openId, index);
    } else {
      lasts[rows - 1] = index;
    }
    open.addEmptyOfUnknownShape();
    openDirty = true;
    encoderDirty = true;
    grow(null);
  }

  /** Renames the tensor in its meta. */
  void setName(String name) {
    metaChanged(false);
    meta.setName(name);
  }

  /** Sets the htype (Python fills an unset one at the first append). */
  void setHtype(String htype) {
    metaChanged(meta.htype() == null);
    meta.setHtype(htype);
  }

  /** Sets the dtype (Python fills an unset one at the first append). */
  void setDtype(String dtype) {
    metaChanged(meta.dtype() == null);
    meta.setDtype(dtype);
  }

  /** Sets numpy's type string of the dtype (filled with the dtype). */
  void setTypestr(String typestr) {
    metaChanged(meta.typestr() == null);
    meta.setTypestr(typestr);
  }

  /** Bookkeeping of a meta change; {@code fill}: an unset htype/dtype/typestr gets its value. */
  private void metaChanged(boolean fill) {
    if (!fill) {
      appendOnly = false; // a rename (name), or any other metadata change
    }
    sessionChanged = true;
    metaDirty = true;
  }

  void setInfo(ObjectNode newInfo) {
    info = newInfo;
    infoDirty = true;
    appendOnly = false;
    diffOp(CommitDiff::infoUpdated);
  }

  /** commit_diff's appended range now ends at {@code newLength}. */
  private record Appended(long newLength) implements java.util.function.Consumer<CommitDiff> {
    @Override
    public void accept(CommitDiff d) {
      d.appended(newLength);
    }
  }

  /**
   * Records an append in commit_diff: consecutive appends are one record for a replay (the last
   * one's end), so a long run of appends keeps constant memory.
   */
  private void diffAppended(long newLength) {
    int last = sessionDiffOps.size() - 1;
    if (last >= 0 && sessionDiffOps.get(last) instanceof Appended) {
      sessionDiffOps.remove(last);
    }
    diffOp(new Appended(newLength));
  }

  /** Applies a change to commit_diff and records it for a rebase replay (R7). */
  private void diffOp(java.util.function.Consumer<CommitDiff> op) {
    op.accept(diff());
    sessionDiffOps.add(op);
    sessionChanged = true;
    diffDirty = true;
  }

  /**
   * This version's commit_diff, created on first use as Python creates it: starting at the length
   * the tensor has then. Callers that change the length call this first, so that a version whose
   * first change is an append or pop records its range from the length before that change.
   */
  private CommitDiff diff() {
    if (diff == null) {
      diff = CommitDiff.fresh(length(), false);
    }
    return diff;
  }

  private void addRow(long id, long last) {
    if (rows == ids.length) {
      ids = Arrays.copyOf(ids, rows * 2);
      lasts = Arrays.copyOf(lasts, rows * 2);
    }
    ids[rows] = id;
    lasts[rows] = last;
    rows++;
  }

  private String chunkKey(long id) {
    return VersionKeys.at(head, Layout.chunk(key, ChunkIdEncoder.nameOf(id)));
  }

  private static long newChunkId() {
    long id;
    do {
      id = UUID.randomUUID().getMostSignificantBits();
    } while (id == 0);
    return id;
  }

  /** Whether the chunk named {@code name} is stored in this HEAD's own folder. */
  private boolean ownedByHead(String name) {
    String k = new ChunkLocator(storage, chain, key).keyOf(name);
    return k.equals(chunkKey(ChunkIdEncoder.idOf(name)));
  }

  /** Opens the last chunk for appending if it belongs to this HEAD and is not a tile. */
  private void examineLastChunk(int ndim) {
    openExamined = true;
    if (rows == 0) {
      return;
    }
    long id = ids[rows - 1];
    boolean tileRow =
        (rows > 1 && lasts[rows - 2] == lasts[rows - 1]) || tiles.containsKey(lasts[rows - 1]);
    String name = ChunkIdEncoder.nameOf(id);
    if (tileRow || !ownedByHead(name)) {
      return;
    }
    if (chunkCompression() != null && !Codecs.isByteCodec(chunkCompression())) {
      return; // image-canvas chunks are never reopened: start a new chunk
    }
    // The chunk as this writer last left it: staged by an update or pop, else as stored.
    Chunk c = currentChunk(id);
    boolean staged = pendingChunks.remove(chunkKey(id)) != null;
    byte[] data = c.buffer();
    int off = c.dataStart();
    int len = c.dataLength();
    open = ChunkBuilder.of(c, ndim, data, off, len);
    openId = id;
    openDirty = staged;
  }

  private void closeOpenChunk() {
    if (open != null && openDirty) {
      byte[] chunk = open.release(chunkCompression());
      String key = chunkKey(openId);
      registerChunk(openId);
      open = null;
      openDirty = false;
      // Staged: a fragment writer writes it after the row or batch that filled it
      // (writeFullChunks), so a failed write never leaves a row half appended, and is retried.
      pendingChunks.put(key, chunk);
      return;
    }
    open = null;
    openDirty = false;
  }

  /**
   * Closes the open chunk (serialized for the last time and staged; a fragment writer writes it
   * with {@link #writeFullChunks}): the next append starts a new chunk. A fragment's last chunks.
   */
  void closeChunk() {
    closeOpenChunk();
    openExamined = true;
  }

  /**
   * A new chunk for items of {@code itemBytes} stored bytes and {@code ndim} dimensions, sized to
   * what Python's chunk policy lets it hold when every item has that size ({@code whole}: allocated
   * at once, else grown up to it), so that a filled chunk is serialized without a copy.
   */
  private ChunkBuilder newChunk(int ndim, long itemBytes, boolean whole) {
    long minChunk = maxChunkSize() / 2;
    if (itemBytes <= 0 || itemBytes > minChunk || chunkCompression() != null) {
      return new ChunkBuilder(ndim);
    }
    long full = minChunk / itemBytes * itemBytes;
    return ChunkBuilder.presized(ndim, (int) Math.min(full, Integer.MAX_VALUE - 1024), whole);
  }

  /** Items of {@code itemBytes} the open chunk still takes under Python's policy (at least 1). */
  private long room(long itemBytes) {
    long minChunk = maxChunkSize() / 2;
    if (open.numSamples() == 0) {
      return itemBytes == 0 ? Long.MAX_VALUE : Math.max(1, minChunk / itemBytes);
    }
    long free = minChunk - open.dataSize();
    return free < itemBytes ? 0 : itemBytes == 0 ? Long.MAX_VALUE : free / itemBytes;
  }

  private void registerChunk(long id) {
    if (!VersionGraph.FIRST_COMMIT_ID.equals(head) && chunkSet.add(ChunkIdEncoder.nameOf(id))) {
      chunkSetDirty = true;
    }
  }

  /**
   * Appends one flat item: its shape, its stored bytes (already compressed for sample-compressed
   * tensors), and the size Python's chunk policy compares (stored size).
   */
  void appendItem(long[] shape, byte[] stored) {
    appendItem(shape, stored, shape);
  }

  /**
   * Appends one flat item whose tensor_meta shape interval contribution {@code metaShape} differs
   * from its chunk shape (link tensors: the linked file's shape, or null when not verified).
   */
  void appendItem(long[] shape, byte[] stored, long[] metaShape) {
    if (metaShape != null) {
      checkNdim(metaShape);
    }
    if (!openExamined) {
      examineLastChunk(shape.length);
    }
    long minChunk = maxChunkSize() / 2;
    if (open != null && open.ndim() >= 0 && open.ndim() != shape.length) {
      closeOpenChunk();
    }
    if (open != null
        && open.numSamples() > 0
        && (long) open.dataSize() + stored.length > minChunk) {
      closeOpenChunk();
    }
    long index = length();
    if (open == null) {
      open = newChunk(shape.length, stored.length, false);
      openId = newChunkId();
      addRow(openId, index);
    } else {
      lasts[rows - 1] = index;
    }
    open.add(shape, stored, 0, stored.length);
    openDirty = true;
    encoderDirty = true;
    grow(metaShape);
  }

  /**
   * Appends {@code count} items of one shape whose stored bytes lie back to back in {@code src}
   * ({@code itemBytes} each, uncompressed): the chunk policy of {@link #appendItem} applied item by
   * item, with tensor_meta and commit_diff updated once for the whole run.
   */
  void appendItems(long[] shape, byte[] src, int itemBytes, int count) {
    appendItems(shape, java.nio.ByteBuffer.wrap(src), itemBytes, count);
  }

  /**
   * {@link #appendItems(long[], byte[], int, int)} reading the items from {@code src}'s position
   * (advanced past them): each run of items that fits the open chunk is one copy.
   */
  void appendItems(long[] shape, java.nio.ByteBuffer src, int itemBytes, int count) {
    appendRun(shape, itemBytes, count, (chunk, n) -> chunk.addRun(shape, src, itemBytes, n));
  }

  /** {@code count} items of one shape whose stored bytes are all {@code one}. */
  void appendRepeated(long[] shape, byte[] one, int count) {
    appendRun(shape, one.length, count, (chunk, n) -> chunk.addRepeated(shape, one, n));
  }

  /** {@code count} items of shape [1], each a fresh sample id (the id companion's rows). */
  void appendSampleIds(int count) {
    appendRun(
        new long[] {1},
        8,
        count,
        (chunk, n) -> chunk.addRun(new long[] {1}, 8, n, SampleIds::fill));
  }

  private interface RunFiller {
    void fill(ChunkBuilder chunk, int n);
  }

  private void appendRun(long[] shape, int itemBytes, int count, RunFiller filler) {
    if (count == 0) {
      return;
    }
    checkNdim(shape);
    if (!openExamined) {
      examineLastChunk(shape.length);
    }
    if (open != null && open.ndim() != shape.length) {
      closeOpenChunk();
    }
    long index = length();
    int done = 0;
    while (done < count) {
      if (open != null && room(itemBytes) == 0) {
        bulkChunksFilled++;
        closeOpenChunk();
      }
      if (open == null) {
        long full = Math.max(1, maxChunkSize() / 2 / Math.max(1, itemBytes));
        open = newChunk(shape.length, itemBytes, bulkChunksFilled > 0 || count - done >= full);
        openId = newChunkId();
        addRow(openId, index + done);
      }
      int n = (int) Math.min(count - done, room(itemBytes));
      filler.fill(open, n);
      done += n;
      lasts[rows - 1] = index + done - 1;
      openDirty = true;
    }
    encoderDirty = true;
    grow(shape, count);
  }

  /**
   * Appends {@code count} items of one shape with stored bytes of varying size, {@code items[0,
   * count)}: the chunk policy of {@link #appendItem} applied item by item, tensor_meta and
   * commit_diff updated once.
   */
  void appendVarItems(long[] shape, byte[][] items, int count) {
    if (count == 0) {
      return;
    }
    checkNdim(shape);
    if (!openExamined) {
      examineLastChunk(shape.length);
    }
    if (open != null && open.ndim() >= 0 && open.ndim() != shape.length) {
      closeOpenChunk();
    }
    long minChunk = maxChunkSize() / 2;
    long index = length();
    int done = 0;
    while (done < count) {
      if (open != null
          && open.numSamples() > 0
          && (long) open.dataSize() + items[done].length > minChunk) {
        bulkChunksFilled++;
        closeOpenChunk();
      }
      if (open == null) {
        open =
            bulkChunksFilled > 0 && chunkCompression() == null && minChunk < Integer.MAX_VALUE / 2
                ? ChunkBuilder.presized(shape.length, (int) minChunk, true)
                : new ChunkBuilder(shape.length);
        openId = newChunkId();
        addRow(openId, index + done);
      }
      // The items that fit: the first always (an empty chunk takes any item), then while the
      // data stays within minChunk.
      long size = open.dataSize();
      int end = done;
      if (open.numSamples() == 0) {
        size += items[end++].length;
      }
      while (end < count && size + items[end].length <= minChunk) {
        size += items[end++].length;
      }
      open.addAll(shape, items, done, end - done, (int) (size - open.dataSize()));
      done = end;
      lasts[rows - 1] = index + done - 1;
      openDirty = true;
    }
    encoderDirty = true;
    grow(shape, count);
  }

  /** Appends one tiled item: each tile in its own chunk, rows repeating the item index. */
  void appendTiled(
      long[] shape, long[] tileShape, List<byte[]> tileBytes, List<long[]> tileShapes) {
    checkNdim(shape);
    closeOpenChunk();
    openExamined = true;
    long index = length();
    for (int i = 0; i < tileBytes.size(); i++) {
      long id = newChunkId();
      pendingChunks.put(chunkKey(id), ChunkBuilder.tileChunk(tileShapes.get(i), tileBytes.get(i)));
      registerChunk(id);
      addRow(id, index);
    }
    tiles.put(index, new TileEncoder.Entry(shape.clone(), tileShape.clone()));
    tilesDirty = true;
    encoderDirty = true;
    grow(shape);
  }

  private void checkNdim(long[] shape) {
    int nd = ndim();
    if (nd >= 0 && nd != shape.length && length() > 0) {
      throw new DeepLakeException(
          "tensor '"
              + meta.name()
              + "': sample of shape "
              + Arrays.toString(shape)
              + " has "
              + shape.length
              + " dimensions, the tensor's samples have "
              + nd);
    }
  }

  private void grow(long[] shape) {
    grow(shape, 1);
  }

  /** Records {@code count} appended items of {@code shape} (null: no shape) in the metas. */
  private void grow(long[] shape, long count) {
    long n = length();
    diff(); // before the length changes: a version's diff starts at the length it had (Python)
    sessionChanged = true;
    dropVdbIndexes();
    if (shape == null) {
      meta.setLength(n + count);
      metaDirty = true;
      diffAppended(n + count);
      return;
    }
    widenSession(shape, shape);
    long[] min = new long[shape.length];
    long[] max = new long[shape.length];
    long[] oldMin = meta.minShape();
    long[] oldMax = meta.maxShape();
    for (int d = 0; d < shape.length; d++) {
      if (n == 0 || oldMin.length != shape.length) {
        // Earlier samples of unknown shape were empty: they count as zeros, as in Python.
        min[d] = n == 0 ? shape[d] : 0;
        max[d] = shape[d];
      } else {
        min[d] = Math.min(oldMin[d], shape[d]);
        max[d] = Math.max(oldMax[d], shape[d]);
      }
    }
    if (!Arrays.equals(min, oldMin) || !Arrays.equals(max, oldMax)) {
      meta.setShapes(min, max); // fixed-shape samples: only the first changes the interval
    }
    meta.setLength(n + count);
    metaDirty = true;
    diffAppended(n + count);
  }

  /**
   * Widens the shape interval of the items appended in this session by [{@code min}, {@code max}].
   */
  private void widenSession(long[] min, long[] max) {
    if (sessionMin == null || sessionMin.length != min.length) {
      sessionMin = min.clone();
      sessionMax = max.clone();
    } else {
      for (int d = 0; d < min.length; d++) {
        sessionMin[d] = Math.min(sessionMin[d], min[d]);
        sessionMax[d] = Math.max(sessionMax[d], max[d]);
      }
    }
  }

  /** Records a finished sequence of {@code items} flat items. */
  void endSequence(long firstItem, long items) {
    sequences.appendSized(items, firstItem);
    sessionSequences.add(new long[] {items, firstItem});
    sessionChanged = true;
    seqDirty = true;
  }

  /** Records the creds index of the next link item. */
  void appendCreds(long credsIndex) {
    creds.append(credsIndex);
    sessionCreds.add(credsIndex);
    sessionChanged = true;
    credsDirty = true;
  }

  // ------------------------------------------------------------------ update and pop

  private record Located(int row, long local) {}

  private Located locate(long item) {
    if (item < 0 || item >= length()) {
      throw new IndexOutOfBoundsException(
          "item " + item + " of tensor '" + meta.name() + "' (" + length() + " items)");
    }
    int lo = 0;
    int hi = rows - 1;
    int found = -1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      if (lasts[mid] >= item) {
        found = mid;
        hi = mid - 1;
      } else {
        lo = mid + 1;
      }
    }
    long first = found == 0 ? 0 : lasts[found - 1] + 1;
    return new Located(found, item - first);
  }

  private boolean isTiled(long item) {
    return tiles.containsKey(item);
  }

  private void refuseUnsupportedRewrite(long item, String op) {
    String cc = chunkCompression();
    if (isTiled(item)) {
      throw new DeepLakeException(
          "tensor '" + meta.name() + "': cannot " + op + " tiled item " + item);
    }
    if (cc != null && !Codecs.isByteCodec(cc)) {
      throw new DeepLakeException(
          "tensor '"
              + meta.name()
              + "' is chunk-compressed as "
              + cc
              + " images: "
              + op
              + " is not supported");
    }
  }

  /** The current bytes of chunk {@code id}: staged, open, or stored (resolved through history). */
  private Chunk currentChunk(long id) {
    String own = chunkKey(id);
    byte[] b;
    if (open != null && openId == id) {
      b = open.toBytes(null);
      return Chunk.parse(b, own);
    }
    if (pendingChunks.containsKey(own)) {
      b = pendingChunks.get(own);
    } else {
      String k = new ChunkLocator(storage, chain, key).keyOf(ChunkIdEncoder.nameOf(id));
      b = storage.get(k);
      own = k;
    }
    Chunk c = Chunk.parse(b, own);
    if (Codecs.isByteCodec(chunkCompression())) {
      byte[] d = Lz4.decompress(c.buffer(), c.dataStart(), c.dataLength(), own);
      return Chunk.parse(new ChunkBuilderView(c, d).toBytes(), own);
    }
    return c;
  }

  /** Re-serializes a chunk's headers over decompressed data (to treat lz4 chunks as raw). */
  private record ChunkBuilderView(Chunk c, byte[] data) {
    byte[] toBytes() {
      byte[] head = Arrays.copyOf(c.buffer(), c.dataStart());
      byte[] out = Arrays.copyOf(head, head.length + data.length);
      System.arraycopy(data, 0, out, head.length, data.length);
      return out;
    }
  }

  private void stageRewrite(long id, ChunkBuilder rebuilt) {
    if (open != null && openId == id) {
      open = rebuilt;
      openDirty = true;
      return;
    }
    pendingChunks.put(chunkKey(id), rebuilt.toBytes(chunkCompression()));
    registerChunk(id);
  }

  /** Replaces item {@code item} with an encoded sample (copy-on-write of its chunk). */
  void updateItem(long item, long[] shape, byte[] stored) {
    refuseUnsupportedRewrite(item, "update");
    checkNdim(shape);
    Located l = locate(item);
    long id = ids[l.row];
    Chunk c = currentChunk(id);
    int nd = shape.length;
    ChunkBuilder rebuilt =
        ChunkBuilder.rebuild(
            c, nd, c.buffer(), c.dataStart(), c.dataLength(), l.local, shape, stored);
    stageRewrite(id, rebuilt);
    widen(shape);
    dropVdbIndexes();
    appendOnly = false;
    diffOp(d -> d.updatedIndex(item));
  }

  private void widen(long[] shape) {
    long[] min = new long[shape.length];
    long[] max = new long[shape.length];
    long[] oldMin = meta.minShape();
    long[] oldMax = meta.maxShape();
    for (int d = 0; d < shape.length; d++) {
      min[d] = Math.min(oldMin[d], shape[d]);
      max[d] = Math.max(oldMax[d], shape[d]);
    }
    meta.setShapes(min, max);
    metaDirty = true;
  }

  /** Removes item {@code item}; later items shift down by one. */
  void popItem(long item, Long sampleId) {
    refuseUnsupportedRewrite(item, "pop");
    Located l = locate(item);
    long id = ids[l.row];
    Chunk c = currentChunk(id);
    long remaining = c.numSamples() - 1;
    if (remaining <= 0) {
      if (open != null && openId == id) {
        open = null;
        openDirty = false;
      }
      pendingChunks.remove(chunkKey(id));
      System.arraycopy(ids, l.row + 1, ids, l.row, rows - l.row - 1);
      System.arraycopy(lasts, l.row + 1, lasts, l.row, rows - l.row - 1);
      rows--;
      for (int r = l.row; r < rows; r++) {
        lasts[r]--;
      }
      if (ownedByHead(ChunkIdEncoder.nameOf(id))) {
        deletedChunks.add(chunkKey(id));
      }
    } else {
      int nd = c.shapes().cols() - 1;
      ChunkBuilder rebuilt =
          ChunkBuilder.rebuild(
              c, nd, c.buffer(), c.dataStart(), c.dataLength(), l.local, null, null);
      stageRewrite(id, rebuilt);
      for (int r = l.row; r < rows; r++) {
        lasts[r]--;
      }
    }
    LinkedHashMap<Long, TileEncoder.Entry> shifted = new LinkedHashMap<>();
    for (Map.Entry<Long, TileEncoder.Entry> e : tiles.entrySet()) {
      shifted.put(e.getKey() > item ? e.getKey() - 1 : e.getKey(), e.getValue());
    }
    if (!tiles.isEmpty()) {
      tiles.clear();
      tiles.putAll(shifted);
      tilesDirty = true;
    }
    encoderDirty = true;
    diff(); // before the length changes, as in grow
    meta.setLength(length() - 1);
    metaDirty = true;
    dropVdbIndexes();
    appendOnly = false;
    diffOp(d -> d.popped(item, sampleId));
    if (length() == 0) {
      openExamined = true;
    }
  }

  /**
   * Rewrites this tensor's chunks at this HEAD with Python's fill policy (fill to half of
   * max_chunk_size), e.g. after many updates and pops left small or uneven chunks. Samples and
   * their order are unchanged; tiled samples keep their tile chunks; chunks owned by this HEAD that
   * are no longer referenced are deleted after the new encoder is written.
   */
  void rechunk() {
    String cc = chunkCompression();
    if (cc != null && !Codecs.isByteCodec(cc)) {
      throw new DeepLakeException(
          "tensor '"
              + meta.name()
              + "' is chunk-compressed as "
              + cc
              + " images: rechunk is not supported");
    }
    closeOpenChunk();
    long[] oldIds = Arrays.copyOf(ids, rows);
    long[] oldLasts = Arrays.copyOf(lasts, rows);
    int oldRows = rows;
    rows = 0;
    long minChunk = maxChunkSize() / 2;
    ChunkBuilder cur = null;
    long curId = 0;
    long item = 0;
    for (int r = 0; r < oldRows; r++) {
      if (tiles.containsKey(oldLasts[r])) {
        // A tile chunk: tiled samples keep their chunks (each holds one tile).
        if (cur != null) {
          pendingChunks.put(chunkKey(curId), cur.toBytes(cc));
          registerChunk(curId);
          cur = null;
        }
        addRow(oldIds[r], oldLasts[r]);
        item = oldLasts[r] + 1;
        continue;
      }
      Chunk c = currentChunk(oldIds[r]);
      int nd = c.shapes().cols() - 1;
      for (long i = 0; i < c.numSamples(); i++) {
        long[] shape = c.shapeOf(i, Math.max(nd, 0));
        long[] range =
            c.bytePositions().rows() > 0 ? c.byteRangeOf(i, c.dataLength()) : new long[] {0, 0};
        int len = (int) (range[1] - range[0]);
        if (cur != null
            && (cur.numSamples() > 0 && (long) cur.dataSize() + len > minChunk
                || cur.ndim() >= 0 && cur.ndim() != shape.length)) {
          pendingChunks.put(chunkKey(curId), cur.toBytes(cc));
          registerChunk(curId);
          cur = null;
        }
        if (cur == null) {
          cur = new ChunkBuilder(shape.length);
          curId = newChunkId();
          addRow(curId, item);
        }
        cur.add(shape, c.buffer(), c.dataStart() + (int) range[0], len);
        lasts[rows - 1] = item;
        item++;
      }
    }
    if (cur != null) {
      pendingChunks.put(chunkKey(curId), cur.toBytes(cc));
      registerChunk(curId);
    }
    java.util.Set<Long> kept = new java.util.HashSet<>();
    for (int r = 0; r < rows; r++) {
      kept.add(ids[r]);
    }
    for (long id : oldIds) {
      if (!kept.contains(id) && ownedByHead(ChunkIdEncoder.nameOf(id))) {
        deletedChunks.add(chunkKey(id));
      }
    }
    openExamined = false;
    encoderDirty = true;
  }

  /**
   * Drops the tensor's vector indexes ({@link VdbIndexes}): this engine does not maintain them, so
   * every append, update or pop makes them stale. The meta written next lists none; their files in
   * this HEAD's folder go at {@link #flushDeletes} (those of other nodes stay: their metas still
   * describe their data).
   */
  private void dropVdbIndexes() {
    List<String> ids = meta.dropVdbIndexes();
    if (!ids.isEmpty()) {
      droppedVdbIndexes.addAll(ids);
      metaDirty = true;
    }
  }

  /** Ids of the vector indexes dropped since the last flush (their files go at step 4). */
  private final Set<String> droppedVdbIndexes = new LinkedHashSet<>();

  /** Chunk files of this HEAD made empty by pops; deleted after the encoders are written. */
  private final Set<String> deletedChunks = new LinkedHashSet<>();

  /**
   * Deletes chunk files emptied by pops, and this HEAD's files of the vector indexes its writes
   * dropped (as Python's {@code delete_vdb_index} does). Step 4 of a flush (after metas stop naming
   * them).
   */
  void flushDeletes() {
    if (!droppedVdbIndexes.isEmpty()) {
      String folder = VersionKeys.at(head, Layout.vdbIndexes(key));
      for (String k : storage.list(folder)) {
        String name = k.substring(folder.length());
        if (!name.contains("/") && VdbIndexes.isFileOf(name, droppedVdbIndexes)) {
          storage.delete(k);
        }
      }
      droppedVdbIndexes.clear();
    }
    for (String k : deletedChunks) {
      storage.delete(k);
      String name = k.substring(k.lastIndexOf('/') + 1);
      if (chunkSet.remove(name)) {
        chunkSetDirty = true;
      }
    }
    deletedChunks.clear();
    if (chunkSetDirty) {
      storage.put(
          VersionKeys.at(head, Layout.chunkSet(key)),
          String.join(",", chunkSet).getBytes(StandardCharsets.UTF_8));
      chunkSetDirty = false;
    }
  }

  /** The uint64 id stored at {@code item} of this (id companion) tensor. */
  long readId(long item) {
    Located l = locate(item);
    Chunk c = currentChunk(ids[l.row]);
    long[] r = c.byteRangeOf(l.local, c.dataLength());
    return org.deeplake4j.engine.internal.format.Bits.getLongLE(
        c.buffer(), c.dataStart() + (int) r[0]);
  }

  /** Random uint64 sample id, as Python draws them (see {@link SampleIds}). */
  static long newSampleId() {
    return SampleIds.next();
  }

  /** Writes staged chunks. Step 1 of a flush. */
  void flushChunks() {
    if (open != null && openDirty) {
      pendingChunks.put(chunkKey(openId), open.toBytes(chunkCompression()));
      registerChunk(openId);
      openDirty = false;
    }
    for (Map.Entry<String, byte[]> e : pendingChunks.entrySet()) {
      storage.putOwned(e.getKey(), e.getValue()); // staged arrays are this writer's own
    }
    pendingChunks.clear();
  }

  /**
   * Writes the full chunks staged so far, not the open one, and forgets their bytes (a fragment
   * writer's memory bound: FragmentSink). Only for a node nobody reads: the chunks are unreferenced
   * until the encoders are written. A failed write leaves every chunk staged for the next flush.
   */
  void writeFullChunks() {
    var it = pendingChunks.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, byte[]> e = it.next();
      storage.putOwned(e.getKey(), e.getValue()); // released: no other reference is kept
      it.remove();
    }
  }

  /** Storage keys of chunks staged for the next flush (so readers can drop cached copies). */
  Set<String> stagedChunkKeys() {
    Set<String> out = new LinkedHashSet<>(pendingChunks.keySet());
    if (open != null && openDirty) {
      out.add(chunkKey(openId));
    }
    return out;
  }

  /** Writes encoders, chunk_set and commit_diff. Step 2 of a flush. */
  void flushEncoders() {
    if (encoderDirty) {
      storage.put(
          VersionKeys.at(head, Layout.chunksIndex(key)), EncoderBytes.chunkIds(ids, lasts, rows));
      encoderDirty = false;
    }
    if (tilesDirty) {
      storage.put(VersionKeys.at(head, Layout.tilesIndex(key)), EncoderBytes.tiles(tiles));
      tilesDirty = false;
    }
    if (seqDirty) {
      storage.put(
          VersionKeys.at(head, Layout.sequenceIndex(key)), EncoderBytes.table(sequences.cells()));
      seqDirty = false;
    }
    if (credsDirty) {
      storage.put(VersionKeys.at(head, Layout.credsIndex(key)), EncoderBytes.table(creds.cells()));
      credsDirty = false;
    }
    if (chunkSetDirty) {
      storage.put(
          VersionKeys.at(head, Layout.chunkSet(key)),
          String.join(",", chunkSet).getBytes(StandardCharsets.UTF_8));
      chunkSetDirty = false;
    }
    if (diffDirty && diff != null) {
      storage.put(VersionKeys.at(head, Layout.commitDiff(key)), diff.toBytes());
      diffDirty = false;
    }
  }

  /** Writes tensor_info.json and tensor_meta.json. Step 3 of a flush. */
  void flushMeta() {
    if (deleteInfo) {
      storage.delete(VersionKeys.at(head, Layout.tensorInfo(key)));
      deleteInfo = false;
    }
    if (infoDirty && info != null) {
      storage.put(
          VersionKeys.at(head, Layout.tensorInfo(key)),
          org.deeplake4j.engine.internal.format.MetaJson.bytes(info));
      infoDirty = false;
    }
    if (metaDirty) {
      storage.put(VersionKeys.at(head, Layout.tensorMeta(key)), meta.toBytes());
      metaDirty = false;
    }
  }

  boolean isDirty() {
    return metaDirty
        || infoDirty
        || encoderDirty
        || tilesDirty
        || seqDirty
        || credsDirty
        || chunkSetDirty
        || diffDirty
        || openDirty
        || !pendingChunks.isEmpty()
        || !deletedChunks.isEmpty();
  }

  // ------------------------------------------------------------------ torn root flush (L4)

  /**
   * Whether the last chunk, stored in this HEAD's folder, holds more samples than the chunk-id
   * encoder gives it: the tail of an in-place flush that died before its encoder. Stages the chunk
   * without that tail (so that appends continue at the right local index) and returns true.
   */
  boolean trimTornTail() {
    if (rows == 0) {
      return false;
    }
    long id = ids[rows - 1];
    boolean tileRow =
        (rows > 1 && lasts[rows - 2] == lasts[rows - 1]) || tiles.containsKey(lasts[rows - 1]);
    String cc = chunkCompression();
    if (tileRow
        || (cc != null && !Codecs.isByteCodec(cc))
        || !ownedByHead(ChunkIdEncoder.nameOf(id))) {
      return false;
    }
    Chunk c = currentChunk(id);
    long assigned = lasts[rows - 1] - (rows > 1 ? lasts[rows - 2] : -1);
    if (c.numSamples() <= assigned) {
      return false;
    }
    ChunkBuilder b =
        ChunkBuilder.of(
            c, c.shapes().cols() - 1, c.buffer(), c.dataStart(), c.dataLength(), assigned);
    pendingChunks.put(chunkKey(id), b.toBytes(cc));
    return true;
  }

  // ------------------------------------------------------------- commit protocol rebase (R6, R7)

  /** Whether this writer changed anything since it was loaded or created. */
  boolean sessionChanged() {
    return sessionChanged;
  }

  /** Whether the tensor was created by this writer. */
  boolean createdInSession() {
    return createdInSession;
  }

  /** Whether every change since loading was an append (items, sequences, creds, htype fill). */
  boolean appendOnly() {
    return appendOnly;
  }

  /** The chain of the node this writer writes, nearest first (it changes with a rebase). */
  void setChain(List<String> newChain) {
    this.chain = newChain;
  }

  /** {@code chunk_set} entries of node {@code nodeId} as another node lists them (S1). */
  static List<String> entriesAsSeenFrom(Set<String> entries, String nodeId) {
    List<String> out = new ArrayList<>();
    for (String e : entries) {
      out.add(e.contains(":") ? e : e + ":" + nodeId);
    }
    return out;
  }

  private static String entryName(String e) {
    int c = e.indexOf(':');
    return c < 0 ? e : e.substring(0, c);
  }

  /**
   * The items this writer appended since it was loaded, detached from this state (R6, fragments):
   * chunk-id rows, tiles, sequences and creds relative to the first appended item, the chunks'
   * {@code chunk_set} entries (a chunk this writer lists with a location keeps it; others are named
   * {@code name:location}, or plainly when {@code location} is null: stored in the adopting node's
   * own folder), and the shape interval of the appended items.
   */
  AppendedPart appendedPart(String location, long bytes) {
    int ownRows = rows - baseRows;
    long[] ownIds = Arrays.copyOfRange(ids, baseRows, rows);
    long[] ownLasts = new long[ownRows];
    for (int r = 0; r < ownRows; r++) {
      ownLasts[r] = lasts[baseRows + r] - baseLength;
    }
    Map<String, String> listed = new LinkedHashMap<>();
    for (String e : chunkSet) {
      listed.put(entryName(e), e);
    }
    List<String> entries = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (long id : ownIds) {
      String name = ChunkIdEncoder.nameOf(id);
      if (seen.add(name)) {
        String e = listed.get(name);
        entries.add(
            e != null && e.contains(":") ? e : location == null ? name : name + ":" + location);
      }
    }
    Map<Long, long[][]> ownTiles = new LinkedHashMap<>();
    for (Map.Entry<Long, TileEncoder.Entry> e : tiles.entrySet()) {
      if (e.getKey() >= baseLength) {
        ownTiles.put(
            e.getKey() - baseLength,
            new long[][] {e.getValue().sampleShape(), e.getValue().tileShape()});
      }
    }
    List<long[]> seqs = new ArrayList<>();
    for (long[] seq : sessionSequences) {
      seqs.add(new long[] {seq[0], seq[1] - baseLength});
    }
    Map<String, String> kind = new LinkedHashMap<>();
    for (String f : AppendedPart.KIND_FIELDS) {
      String v = meta.fieldText(f);
      if (v != null) {
        kind.put(f, v);
      }
    }
    return new AppendedPart(
        key,
        length() - baseLength,
        ownIds,
        ownLasts,
        List.copyOf(entries),
        ownTiles,
        seqs,
        List.copyOf(sessionCreds),
        sessionMin == null ? null : sessionMin.clone(),
        sessionMax == null ? null : sessionMax.clone(),
        kind,
        bytes,
        classNames());
  }

  /** A class_label tensor's class names (null for other htypes, or without names). */
  private List<String> classNames() {
    if (!"class_label".equals(meta.htype()) || info == null || !info.has("class_names")) {
      return null;
    }
    List<String> out = new ArrayList<>();
    info.get("class_names").forEach(n -> out.add(n.asText()));
    return List.copyOf(out);
  }

  /**
   * R6: re-homes the items this writer appended after the tail of {@code tip} (the same tensor at
   * the branch's new HEAD {@code tipId}): this writer takes the tip's state and adopts its own
   * appended part again ({@link #adopt}). Throws {@link
   * org.deeplake4j.engine.errors.CommitConflictException} when the tip changed the tensor's kind.
   */
  void rebaseAppends(TensorWriter tip, String tipId, String branch) {
    AppendedPart own = appendedPart(null, 0);
    checkAdoptable(own, tip.meta, tip.length(), branch, tipId);
    ids = Arrays.copyOf(tip.ids, Math.max(16, tip.rows + own.chunkIds().length));
    lasts = Arrays.copyOf(tip.lasts, ids.length);
    rows = tip.rows;
    tiles.clear();
    tiles.putAll(tip.tiles);
    sequences = RunTableBuilder.of(tip.sequences.build(), 2);
    creds = RunTableBuilder.of(tip.creds.build(), 1);
    meta.replaceWith(tip.meta.copy());
    diff = tip.diff;
    chunkSet.clear();
    chunkSet.addAll(entriesAsSeenFrom(tip.chunkSet, tipId));
    info = tip.info;
    deleteInfo = info == null;
    baseRows = tip.rows;
    baseLength = tip.length();
    sessionSequences.clear();
    sessionCreds.clear();
    sessionMin = null;
    sessionMax = null;
    adopt(own, branch, tipId);
  }

  /**
   * Appends {@code part} after this state's tail, as if its items had been appended here: chunk-id
   * rows with shifted {@code last} (the same chunks, never read or rewritten), tile, sequence and
   * creds entries shifted, length summed, shape interval widened, commit_diff extended by the
   * appended range, the part's chunk_set entries listed. The part's fields that decide how its
   * chunks are read must match this tensor's (else {@link
   * org.deeplake4j.engine.errors.CommitConflictException}); fields this tensor has not fixed yet
   * (an untyped tensor's dtype) are taken from the part. The items count as appended by this
   * writer, so a later rebase (R6) carries them.
   */
  void adopt(AppendedPart part, String branch, String headId) {
    checkAdoptable(part, meta, length(), branch, headId);
    if (part.items() == 0
        && part.chunkIds().length == 0
        && part.sequences().isEmpty()
        && part.creds().isEmpty()) {
      return;
    }
    adoptClassNames(part, branch, headId);
    long delta = length();
    diff(); // a version's diff starts at the length it had before its first change (Python)
    for (int r = 0; r < part.chunkIds().length; r++) {
      addRow(part.chunkIds()[r], part.lastItems()[r] + delta);
    }
    for (Map.Entry<Long, long[][]> e : part.tiles().entrySet()) {
      tiles.put(e.getKey() + delta, new TileEncoder.Entry(e.getValue()[0], e.getValue()[1]));
    }
    if (isSequence()) {
      for (long[] seq : part.sequences()) {
        sequences.appendSized(seq[0], seq[1] + delta);
        sessionSequences.add(new long[] {seq[0], seq[1] + delta});
      }
    }
    if (isLink()) {
      for (long c : part.creds()) {
        creds.append(c);
        sessionCreds.add(c);
      }
    }
    for (String f : List.of("htype", "dtype", "typestr")) {
      String theirs = part.kind().get(f);
      if (meta.fieldText(f) == null && theirs != null) {
        switch (f) {
          case "htype" -> meta.setHtype(theirs);
          case "dtype" -> meta.setDtype(theirs);
          default -> meta.setTypestr(theirs);
        }
      }
    }
    long newLength = delta + part.items();
    long[] pmin = part.minShape();
    if (part.items() > 0 && pmin != null) {
      long[] pmax = part.maxShape();
      long[] min = new long[pmin.length];
      long[] max = new long[pmin.length];
      long[] tmin = meta.minShape();
      long[] tmax = meta.maxShape();
      boolean combine = delta > 0 && tmin != null && tmin.length == pmin.length;
      for (int d = 0; d < pmin.length; d++) {
        min[d] = combine ? Math.min(tmin[d], pmin[d]) : pmin[d];
        max[d] = combine ? Math.max(tmax[d], pmax[d]) : pmax[d];
      }
      meta.setShapes(min, max);
      widenSession(pmin, pmax);
    }
    meta.setLength(newLength);
    dropVdbIndexes(); // an index elsewhere misses the adopted items (commit-protocol S5)
    if (part.items() > 0) {
      diffAppended(newLength);
    }
    Set<String> names = new LinkedHashSet<>(part.chunkNames());
    chunkSet.removeIf(e -> names.contains(entryName(e)));
    chunkSet.addAll(part.chunkEntries());
    sessionChanged = true;
    markAllDirty();
  }

  /**
   * The part's label indices refer to its class names: they must extend this tensor's names (the
   * names both know at the same positions); names the part added are appended here.
   */
  private void adoptClassNames(AppendedPart part, String branch, String at) {
    List<String> theirs = part.classNames();
    if (theirs == null) {
      return;
    }
    List<String> ours = classNames();
    List<String> merged = new ArrayList<>(ours == null ? List.of() : ours);
    for (int i = 0; i < theirs.size(); i++) {
      if (i >= merged.size()) {
        merged.add(theirs.get(i));
      } else if (!merged.get(i).equals(theirs.get(i))) {
        throw conflict(
            branch,
            at,
            "class "
                + i
                + " is '"
                + merged.get(i)
                + "' there but '"
                + theirs.get(i)
                + "' in these rows (writers added different new class names; declare every class"
                + " name when creating the tensor)");
      }
    }
    if (ours == null || merged.size() > ours.size()) {
      ObjectNode ni =
          info == null
              ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
              : info.deepCopy();
      com.fasterxml.jackson.databind.node.ArrayNode a = ni.putArray("class_names");
      merged.forEach(a::add);
      setInfo(ni);
    }
  }

  private void checkAdoptable(
      AppendedPart part, TensorMetaBuilder target, long targetLength, String branch, String at) {
    for (String f : AppendedPart.KIND_FIELDS) {
      if (f.equals("typestr")) {
        continue;
      }
      String ours = part.kind().get(f);
      String theirs = target.fieldText(f);
      if (ours != null && theirs != null && !ours.equals(theirs)) {
        throw conflict(branch, at, f + " is " + theirs + " there (these rows have " + ours + ")");
      }
    }
    long[] pmin = part.minShape();
    if (part.items() > 0 && pmin != null && targetLength > 0) {
      long[] tmax = target.maxShape();
      if (tmax != null && tmax.length > 0 && tmax.length != pmin.length) {
        throw conflict(
            branch,
            at,
            "its samples have " + tmax.length + " dimensions there, these rows' " + pmin.length);
      }
    }
  }

  /**
   * Empties the tensor in this version (Python's {@code tensor.clear()}): no items, no chunk rows,
   * tiles, sequences or creds; the commit_diff records the clear. Earlier versions keep their
   * chunks.
   */
  void clearAll() {
    open = null;
    openDirty = false;
    openExamined = true;
    pendingChunks.clear();
    rows = 0;
    tiles.clear();
    sequences = new RunTableBuilder(2);
    creds = new RunTableBuilder(1);
    meta.setLength(0);
    meta.setShapes(new long[0], new long[0]);
    diffOp(CommitDiff::clear);
    dropVdbIndexes();
    chunkSet.clear();
    baseRows = 0;
    baseLength = 0;
    sessionSequences.clear();
    sessionCreds.clear();
    sessionMin = null;
    sessionMax = null;
    appendOnly = false;
    markAllDirty();
  }

  /**
   * R7: this writer's other changes stay (the caller checked that the tip did not touch the
   * tensor); its commit_diff records are replayed onto the tip's, and the tip's chunk_set entries
   * for names this writer does not list are added.
   */
  void rebaseReplay(TensorWriter tip, String tipId) {
    CommitDiff d = tip.diff != null ? tip.diff : CommitDiff.fresh(tip.length(), false);
    for (java.util.function.Consumer<CommitDiff> op : sessionDiffOps) {
      op.accept(d);
    }
    diff = d;
    Set<String> names = new LinkedHashSet<>();
    chunkSet.forEach(e -> names.add(entryName(e)));
    for (String e : entriesAsSeenFrom(tip.chunkSet, tipId)) {
      if (!names.contains(entryName(e))) {
        chunkSet.add(e);
      }
    }
    markAllDirty();
  }

  private org.deeplake4j.engine.errors.CommitConflictException conflict(
      String branch, String tipId, String why) {
    return new org.deeplake4j.engine.errors.CommitConflictException(
        "branch '"
            + branch
            + "' moved to "
            + tipId
            + " while this writer appended to tensor key '"
            + key
            + "', and the appends cannot be rebased: "
            + why);
  }

  private void markAllDirty() {
    metaDirty = true;
    infoDirty = info != null;
    encoderDirty = true;
    tilesDirty = true;
    seqDirty = isSequence();
    credsDirty = isLink();
    chunkSetDirty = !VersionGraph.FIRST_COMMIT_ID.equals(head);
    diffDirty = diff != null;
  }
}
